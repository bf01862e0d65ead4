import Recorder
import Replay

/// Resource limits for one sandbox execution; part of every execution's key.
public struct SandboxLimits: Sendable, Hashable {
    /// CPU seconds per process (RLIMIT_CPU).
    public var cpuSeconds: Int
    /// Address space per process, bytes (RLIMIT_AS).
    public var memoryBytes: Int
    /// Largest file a process may write, bytes (RLIMIT_FSIZE).
    public var fileSizeBytes: Int
    /// Processes the execution may have at once (RLIMIT_NPROC, per sandbox uid).
    public var processes: Int
    /// Open files per process (RLIMIT_NOFILE).
    public var openFiles: Int
    /// Wall-clock limit for one test.
    public var testTimeoutSeconds: Double
    /// Wall-clock limit for the whole execution; the process group is killed after it.
    public var executionTimeoutSeconds: Double

    /// Builds limits.
    public init(cpuSeconds: Int = 10, memoryBytes: Int = 1 << 30, fileSizeBytes: Int = 16 << 20, processes: Int = 16,
                openFiles: Int = 64, testTimeoutSeconds: Double = 5, executionTimeoutSeconds: Double = 60)
    {
        self.cpuSeconds = cpuSeconds
        self.memoryBytes = memoryBytes
        self.fileSizeBytes = fileSizeBytes
        self.processes = processes
        self.openFiles = openFiles
        self.testTimeoutSeconds = testTimeoutSeconds
        self.executionTimeoutSeconds = executionTimeoutSeconds
    }

    /// The defaults used by `align run`.
    public static let standard = SandboxLimits()

    /// The limits as JSON, for keys and stored inputs.
    public var json: JSONValue {
        .object([
            "cpu_seconds": .number(Double(cpuSeconds)), "memory_bytes": .number(Double(memoryBytes)),
            "file_size_bytes": .number(Double(fileSizeBytes)), "processes": .number(Double(processes)),
            "open_files": .number(Double(openFiles)), "test_timeout_s": .number(testTimeoutSeconds),
            "execution_timeout_s": .number(executionTimeoutSeconds),
        ])
    }

    /// Reads limits as `json` writes them.
    /// - Throws: `FormatProblem` naming a missing member.
    public init(json: JSONValue) throws {
        func require<T>(_ value: T?, _ name: String) throws -> T {
            guard let value else { throw FormatProblem("the stored limits lack '\(name)'") }
            return value
        }
        self.init(cpuSeconds: try require(json["cpu_seconds"]?.intValue, "cpu_seconds"),
                  memoryBytes: try require(json["memory_bytes"]?.intValue, "memory_bytes"),
                  fileSizeBytes: try require(json["file_size_bytes"]?.intValue, "file_size_bytes"),
                  processes: try require(json["processes"]?.intValue, "processes"),
                  openFiles: try require(json["open_files"]?.intValue, "open_files"),
                  testTimeoutSeconds: try require(json["test_timeout_s"]?.doubleValue, "test_timeout_s"),
                  executionTimeoutSeconds: try require(json["execution_timeout_s"]?.doubleValue, "execution_timeout_s"))
    }
}

/// What to execute: tests against code, or a parse check of sources.
public struct ExecutionRequest: Sendable, Hashable {
    /// The two kinds of execution.
    public enum Kind: String, Sendable, Hashable {
        /// Run each of `tests` on its own against `code`.
        case tests
        /// Parse `code` and each of `tests` as Python, running nothing.
        case syntax
    }

    /// What kind of execution.
    public var kind: Kind
    /// The program under test (for `.syntax`, the first source checked).
    public var code: String
    /// The tests, each one assert or one test function (for `.syntax`, further sources checked).
    public var tests: [String]
    /// The limits it runs under.
    public var limits: SandboxLimits

    /// Builds a request.
    public init(kind: Kind, code: String, tests: [String], limits: SandboxLimits = .standard) {
        self.kind = kind
        self.code = code
        self.tests = tests
        self.limits = limits
    }
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
        /// The test ran past its wall-clock or CPU limit.
        case timeout
    }

    /// Position of the test in the request.
    public var index: Int
    /// Its outcome.
    public var status: Status
    /// What went wrong (assertion text, exception, `exited without a result`, …); empty on pass.
    public var message: String

    /// Builds an outcome.
    public init(index: Int, status: Status, message: String = "") {
        self.index = index
        self.status = status
        self.message = message
    }
}

/// The outcome of one execution: deterministic content only (no durations), so that it can be keyed and compared.
public struct ExecutionOutcome: Sendable, Equatable {
    /// Per-test outcomes in request order. For `.syntax`, index 0 is the code and 1… the tests (pass = parses).
    public var tests: [TestOutcome]
    /// Set when the code itself could not be loaded (syntax error, exception or exit at import); every test is then an error.
    public var loadError: String?

    /// Builds an outcome.
    public init(tests: [TestOutcome], loadError: String? = nil) {
        self.tests = tests
        self.loadError = loadError
    }

    /// Tests that passed.
    public var passed: Int { tests.count { $0.status == .pass } }
    /// True when there is at least one test and every test passed.
    public var allPassed: Bool { !tests.isEmpty && loadError == nil && passed == tests.count }
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
