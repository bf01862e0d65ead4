import Recorder
import Replay

/// What to execute: tests against code, a parse check, a measurement of the reference, or EvalPlus inputs.
public struct ExecutionRequest: Sendable, Hashable {
    /// The kinds of execution.
    public enum Kind: String, Sendable, Hashable {
        /// Run each of `tests` on its own against `code`, in the code's own process (the loop's generated tests, whose
        /// verdicts are the program's own claims, and the check of generated tests against the reference).
        case tests
        /// The benchmark's hidden tests: each of `tests` runs in a judge process that never runs `code`, with the
        /// payload's `entry_point` bound to a stub that calls the program in a process of its own; values cross in a
        /// restricted encoding of exact built-in types. The payload's `prelude` (the task's own code, e.g. HumanEval's
        /// prompt with its helpers) runs in the judge first.
        case hidden
        /// Parse `code` and each of `tests` as Python, running nothing.
        case syntax
        /// As `hidden`, and report the CPU time each test used (the reference solution's own time, from which the
        /// hidden tests' time limits are derived).
        case measure
        /// Run the reference (`code`) on EvalPlus inputs and report each output (pickled) and its CPU time.
        case reference
        /// Run `code` on EvalPlus inputs and compare each output with the reference's, as EvalPlus does.
        case plus
    }

    /// What kind of execution.
    public var kind: Kind
    /// The program under test (for `.syntax`, the first source checked).
    public var code: String
    /// The tests, each one assert or one test function (for `.syntax`, further sources checked).
    public var tests: [String]
    /// The limits it runs under.
    public var limits: SandboxLimits
    /// Further members sent to the harness: EvalPlus inputs and expected outputs, per-input limits, a test time
    /// limit derived from the reference's measured time (`test_timeout`).
    public var payload: [String: JSONValue]
    /// What stands for `payload` in the key (nil: the payload itself). A derived time limit is keyed by the
    /// measurement's own key, not by the measured figure, so that keys do not change from one recording to another.
    public var payloadIdentity: JSONValue?

    /// Builds a request.
    public init(kind: Kind, code: String, tests: [String], limits: SandboxLimits = .standard,
                payload: [String: JSONValue] = [:], payloadIdentity: JSONValue? = nil)
    {
        self.kind = kind
        self.code = code
        self.tests = tests
        self.limits = limits
        self.payload = payload
        self.payloadIdentity = payloadIdentity
    }

    /// The CPU seconds one test may use: a derived `test_timeout` in the payload, else the limits'.
    public var testCPULimit: Double { payload["test_timeout"]?.doubleValue ?? limits.testTimeoutSeconds }
}

/// One test's outcome, as the harness's own nonce-marked record says.
public struct TestOutcome: Sendable, Equatable {
    /// The four outcomes a test can have.
    public enum Status: String, Sendable, Equatable, CaseIterable {
        /// The test ran to the end (its asserts held).
        case pass
        /// An assertion failed.
        case fail
        /// Any other exception, a crash, or no record from the harness.
        case error
        /// The test used more than its CPU time limit, or hung past the wall-clock backstop (run twice, both times).
        case timeout
    }

    /// Position of the test in the request.
    public var index: Int
    /// Its outcome.
    public var status: Status
    /// What went wrong (assertion text, exception, `exited without a result`, …); empty on pass.
    public var message: String
    /// Bytes the test wrote to stdout and stderr, which were discarded (capped at 1 MiB); 0 when it wrote nothing.
    public var outputBytes: Int
    /// The verdict depended on timing: a timeout that did not repeat, or a result reached past half the limit.
    public var timingSensitive: Bool
    /// CPU milliseconds the test used (`.measure` executions only).
    public var cpuMilliseconds: Int?
    /// Per-input verdicts of an EvalPlus group (`.plus`): one letter an input, P pass, F fail, E error, T timeout,
    /// S skipped (the reference rejected it), N not run.
    public var inputs: String?

    /// Builds an outcome.
    public init(index: Int, status: Status, message: String = "", outputBytes: Int = 0, timingSensitive: Bool = false,
                cpuMilliseconds: Int? = nil, inputs: String? = nil)
    {
        self.index = index
        self.status = status
        self.message = message
        self.outputBytes = outputBytes
        self.timingSensitive = timingSensitive
        self.cpuMilliseconds = cpuMilliseconds
        self.inputs = inputs
    }
}

/// The reference's outputs on one group of EvalPlus inputs (`.reference` executions): their digest (the outputs
/// themselves would be 340 MB for HumanEval+; a program's execution makes them again and checks them against it) and
/// the reference's CPU time on each input, from which the per-input limits derive.
public struct ReferenceOutputs: Sendable, Equatable {
    /// The group (`base`, `plus`).
    public var name: String
    /// SHA-256 over the inputs' output hashes, in order.
    public var digest: String
    /// CPU milliseconds the reference took on each input; nil for a skipped input.
    public var cpuMilliseconds: [Int?]
    /// Why inputs were skipped, by index (a contract violation, an exception).
    public var skipped: [Int: String]

    /// Builds a group.
    public init(name: String, digest: String, cpuMilliseconds: [Int?], skipped: [Int: String]) {
        self.name = name
        self.digest = digest
        self.cpuMilliseconds = cpuMilliseconds
        self.skipped = skipped
    }
}

/// The outcome of one execution: deterministic content only (no durations, save a measurement's own CPU times), so
/// that it can be keyed and compared.
public struct ExecutionOutcome: Sendable, Equatable {
    /// Per-test outcomes in request order. For `.syntax`, index 0 is the code and 1… the tests (pass = parses); for
    /// `.plus` and `.reference`, one per input group (`base`, `plus`).
    public var tests: [TestOutcome]
    /// Set when the code itself could not be loaded (syntax error, exception or exit at import: every test is then
    /// an error; a hang at import: every test is a timeout).
    public var loadError: String?
    /// The reference's outputs (`.reference` executions only).
    public var reference: [ReferenceOutputs]?

    /// Builds an outcome.
    public init(tests: [TestOutcome], loadError: String? = nil, reference: [ReferenceOutputs]? = nil) {
        self.tests = tests
        self.loadError = loadError
        self.reference = reference
    }

    /// Tests that passed.
    public var passed: Int { tests.count { $0.status == .pass } }
    /// True when there is at least one test and every test passed.
    public var allPassed: Bool { !tests.isEmpty && loadError == nil && passed == tests.count }
    /// True when any test's verdict depended on timing.
    public var timingSensitive: Bool { tests.contains(where: \.timingSensitive) }
}

/// An execution as a run sees it: its key, its outcome and whether it came from the cache.
public struct Execution: Sendable, Equatable {
    /// Content hash of runner version, request and limits.
    public var key: CacheKey
    /// What happened.
    public var outcome: ExecutionOutcome
    /// `.cache` when the stored outcome was served, `.live` when the sandbox ran.
    public var source: ReplySource

    /// Builds an execution.
    public init(key: CacheKey, outcome: ExecutionOutcome, source: ReplySource) {
        self.key = key
        self.outcome = outcome
        self.source = source
    }
}

/// Runs executions: the live sandbox, or the recording layer in front of it.
public protocol CodeExecutor: Sendable {
    /// Executes `request` and reports its outcome.
    func execute(_ request: ExecutionRequest) async throws -> Execution
}
