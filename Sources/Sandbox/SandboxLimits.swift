import Recorder

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
    /// CPU seconds one test may use (judged by the CPU time its process used, which does not grow with load; a test
    /// that hangs without using CPU is ended by a wall-clock backstop of 2 × this + 5 s, not counting time spent
    /// waiting for a CPU).
    public var testTimeoutSeconds: Double
    /// Wall-clock limit for the whole execution (raised to what its tests' own limits allow); the process group is
    /// killed after it.
    public var executionTimeoutSeconds: Double

    /// Builds limits.
    public init(cpuSeconds: Int = 10, memoryBytes: Int = 1 << 30, fileSizeBytes: Int = 16 << 20, processes: Int = 16,
                openFiles: Int = 64, testTimeoutSeconds: Double = 5, executionTimeoutSeconds: Double = 600)
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
    /// - Throws: `SandboxLimitsError.missing` naming a missing member.
    public init(json: JSONValue) throws {
        func require<T>(_ value: T?, _ name: String) throws -> T {
            guard let value else { throw SandboxLimitsError.missing(name) }
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

/// Stored limits that cannot be read back.
public enum SandboxLimitsError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A member the limits need is not there.
    case missing(String)

    public var description: String {
        switch self {
        case .missing(let name): "the stored limits lack '\(name)'"
        }
    }
}
