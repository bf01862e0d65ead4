import ArgumentParser
import Engine
import Foundation
import Recorder

/// `align runs combine RUN…`: the shards of one configuration (`align run --shard I/N`) as one run.
struct RunsCombine: AsyncAlignCommand {
    static let configuration = CommandConfiguration(
        commandName: "combine",
        abstract: "Show the shard runs of one configuration as one run: results, by-try tables and costs.",
        discussion: """
            Name every shard's run (each `align run … --shard I/N`, maybe on different machines sharing a cache). \
            The shards must be of the same configuration (tasks, provider, model, loop), all N of them, each once; \
            otherwise nothing is combined and the difference is named.
            """)

    @OptionGroup var file: CacheFileOption
    @Argument(help: "The shard runs (ids or unique prefixes).") var runs: [String]
    @Option(help: ArgumentHelp("Prices overriding or extending the built-in table.", valueName: "file")) var prices: String?
    @Flag(help: "Also list every task.") var showTasks = false
    @Flag(help: "Print the combined results as JSON, as `align run --json` does.") var json = false

    func validate() throws {
        if runs.isEmpty { throw ValidationError("name the shard runs to combine") }
    }

    func execute() async throws {
        let store = try await file.openExisting()
        var stored: [StoredRun] = []
        for id in runs { stored.append(try await StoredRuns.find(id, in: store)) }
        let combined = try ShardCombination(stored)
        let table = try PriceTable.load(overrides: prices)
        var report = RunReport(configuration: combined.configuration, results: combined.results)
        var costs = CostSummary()
        for run in combined.runs {
            let total = try await CostReport.run(run.runID, in: store, table: table).total
            costs.liveCalls += total.liveCalls
            costs.cacheCalls += total.cacheCalls
            costs.liveTokens.add(total.liveTokens)
            costs.cacheTokens.add(total.cacheTokens)
            costs.spent = costs.spent + total.spent
            costs.saved = costs.saved + total.saved
            costs.unpricedLive += total.unpricedLive
            costs.unpricedCache += total.unpricedCache
        }
        report.cost = costs
        if json {
            var output = report.json
            if case .object(var members) = output {
                members["runs"] = .array(combined.runs.map { .string($0.runID) })
                output = .object(members)
            }
            print(output.canonicalString)
            return
        }
        print("combined \(combined.runs.count) shards: " + combined.runs.map(\.runID).joined(separator: ", "))
        print(report.text(showTasks: showTasks), terminator: "")
        print(RunReport.costLine(costs))
        let unfinished = combined.runs.filter { $0.status != .finished }
        if !unfinished.isEmpty {
            printError("note: \(unfinished.map(\.runID).joined(separator: ", ")) did not finish; "
                       + "\(combined.results.count) of \(combined.configuration.taskIDs.count) tasks have results")
        }
    }
}

/// Shard runs checked to be the whole of one configuration, and their results in task order.
struct ShardCombination {
    /// The whole run's configuration (every task, no shard).
    let configuration: RunConfiguration
    /// The shard runs, by shard index.
    let runs: [StoredRun]
    /// Every task's result, in the whole run's task order.
    let results: [TaskResult]

    init(_ stored: [StoredRun]) throws {
        var shards: [(shard: RunShard, run: StoredRun, report: RunReport)] = []
        for run in stored {
            let report = try RunReport(stored: run)
            guard let shard = report.configuration.shard else {
                throw ValidationError("run \(run.runID) is not a shard run (record shards with "
                                                 + "`align run … --shard I/N`)")
            }
            shards.append((shard, run, report))
        }
        let first = shards[0]
        let reference = Self.identity(of: first.run.config)
        for (shard, run, _) in shards.dropFirst() {
            let identity = Self.identity(of: run.config)
            if identity != reference || shard.count != first.shard.count || shard.allTaskIDs != first.shard.allTaskIDs {
                let member = Self.differingMember(reference, identity)
                    ?? (shard.count != first.shard.count ? "the number of shards" : "the task list")
                throw ValidationError("run \(run.runID) is not a shard of the same configuration as run "
                                                 + "\(first.run.runID): they differ in `\(member)`; nothing was combined")
            }
        }
        let count = first.shard.count
        let indices = shards.map(\.shard.index)
        if let twice = Set(indices).first(where: { index in indices.count { $0 == index } > 1 }) {
            throw ValidationError("two of the runs are shard \(twice)/\(count); name each shard once")
        }
        if let missing = (1...count).first(where: { !indices.contains($0) }) {
            throw ValidationError("shard \(missing)/\(count) is missing: combining needs all \(count) "
                                             + "(record it with `align run … --shard \(missing)/\(count)`)")
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
