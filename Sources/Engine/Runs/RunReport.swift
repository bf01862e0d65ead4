import Recorder

/// One run's results, ready to render: its configuration, the summary, every task's result, and where known the
/// stored run's identity and what its model calls cost. `align run`, `align show` and `align replay` print it;
/// `text` and `json` render it (RunReport+Text.swift, RunReport+JSON.swift).
public struct RunReport: Sendable {
    /// The stored run's identity and state, when the report is of a stored run.
    public struct Stored: Sendable, Equatable {
        /// The run id, when created and finished (ISO 8601, UTC), `running` / `finished` / `failed`, events stored.
        public var runID: String
        public var createdAt: String
        public var finishedAt: String?
        public var status: RunStatus
        public var eventCount: Int
    }

    /// What the run was asked to do.
    public var configuration: RunConfiguration
    /// The rates over `results`.
    public var summary: RunSummary
    /// Every task's result, in task order.
    public var results: [TaskResult]
    /// The stored run, when it is one.
    public var stored: Stored?
    /// What the run's model calls cost (spent live, saved by the cache), when priced.
    public var cost: CostSummary?

    /// A report over `results` of a run configured as `configuration`.
    public init(configuration: RunConfiguration, results: [TaskResult]) {
        self.configuration = configuration
        self.results = results
        summary = RunSummary(loop: configuration.loop, results: results)
    }

    /// The report of a stored run (read with its events): its `task_result` events in task order.
    /// - Throws: `RunConfigurationError` for an unreadable configuration, `RunEventError` for an unreadable result.
    public init(stored run: StoredRun) throws {
        let configuration = try RunConfiguration(json: run.config)
        var byTask: [String: TaskResult] = [:]
        for event in run.events {
            guard let result = try event.read(TaskResult.self) else { continue }
            byTask[result.taskID] = result
        }
        self.init(configuration: configuration, results: configuration.taskIDs.compactMap { byTask[$0] })
        stored = Stored(runID: run.runID, createdAt: run.createdAt, finishedAt: run.finishedAt, status: run.status,
                        eventCount: run.events.count)
    }

    /// The same report with the cost of run `runID`'s model calls in `store`, priced by `table`.
    public func priced(_ runID: String, in store: any InteractionStore & RunStore, table: PriceTable) async throws
        -> RunReport
    {
        var report = self
        report.cost = try await CostReport.run(runID, in: store, table: table).total
        return report
    }
}
