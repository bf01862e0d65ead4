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
        for id in runs { stored.append(try await store.run(matching: id)) }
        let combined = try ShardCombination(stored)
        let costs = try await combined.costs(in: store, table: try PriceTable.load(overrides: prices))
        var report = combined.report
        report.cost = costs
        if json {
            print(combined.json(of: report).canonicalString)
            return
        }
        print("combined \(combined.runs.count) shards: " + combined.runs.map(\.runID).joined(separator: ", "))
        print(report.text(showTasks: showTasks), terminator: "")
        print(RunReport.costLine(costs))
        let unfinished = combined.unfinishedRuns
        if !unfinished.isEmpty {
            printError("note: \(unfinished.map(\.runID).joined(separator: ", ")) did not finish; "
                       + "\(combined.results.count) of \(combined.configuration.taskIDs.count) tasks have results")
        }
    }
}
