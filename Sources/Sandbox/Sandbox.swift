import Foundation
import Recorder

/// The live `CodeExecutor`: runs each request in a fresh Python harness under every protection the machine allows.
///
/// Per execution: a child in its own process group under `prlimit` rlimits; as root, an unprivileged uid of its own
/// (`SandboxUIDPool`) and, where permitted, new PID, mount, network and IPC namespaces: bubblewrap's filesystem view
/// with nothing of the host but `/usr` read-only, else (no bubblewrap) the host's files with a private `/tmp`; an
/// environment with nothing but `PATH`, `LANG`, `HOME` and two Python settings. The outcome comes only from the
/// harness's nonce-marked records. `protections` says what is active.
public struct Sandbox: CodeExecutor {
    /// What this sandbox uses.
    public let protections: SandboxProtections
    private let uidPool: SandboxUIDPool

    /// Builds a sandbox.
    /// - Parameter protections: what to use; what this machine has (`SandboxProtections.detected`) by default.
    public init(protections: SandboxProtections = .detected, uidPool: SandboxUIDPool = .shared) {
        self.protections = protections
        self.uidPool = uidPool
    }

    /// One live execution with what the run saw besides the outcome.
    public struct Run: Sendable {
        /// The outcome (deterministic content only).
        public var outcome: ExecutionOutcome
        /// The Python version the harness reported.
        public var pythonVersion: String?
        /// Wall time, informational.
        public var duration: Duration
        /// The harness's stderr, capped; diagnostics only.
        public var diagnostics: String
    }

    /// Executes `request` live.
    /// - Throws: `SandboxError` when the sandbox itself fails, never for anything the code under test does;
    ///   `CancellationError` when the task was cancelled (everything it started is killed first).
    public func execute(_ request: ExecutionRequest) async throws -> Execution {
        Execution(key: request.key, outcome: try await run(request).outcome, source: .live)
    }

    /// Executes `request` live and reports the details.
    /// - Throws: `SandboxError` when the sandbox itself fails; `CancellationError` when cancelled.
    public func run(_ request: ExecutionRequest) async throws -> Run {
        guard FileManager.default.isExecutableFile(atPath: protections.pythonPath) else {
            throw SandboxError.pythonUnavailable(protections.pythonPath)
        }
        let uid = protections.unprivilegedUser ? await uidPool.acquire() : nil
        do {
            let result = try await runHarness(request, uid: uid)
            if let uid { await uidPool.release(uid) }
            return result
        } catch {
            if let uid { await uidPool.release(uid) }
            throw error
        }
    }

    private func runHarness(_ request: ExecutionRequest, uid: UInt32?) async throws -> Run {
        var limits = request.limits
        // Each test's process gets its own CPU limit inside the harness; the harness's own must not be lower.
        limits.cpuSeconds = max(limits.cpuSeconds, Int(request.testCPULimit.rounded(.up)) + 3)
        let wallLimit = Self.wallLimit(of: request)
        if [.reference, .plus].contains(request.kind) { limits.cpuSeconds = max(limits.cpuSeconds, Int(wallLimit)) }
        let launch = try launch(limits: limits, uid: uid)
        defer { if let directory = launch.temporaryDirectory { try? FileManager.default.removeItem(atPath: directory) } }
        let nonce = Self.makeNonce()
        var members = request.payload
        members["kind"] = .string(request.kind.rawValue)
        members["code"] = .string(request.code)
        members["tests"] = .array(request.tests.map(JSONValue.string))
        members["test_timeout"] = .number(request.testCPULimit)
        members["sole_owner"] = .bool(uid != nil)
        if [.hidden, .measure, .plus].contains(request.kind) { members["program_server"] = .string(PythonHarness.programSource) }
        let started = ContinuousClock.now
        var process = ChildProcess(
            executable: launch.executable, arguments: launch.arguments, environment: launch.environment,
            directory: launch.directory, input: Array(nonce.utf8) + JSONValue.object(members).canonicalBytes,
            timeout: .milliseconds(Int(wallLimit * 1000)))
        if request.kind == .reference { process.outputCap = 256 << 20 }
        let result = try await process.run()
        let duration = ContinuousClock.now - started
        let report = HarnessReport(output: result.stdout, nonce: nonce)
        let diagnostics = String(decoding: result.stderr.suffix(4096), as: UTF8.self)
        guard report.pythonVersion != nil || result.timedOut else {
            throw SandboxError.harnessFailed(status: result.status, stderr: diagnostics)
        }
        let count: Int
        switch request.kind {
        case .syntax: count = request.tests.count + 1
        case .reference, .plus: count = request.payload["groups"]?.arrayValue?.count ?? 0
        case .tests, .hidden, .measure: count = request.tests.count
        }
        return Run(outcome: report.outcome(count: count, kind: request.kind, executionTimedOut: result.timedOut && !report.finished,
                                           limit: wallLimit),
                   pythonVersion: report.pythonVersion, duration: duration, diagnostics: diagnostics)
    }

    /// The whole execution's wall-clock limit: the limits' own. Its default (600 s) is far above what the per-test
    /// limits allow on a loaded machine, so that it does not decide verdicts.
    static func wallLimit(of request: ExecutionRequest) -> Double {
        request.limits.executionTimeoutSeconds
    }

    /// 128 random bits as 32 hex digits, new for every execution.
    static func makeNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
