import Foundation
import Recorder
import Replay
import Synchronization

/// Groups proxied calls under runs named by the `X-Align-Run` header: each call becomes a `model_call` event of
/// that run (docs/runs.md), so `align costs RUN` prices them as it prices a run of the loop.
final class ProxyRunLog: Sendable {
    private let store: CacheStore
    /// The next event sequence number of each run this proxy has written to.
    private let sequences = Mutex<[String: Int]>([:])
    // Serialises the first use of a run (create or read back its length) and the appends.
    private let writing = Mutex<Void>(())

    init(store: CacheStore) { self.store = store }

    /// Appends one `model_call` event to run `runID`, creating the run at its first call.
    func record(runID: String, scope: String, provider: String, model: String?, reply: ModelReply,
                usage: TokenUsage) throws
    {
        try writing.withLock { _ in
            let sequence = try nextSequence(runID)
            let event = ModelCallEvent(phase: "proxy", key: reply.key.description,
                                       source: reply.source == .cache ? .cache : .live, provider: provider,
                                       model: model ?? "-", usage: usage)
            try store.appendRunEvents([RunEvent(sequence: sequence, kind: ModelCallEvent.kind.rawValue, taskID: scope,
                                                payload: event.json)], to: runID)
        }
    }

    private func nextSequence(_ runID: String) throws -> Int {
        if let next = sequences.withLock({ $0[runID] }) {
            sequences.withLock { $0[runID] = next + 1 }
            return next
        }
        let created = try store.recordRun(StoredRun(
            runID: runID, createdAt: Timestamp.string(from: Date()), status: "proxy",
            config: ["proxy": true, "note": "calls grouped by the X-Align-Run header of align proxy"]))
        let next = created ? 0 : (try store.run(runID)?.events.map(\.sequence).max()).map { $0 + 1 } ?? 0
        sequences.withLock { $0[runID] = next + 1 }
        return next
    }
}
