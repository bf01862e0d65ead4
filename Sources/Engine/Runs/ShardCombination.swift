import Recorder

/// Shard runs (each recorded with a `RunShard`) checked to be the whole of one configuration, and their results in
/// task order: the shards of one run, maybe recorded on different machines sharing a cache, seen as one run.
public struct ShardCombination: Sendable {
    /// The whole run's configuration (every task, no shard).
    public let configuration: RunConfiguration
    /// The shard runs, by shard index.
    public let runs: [StoredRun]
    /// Every task's result, in the whole run's task order.
    public let results: [TaskResult]

    /// Combines `stored` (runs read with their events), in any order.
    /// - Throws: `ShardCombinationError` when they are not every shard of one configuration, each once;
    ///   `RunConfigurationError` or `RunEventError` for a run that cannot be read.
    public init(_ stored: [StoredRun]) throws {
        var shards: [(shard: RunShard, run: StoredRun, report: RunReport)] = []
        for run in stored {
            let report = try RunReport(stored: run)
            guard let shard = report.configuration.shard else { throw ShardCombinationError.notAShard(runID: run.runID) }
            shards.append((shard, run, report))
        }
        guard let first = shards.first else { throw ShardCombinationError.noRuns }
        let reference = Self.identity(of: first.run.config)
        for (shard, run, _) in shards.dropFirst() {
            let identity = Self.identity(of: run.config)
            if identity != reference || shard.count != first.shard.count || shard.allTaskIDs != first.shard.allTaskIDs {
                let member = Self.differingMember(reference, identity)
                    ?? (shard.count != first.shard.count ? "the number of shards" : "the task list")
                throw ShardCombinationError.differentConfiguration(runID: run.runID, reference: first.run.runID,
                                                                   member: member)
            }
        }
        let count = first.shard.count
        let indices = shards.map(\.shard.index)
        if let twice = Set(indices).first(where: { index in indices.count { $0 == index } > 1 }) {
            throw ShardCombinationError.repeatedShard(index: twice, count: count)
        }
        if let missing = (1...count).first(where: { !indices.contains($0) }) {
            throw ShardCombinationError.missingShard(index: missing, count: count)
        }
        let ordered = shards.sorted { $0.shard.index < $1.shard.index }
        var whole = first.report.configuration
        whole.taskIDs = first.shard.allTaskIDs
        whole.shard = nil
        configuration = whole
        runs = ordered.map(\.run)
        var byTask: [String: TaskResult] = [:]
        for entry in ordered {
            for result in entry.report.results { byTask[result.taskID] = result }
        }
        results = whole.taskIDs.compactMap { byTask[$0] }
    }

    /// The whole run's report (without costs).
    public var report: RunReport { RunReport(configuration: configuration, results: results) }

    /// The shard runs that did not finish.
    public var unfinishedRuns: [StoredRun] { runs.filter { $0.status != .finished } }

    /// What every shard's model calls in `store` cost together, priced by `table`.
    /// - Throws: `CostAuditError` or `CacheError` when a shard's calls cannot be read.
    public func costs(in store: any InteractionStore & RunStore, table: PriceTable) async throws -> CostSummary {
        var summaries: [CostSummary] = []
        for run in runs { summaries.append(try await CostReport.run(run.runID, in: store, table: table).total) }
        return CostSummary(summing: summaries)
    }

    /// The whole run's report with its costs as JSON, as `RunReport.json` with the shard run ids under `runs`.
    public func json(of report: RunReport) -> JSONValue {
        guard case .object(var members) = report.json else { return report.json }
        members["runs"] = .array(runs.map { .string($0.runID) })
        return .object(members)
    }

    /// The configuration without what differs between shards of one run (which tasks, how many jobs).
    static func identity(of config: JSONValue) -> JSONValue {
        guard case .object(var members) = config else { return config }
        members["shard"] = nil
        members["jobs"] = nil
        if case .object(var tasks)? = members["tasks"] {
            tasks["ids"] = nil
            members["tasks"] = .object(tasks)
        }
        return .object(members)
    }

    /// The first member (dotted path) in which two configurations differ.
    static func differingMember(_ a: JSONValue, _ b: JSONValue, path: String = "") -> String? {
        guard case .object(let left) = a, case .object(let right) = b else {
            return a == b ? nil : (path.isEmpty ? "configuration" : path)
        }
        for name in Set(left.keys).union(right.keys).sorted() {
            let member = path.isEmpty ? name : path + "." + name
            if let difference = differingMember(left[name] ?? .null, right[name] ?? .null, path: member) {
                return difference
            }
        }
        return nil
    }
}
