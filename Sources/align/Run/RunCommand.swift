import ArgumentParser
import Engine
import Foundation
import Recorder
import Replay
import Synchronization

/// `align run`: the self-aligning loop over a task file, every call and execution through the cache, stored as a run.
struct RunCommand: AsyncAlignCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the self-aligning loop (or the direct baseline) over a task file and store the run.",
        discussion: """
            Every model call and sandbox execution goes through the cache: --mode replay runs offline from it and \
            fails on anything unrecorded. The run (configuration, events, results) is stored in the cache; see \
            `align runs`, `align show RUN` and `align replay RUN`. --provider log:FILE answers from a published log \
            of model outputs (AgentCoder's codes_and_tests files) instead of a model: run it with --judge off.
            """)

    @OptionGroup var file: CacheFileOption
    @Option(help: ArgumentHelp("HumanEval or MBPP tasks: JSON Lines (plain or .gz) or MBPP's JSON array.", valueName: "file"))
    var tasks: String
    @Option(help: ArgumentHelp("EvalPlus inputs for the same tasks (HumanEval+ or MBPP+ JSON Lines): each task is also scored under EvalPlus's criterion, beside its official tests.", valueName: "file"))
    var plus: String?
    @Option(help: "Run only the first N tasks.") var limit: Int?
    @Option(help: ArgumentHelp("Run only these task ids (comma-separated).", valueName: "ids")) var only: String?
    @Option(help: "openai, anthropic, openai-compatible (give --base-url), or log:FILE (a published log of outputs).")
    var provider: String
    @Option(help: "The model id (default for log:FILE: log/<file name>).") var model: String?
    @Option(help: "The server's base URL (default: the provider's public API).") var baseURL: String?
    @Option(help: "record, replay, refresh or off (default: $ALIGN_CACHE_MODE, else record).") var mode: String?
    @Option(help: "self-align or direct (one code generation, the baseline).") var strategy: String = "self-align"
    @Option(help: "The try budget; a format failure costs a try.") var tries: Int = 5
    @Option(help: "The fewest tests a suite may have, first and after every rewrite.") var minTests: Int = 5
    @Option(help: "on: a judge call blames code or tests for each failure first; off: regenerate both.")
    var judge: String = "on"
    @Option(help: "local (schema + Python parse) or model (also a second model's check).") var formatCheck: String = "local"
    @Option(help: "The model of --format-check model (default: --model).") var formatModel: String?
    @Option(help: "Sampling temperature.") var temperature: Double = 0
    @Option(help: "The most tokens an answer may have.") var maxTokens: Int = 2048
    @Option(help: "Tasks at a time.") var jobs: Int = 1
    @Option(help: "Retries of a rate-limited, failed or unreachable call.") var retries: Int = 4
    @Option(help: "CPU seconds a test may use (own tests; the floor of the hidden tests' limit, derived from the reference).")
    var testTimeout: Double = 5
    @Option(help: ArgumentHelp("Prices overriding or extending the built-in table (native or LiteLLM format).", valueName: "file"))
    var prices: String?
    @Flag(help: "Also list every task in the results table.") var showTasks = false
    @Flag(help: "Print the results as JSON (configuration, summary, tasks) instead of the table.") var json = false
    @Flag(help: "No progress bar.") var noProgress = false

    func execute() async throws {
        guard tries >= 1, minTests >= 1, jobs >= 1, maxTokens >= 1, testTimeout > 0 else {
            throw CacheError.invalidArgument("--tries, --min-tests, --jobs, --max-tokens and --test-timeout must be positive")
        }
        guard let strategy = LoopConfiguration.Strategy(rawValue: strategy) else {
            throw CacheError.invalidArgument("unknown --strategy '\(self.strategy)': use self-align or direct")
        }
        guard judge == "on" || judge == "off" else { throw CacheError.invalidArgument("--judge takes on or off") }
        guard let formatCheck = LoopConfiguration.FormatCheck(rawValue: formatCheck) else {
            throw CacheError.invalidArgument("unknown --format-check '\(self.formatCheck)': use local or model")
        }
        var providerName = provider
        var logPath: String?
        if provider.hasPrefix("log:") {
            providerName = "log"
            logPath = String(provider.dropFirst(4))
            guard !(logPath ?? "").isEmpty else { throw CacheError.invalidArgument("--provider log:FILE needs a file") }
        }
        let modelName = model ?? logPath.map { "log/" + Self.logName($0) }
        guard let modelName else { throw CacheError.invalidArgument("--model is required for provider \(provider)") }
        var selected = try TaskLoader.load(path: tasks, limit: limit,
                                           only: only?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? [])
        if let plus { selected = try TaskLoader.attachingPlus(to: selected, from: plus) }
        let limits = SandboxLimits(testTimeoutSeconds: testTimeout)
        let loop = LoopConfiguration(strategy: strategy, tries: tries, minTests: minTests, judge: judge == "on",
                                     formatCheck: formatCheck,
                                     settings: ModelSettings(model: modelName, temperature: temperature, maxTokens: maxTokens),
                                     limits: limits)
        var setup = RunSetup(tasksPath: tasks, tasksDigest: try RunSetup.digest(ofFile: tasks), taskIDs: selected.map(\.id),
                             provider: providerName, logPath: logPath, baseURL: baseURL, loop: loop,
                             formatModel: formatModel, jobs: jobs)
        if let plus { (setup.plusPath, setup.plusDigest) = (plus, try RunSetup.digest(ofFile: plus)) }
        let cacheMode = try CacheMode.resolve(option: mode, environment: ProcessInfo.processInfo.environment)
        let store: CacheStore? = cacheMode == .off ? nil
            : try CacheStore(path: try file.resolvedPath(), options: .init(createIfMissing: cacheMode != .replay))
        let table = try PriceTable.load(overrides: prices)
        let runner = try RunExecution(setup: setup, mode: cacheMode, store: store, retries: retries, reexecute: false,
                                      prices: table)
        let runID = Self.newRunID()
        try store?.recordRun(StoredRun(runID: runID, createdAt: Timestamp.string(from: Date()), status: "running",
                                       config: setup.json))
        printError("run \(runID) · \(selected.count) tasks · mode \(cacheMode.rawValue) · \(runner.protections)")
        let taskRuns: [TaskRun]
        do {
            taskRuns = try await runner.run(selected, runID: runID, store: store, progress: !noProgress && !json)
        } catch {
            // The run stays stored with what it finished, marked failed with the reason.
            try? store?.finishRun(runID, status: "failed", summary: ["error": .string("\(error)")])
            throw error
        }
        let summary = RunSummary(strategy: strategy.rawValue, results: taskRuns.map(\.result), budget: strategy == .selfAlign ? tries : 1)
        try store?.finishRun(runID, status: "finished", summary: summary.json)
        let costs = try store.map { try CostReport.run(runID, in: $0, table: table).total }
        if json {
            var output = ResultsReport.json(setup: setup, summary: summary, results: taskRuns.map(\.result))
            if case .object(var members) = output, let costs {
                members["cost"] = ResultsReport.costJSON(costs)
                output = .object(members)
            }
            print(output.canonicalString)
        } else {
            print(ResultsReport.text(setup: setup, summary: summary, results: taskRuns.map(\.result), showTasks: showTasks),
                  terminator: "")
            if let costs { print(ResultsReport.costLine(costs)) }
        }
        printError("stored as run \(runID)" + (store.map { " in \($0.path)" } ?? " (mode off: not stored)"))
    }

    static func logName(_ path: String) -> String {
        var name = (path as NSString).lastPathComponent
        for suffix in [".gz", ".json", ".jsonl"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
        return name
    }

    static func newRunID() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return "run-\(formatter.string(from: Date()))-\(String(UInt16.random(in: 0...UInt16.max), radix: 16))"
    }
}

