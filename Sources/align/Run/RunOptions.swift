import ArgumentParser
import Engine
import Foundation
import Recorder
import Replay
import Sandbox

/// The options that configure a run: `align run` and every cell of `align sweep`.
struct RunOptions: ParsableArguments {
    @Option(help: ArgumentHelp("HumanEval or MBPP tasks: JSON Lines (plain or .gz) or MBPP's JSON array.", valueName: "file"))
    var tasks: String
    @Option(help: ArgumentHelp("EvalPlus inputs for the same tasks (HumanEval+ or MBPP+ JSON Lines): each task is also scored under EvalPlus's criterion, beside its official tests.", valueName: "file"))
    var plus: String?
    @Option(help: "Run only the first N tasks.") var limit: Int?
    @Option(help: ArgumentHelp("Run only these task ids (comma-separated).", valueName: "ids")) var only: String?
    @Option(help: "openai, anthropic, openai-compatible (give --base-url), or log:FILE (a published log of outputs).")
    var provider: ProviderOption
    @Option(help: "The model id (default for log:FILE: log/<file name>).") var model: String?
    @Option(help: "The server's base URL (default: the provider's public API).") var baseURL: String?
    @Option(help: "The cache mode (default: $ALIGN_CACHE_MODE, else record).") var mode: CacheMode?
    @Option(help: "self-align (the loop), direct (one program, the baseline), codet (n programs × m test suites, dual execution agreement) or sample (n programs, pass@k).")
    var strategy: LoopConfiguration.Strategy = .selfAlign
    @Option(help: "The try budget (self-align); a format failure costs a try.") var tries: Int = 5
    @Option(help: "The fewest tests a suite may have, first and after every rewrite.") var minTests: Int = 5
    @Option(help: "Use exactly N generated tests: the model is asked for at least N, the suite (codet: the pool) cut to N.")
    var tests: Int?
    @Option(help: "Programs sampled per task (codet, sample).") var samples: Int = 5
    @Option(help: "Test suites sampled per task (codet).") var testSamples: Int = 5
    @Option(help: "on: a judge call blames code or tests for each failure first; off: regenerate both.")
    var judge: JudgeSwitch = .on
    @Option(help: "local (schema + Python parse) or model (also a second model's check).")
    var formatCheck: LoopConfiguration.FormatCheck = .local
    @Option(help: "The model of --format-check model (default: --model).") var formatModel: String?
    @Option(help: "Sampling temperature.") var temperature: Double = 0
    @Option(help: "The most tokens an answer may have.") var maxTokens: Int = 2048
    @Option(help: "Tasks at a time.") var jobs: Int = 1
    @Option(help: "Retries of a rate-limited, failed or unreachable call.") var retries: Int = 4
    @Option(help: "CPU seconds a test may use (own tests; the floor of the hidden tests' limit, derived from the reference).")
    var testTimeout: Double = 5
    @Option(help: ArgumentHelp("Prices overriding or extending the built-in table (native or LiteLLM format).", valueName: "file"))
    var prices: String?

    /// Checks the numbers and the provider's needs, with what to pass instead.
    func validated() throws -> RunOptions {
        guard tries >= 1, minTests >= 1, jobs >= 1, maxTokens >= 1, testTimeout > 0, samples >= 1, testSamples >= 1,
              (tests ?? 1) >= 1
        else {
            throw ValidationError(
                "--tries, --min-tests, --tests, --samples, --test-samples, --jobs, --max-tokens and --test-timeout must be positive")
        }
        if provider.kind == .openAICompatible && baseURL == nil {
            throw ValidationError("--provider openai-compatible needs --base-url")
        }
        if provider.kind != .log && model == nil {
            throw ValidationError("--model is required for provider \(provider.kind.rawValue)")
        }
        return self
    }

    /// The tasks selected by --tasks, --limit and --only.
    func selectedTasks() throws -> [CodingTask] {
        let selected = try TaskLoader.load(path: tasks, limit: limit,
                                           only: only?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? [])
        return try plus.map { try TaskLoader.attachingPlus(to: selected, from: $0) } ?? selected
    }

    /// The run configuration of these options over `selected`.
    func configuration(for selected: [CodingTask]) throws -> RunConfiguration {
        let modelName = model ?? provider.logPath.map(RunConfiguration.logModel) ?? ""
        let loop = LoopConfiguration(strategy: strategy, tries: tries, minTests: minTests, judge: judge == .on,
                                     formatCheck: formatCheck,
                                     settings: ModelSettings(model: modelName, temperature: temperature, maxTokens: maxTokens),
                                     limits: SandboxLimits(testTimeoutSeconds: testTimeout), tests: tests,
                                     samples: samples, testSamples: testSamples)
        var configuration = RunConfiguration(tasksPath: tasks, tasksDigest: try RunConfiguration.digest(ofFile: tasks),
                                             taskIDs: selected.map(\.id), provider: provider.kind, logPath: provider.logPath,
                                             baseURL: baseURL, loop: loop, formatModel: formatModel, jobs: jobs)
        if let plus { (configuration.plusPath, configuration.plusDigest) = (plus, try RunConfiguration.digest(ofFile: plus)) }
        return configuration
    }

    /// The cache mode: --mode, else $ALIGN_CACHE_MODE, else record.
    func cacheMode() throws -> CacheMode {
        try CacheMode.resolve(option: mode?.rawValue, environment: ProcessInfo.processInfo.environment)
    }
}
