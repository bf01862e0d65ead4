import Foundation
import Recorder
import Replay

/// Executions through the cache, in the chosen mode, mirroring `RecordingTransport` for model calls.
///
/// `record` serves a hit and runs a miss live, storing it; `replay` needs no Python at all and a miss is an
/// `ExecutionReplayMiss`; `refresh` always runs and replaces what was stored; `off` runs and stores nothing. With
/// `reexecute`, a hit is also run live and any difference is collected in `differences`.
public final class RecordingExecutor: CodeExecutor {
    /// The mode.
    public let mode: CacheMode
    /// The cache (nil only in `off` mode).
    public let store: (any ExecutionStore)?
    /// Where misses (and re-executions) run.
    public let live: any CodeExecutor
    /// Run hits again and compare.
    public let reexecute: Bool
    private let found = Differences()

    /// Builds a recording executor.
    /// - Throws: `CacheError.invalidArgument` when a mode other than `off` has no cache.
    public init(mode: CacheMode, store: (any ExecutionStore)?, live: any CodeExecutor, reexecute: Bool = false)
        throws(CacheError)
    {
        if mode != .off && store == nil {
            throw .invalidArgument("cache mode \(mode.rawValue) needs a cache store")
        }
        self.mode = mode
        self.store = store
        self.live = live
        self.reexecute = reexecute
    }

    /// Re-executed outcomes that differed from the stored ones, in the order found.
    public var differences: [ExecutionDifference] { found.list }

    /// Executes `request` through the cache.
    /// - Throws: `ExecutionReplayMiss` in replay mode when it was never recorded; `CacheError` when the cache fails;
    ///   `SandboxError` when a live run fails.
    public func execute(_ request: ExecutionRequest) async throws -> Execution {
        let input = request.canonicalJSON.canonicalBytes
        let key = CacheKey(hashing: input)
        switch mode {
        case .off:
            return try await runLive(request, key: key).execution
        case .refresh:
            return try await runAndStore(request, key: key, input: input, policy: .replace)
        case .replay, .record:
            if let stored = try await store!.execution(key) {
                let outcome = try Self.decode(stored.result)
                if reexecute {
                    let current = try await runLive(request, key: key).execution.outcome
                    if !current.sameVerdict(as: outcome) { found.append(ExecutionDifference(key: key, stored: outcome, current: current)) }
                }
                return Execution(key: key, outcome: outcome, source: .cache)
            }
            if mode == .replay {
                throw ExecutionReplayMiss(key: key, kind: request.kind, testCount: request.tests.count,
                                          codeFirstLine: String(request.code.split(separator: "\n").first ?? "").prefix(60)
                                              .description)
            }
            return try await runAndStore(request, key: key, input: input, policy: .keepExisting)
        }
    }

    private func runAndStore(_ request: ExecutionRequest, key: CacheKey, input: [UInt8],
                             policy: RecordConflictPolicy) async throws -> Execution
    {
        let (execution, pythonVersion, duration) = try await runLive(request, key: key)
        var result = execution.outcome.json
        if case .object(var members) = result {
            members["python"] = pythonVersion.map(JSONValue.string) ?? .null
            result = .object(members)
        }
        _ = try await store!.recordExecution(ExecutionRecord(
            key: key, runner: PythonHarness.version, input: input, result: result.canonicalBytes,
            status: execution.outcome.statusWord,
            durationMilliseconds: Double(duration.components.seconds) * 1000
                + Double(duration.components.attoseconds) / 1e15), policy: policy)
        return execution
    }

    private func runLive(_ request: ExecutionRequest, key: CacheKey) async throws
        -> (execution: Execution, pythonVersion: String?, duration: Duration)
    {
        if let sandbox = live as? Sandbox {
            let run = try await sandbox.run(request)
            return (Execution(key: key, outcome: run.outcome, source: .live), run.pythonVersion, run.duration)
        }
        let started = ContinuousClock.now
        let execution = try await live.execute(request)
        return (Execution(key: key, outcome: execution.outcome, source: .live), nil, ContinuousClock.now - started)
    }

    static func decode(_ bytes: [UInt8]) throws -> ExecutionOutcome {
        try ExecutionOutcome(json: try JSONValue(parsing: bytes))
    }
}

/// A lock-protected list of differences, appended to from concurrent executions.
private final class Differences: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [ExecutionDifference] = []

    var list: [ExecutionDifference] { lock.withLock { items } }

    func append(_ difference: ExecutionDifference) { lock.withLock { items.append(difference) } }
}
