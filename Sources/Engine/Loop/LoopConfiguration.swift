import Recorder
import Sandbox

/// How the loop runs: strategy, budgets, judge, format check, model settings and sandbox limits.
public struct LoopConfiguration: Sendable, Equatable {
    /// The strategies.
    public enum Strategy: String, Sendable, CaseIterable {
        /// Code and tests generated separately, run against each other, regenerated until all pass or tries run out.
        case selfAlign = "self-align"
        /// One code generation and no loop: the baseline every report compares against.
        case direct
        /// CodeT (Chen et al., ICLR 2023): n programs and m test suites from the prompt alone, every program run
        /// against the pooled tests, the program of the best agreeing group chosen.
        case codet
        /// n independent programs, scored by the unbiased pass@k estimator (Chen et al. 2021).
        case sample

        /// Whether the strategy runs the try loop (`tries`, `judge`, format failures costing a try).
        public var usesTries: Bool { self == .selfAlign }
        /// Whether the strategy generates tests (`--tests`, `--min-tests`).
        public var usesTests: Bool { self == .selfAlign || self == .codet }
        /// Whether the strategy samples several programs (`--samples`).
        public var usesSamples: Bool { self == .codet || self == .sample }
    }

    /// Format checks beyond the local schema and parse checks.
    public enum FormatCheck: String, Sendable, CaseIterable {
        /// The JSON schema and a Python parse of the code and of each test, locally.
        case local
        /// The local checks, then a second model call that checks the program's form, as the original experiment did.
        case model
    }

    /// The strategy.
    public var strategy: Strategy
    /// The try budget (format failures cost a try).
    public var tries: Int
    /// The fewest tests a suite may have, at first and after every rewrite.
    public var minTests: Int
    /// Whether a judge call blames code or tests for each failure before regenerating (off: regenerate both).
    public var judge: Bool
    /// The format check.
    public var formatCheck: FormatCheck
    /// Model, temperature, token limit.
    public var settings: ModelSettings
    /// Sandbox limits of every execution.
    public var limits: SandboxLimits
    /// The number of generated tests used (`--tests N`): the model is asked for at least N and the suite cut to
    /// exactly N (nil: as many as the model writes, at least `minTests`).
    public var tests: Int?
    /// Programs sampled per task (`codet`, `sample`).
    public var samples: Int
    /// Test suites sampled per task (`codet`).
    public var testSamples: Int

    /// The try budget the strategy runs with: `tries` for self-align, one for the others. The one place this rule is.
    public var budget: Int { strategy.usesTries ? max(1, tries) : 1 }
    /// The fewest tests a generated suite must have: `tests` when set, else `minTests`.
    public var testMinimum: Int { tests ?? minTests }

    /// Builds a configuration.
    public init(strategy: Strategy = .selfAlign, tries: Int = 5, minTests: Int = 5, judge: Bool = true,
                formatCheck: FormatCheck = .local, settings: ModelSettings, limits: SandboxLimits = .standard,
                tests: Int? = nil, samples: Int = 5, testSamples: Int = 5)
    {
        self.tests = tests
        self.samples = samples
        self.testSamples = testSamples
        self.strategy = strategy
        self.tries = tries
        self.minTests = minTests
        self.judge = judge
        self.formatCheck = formatCheck
        self.settings = settings
        self.limits = limits
    }

    /// The configuration as stored with a run. The members a strategy does not use are left out (as runs made
    /// before they existed stored it), so equal configurations store equal bytes.
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "strategy": .string(strategy.rawValue), "tries": .number(Double(tries)),
            "min_tests": .number(Double(minTests)), "judge": .bool(judge), "format_check": .string(formatCheck.rawValue),
            "model": .string(settings.model), "temperature": .number(settings.temperature),
            "max_tokens": .number(Double(settings.maxTokens)), "limits": limits.json,
        ]
        if let tests { members["tests"] = .number(Double(tests)) }
        if strategy.usesSamples { members["samples"] = .number(Double(samples)) }
        if strategy == .codet { members["test_samples"] = .number(Double(testSamples)) }
        return .object(members)
    }

    /// Reads a configuration stored with a run.
    public init(json: JSONValue) throws {
        func require<T>(_ value: T?, _ name: String) throws -> T {
            guard let value else { throw FormatProblem("the stored configuration lacks '\(name)'") }
            return value
        }
        self.init(
            strategy: try require(json["strategy"]?.stringValue.flatMap(Strategy.init(rawValue:)), "strategy"),
            tries: try require(json["tries"]?.intValue, "tries"), minTests: try require(json["min_tests"]?.intValue, "min_tests"),
            judge: try require(json["judge"]?.boolValue, "judge"),
            formatCheck: try require(json["format_check"]?.stringValue.flatMap(FormatCheck.init(rawValue:)), "format_check"),
            settings: ModelSettings(model: try require(json["model"]?.stringValue, "model"),
                                    temperature: try require(json["temperature"]?.doubleValue, "temperature"),
                                    maxTokens: try require(json["max_tokens"]?.intValue, "max_tokens")),
            limits: try SandboxLimits(json: json["limits"] ?? .object([:])),
            tests: json["tests"]?.intValue, samples: json["samples"]?.intValue ?? 5,
            testSamples: json["test_samples"]?.intValue ?? 5)
    }
}