/// A run's moving parts: client, executor and loop, wired from a `RunSetup` and a cache mode.
struct RunExecution {
    let experimentLoop: AlignmentLoop
    let protections: String
    let executor: RecordingExecutor
    let jobs: Int

    let prices: PriceTable

    init(setup: RunSetup, mode: CacheMode, store: CacheStore?, retries: Int, reexecute: Bool,
         prices: PriceTable = .builtIn) throws
    {
        self.prices = prices
        let model = setup.loop.settings.model
        let transport = try RecordingTransport(
            mode: mode, store: store,
            upstream: RunSetup.upstream(provider: setup.provider, logPath: setup.logPath, model: model, retries: retries),
            priceTableVersion: prices.version)
        let client = try RunSetup.client(provider: setup.provider, baseURL: setup.baseURL,
                                         model: model, transport: transport)
        let sandboxProtections = SandboxProtections.detected
        let sandbox = Sandbox(protections: sandboxProtections)
        executor = try RecordingExecutor(mode: mode, store: store, live: sandbox, reexecute: reexecute)
        protections = sandboxProtections.summary
        experimentLoop = AlignmentLoop(client: client, executor: executor, configuration: setup.loop,
                                       formatModel: setup.formatModel)
        jobs = setup.jobs
    }

    /// Runs the tasks, storing each task's events as it ends.
    func run(_ tasks: [CodingTask], runID: String?, store: CacheStore?, progress: Bool) async throws -> [TaskRun] {
        let bar = ProgressBar(enabled: progress)
        var sequence = 0
        let today = String(Timestamp.string(from: Date()).prefix(10))
        let spent = Mutex(Money.zero)
        let experiment = Experiment(loop: experimentLoop, tasks: tasks, jobs: jobs)
        return try await experiment.run(progress: { bar.update($0, spent: spent.withLock { $0 }) }) { taskRun in
            // Only the progress bar shows money while a run goes; the stored events are priced by `align costs`.
            if bar.enabled {
                for event in taskRun.events where event.kind == "model_call" && event.payload["source"] == "live" {
                    let usage = TokenUsage(json: event.payload["usage"] ?? .null)
                    let model = event.payload["model"]?.stringValue ?? ""
                    if let cost = prices.cost(of: usage, model: model, on: today).cost?.total {
                        spent.withLock { $0 = $0 + cost }
                    }
                }
            }
            guard let store, let runID else { return }
            let events = taskRun.runEvents(after: sequence)
            sequence += events.count
            try store.appendRunEvents(events, to: runID)
        }
    }
}
