import Foundation
import Recorder
import Replay

/// Groups proxied calls under runs named by the `X-Align-Run` header: each call becomes a `model_call` event of
/// that run (docs/runs.md), so `align costs RUN` prices them as it prices a run of the loop.
actor ProxyRunLog {
    private let store: any RunStore
    /// The next event sequence number of each run this proxy has written to.
    private var sequences: [String: Int] = [:]

    init(store: any RunStore) { self.store = store }

    /// Appends one `model_call` event to run `runID`, creating the run at its first call.
    func record(runID: String, scope: String, provider: String, model: String?, reply: ModelReply,
                usage: TokenUsage) async throws
    {
        let sequence = try await nextSequence(runID)
        let event = ModelCallEvent(phase: .proxy, key: reply.key.description,
                                   source: reply.source == .cache ? .cache : .live, provider: provider,
                                   model: model ?? "-", usage: usage)
        try await store.appendRunEvents([RunEvent(sequence: sequence, taskID: scope, event)], to: runID)
    }

    // An actor method runs to its first suspension alone, but awaits interleave: the number is taken before any.
    private func nextSequence(_ runID: String) async throws -> Int {
        if let next = sequences[runID] {
            sequences[runID] = next + 1
            return next
        }
        let created = try await store.recordRun(StoredRun(
            runID: runID, createdAt: Timestamp.string(from: Date()), status: .proxy,
            config: ["proxy": true, "note": "calls grouped by the X-Align-Run header of align proxy"]))
        if let next = sequences[runID] {  // another call created or read it while this one waited
            sequences[runID] = next + 1
            return next
        }
        let stored = created ? 0 : (try await store.run(runID)?.events.map(\.sequence).max()).map { $0 + 1 } ?? 0
        if let next = sequences[runID] {
            sequences[runID] = next + 1
            return next
        }
        sequences[runID] = stored + 1
        return stored
    }
}
