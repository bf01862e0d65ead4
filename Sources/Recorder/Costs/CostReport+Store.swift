/// Reading the calls to audit from a cache: a run's `model_call` events (docs/runs.md), or everything recorded.
extension CostReport {
    /// The audit of one run: each `model_call` event, live ones spent and cache-served ones saved.
    /// - Throws: `CostAuditError.unknownRun` when no run has the id; `CacheError` when the cache cannot be read.
    public static func run(_ runID: String, in store: any InteractionStore & RunStore, table: PriceTable,
                           reprice: String? = nil, by dimensions: [CostDimension] = [.model]) async throws -> CostReport
    {
        guard let run = try await store.run(runID) else {
            throw CostAuditError.unknownRun(id: runID, available: try await store.runs(includingEvents: false).prefix(10)
                .map(\.runID))
        }
        let recorded = try await recordedByKey(store)
        return CostReport(scope: "run \(runID)", records: try modelCalls(of: run, recorded: recorded), table: table,
                          reprice: reprice, by: dimensions)
    }

    /// The audit of the whole cache: every recorded call once, as spent when it was recorded (attributed to the run
    /// that recorded it, if any), and every cache-served `model_call` of every run as saved.
    public static func all(in store: any InteractionStore & RunStore, table: PriceTable, reprice: String? = nil,
                           by dimensions: [CostDimension] = [.model]) async throws -> CostReport
    {
        let calls = try await store.recordedCalls()
        let recorded = Dictionary(calls.map { ($0.key.description, $0) }) { first, _ in first }
        var recordedBy: [String: CallRecord] = [:]
        var served: [CallRecord] = []
        for run in try await store.runs(includingEvents: true) {
            for record in try modelCalls(of: run, recorded: recorded) {
                if record.source == .live {
                    if recordedBy[record.key] == nil { recordedBy[record.key] = record }
                } else {
                    served.append(record)
                }
            }
        }
        let spent = calls.map { call in
            let context = recordedBy[call.key.description]
            return CallRecord(runID: context?.runID, taskID: context?.taskID, phase: context?.phase,
                              tryNumber: context?.tryNumber, key: call.key.description, source: .live,
                              provider: call.provider, model: call.model ?? context?.model ?? "-",
                              recordedAt: call.recordedAt, usage: call.usage, status: call.status)
        }
        return CostReport(scope: "all", records: spent + served, table: table, reprice: reprice, by: dimensions)
    }

    static func recordedByKey(_ store: any InteractionStore) async throws -> [String: RecordedCall] {
        Dictionary(try await store.recordedCalls().map { ($0.key.description, $0) }) { first, _ in first }
    }

    /// A run's `model_call` events as calls to price. The date and model come from the stored interaction when it
    /// is there (it may have been pruned: then the event's model and the run's start are used).
    /// - Throws: `RunEventError` when a `model_call` event cannot be read.
    static func modelCalls(of run: StoredRun, recorded: [String: RecordedCall]) throws -> [CallRecord] {
        try run.events.compactMap { event -> CallRecord? in
            guard let call = try event.read(ModelCallEvent.self) else { return nil }
            let stored = recorded[call.key]
            return CallRecord(
                runID: run.runID, taskID: event.taskID, phase: call.phase, tryNumber: event.tryNumber, key: call.key,
                source: call.source, provider: call.provider, model: stored?.model ?? call.model,
                recordedAt: stored?.recordedAt ?? run.createdAt, usage: call.usage)
        }
    }
}
