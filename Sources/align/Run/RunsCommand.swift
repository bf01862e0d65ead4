import ArgumentParser
import Engine
import Foundation
import Recorder

/// `align runs`: the runs stored in a cache (`list`, the default), and `combine` for the shards of one run.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List the runs stored in a cache, or combine the shards of one run.",
        subcommands: [RunsList.self, RunsCombine.self], defaultSubcommand: RunsList.self)
}

/// `align runs [list]`: the runs stored in a cache.
struct RunsList: AsyncAlignCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the runs stored in a cache.")

    @OptionGroup var file: CacheFileOption
    @Flag(help: "Print JSON.") var json = false

    func execute() async throws {
        let runs = try await file.openExisting().runs(includingEvents: false)
        if json {
            print(JSONValue.array(runs.map { run in
                ["run": .string(run.runID), "created_at": .string(run.createdAt),
                 "finished_at": run.finishedAt.map(JSONValue.string) ?? .null, "status": .string(run.status.rawValue),
                 "configuration": run.config, "summary": run.summary ?? .null]
            }).canonicalString)
            return
        }
        guard !runs.isEmpty else {
            print("no runs stored in \(printable(try file.resolvedPath()))")
            return
        }
        var table = Table("run", "created", "status", "strategy", "provider", "model", "tasks", "aligned", "correct")
        for run in runs {
            let summary = run.summary
            let loop = run.config["loop"]
            table.add(run.runID, run.createdAt, run.status.rawValue, loop?["strategy"]?.stringValue ?? "?",
                      run.config["provider"]?.stringValue ?? "?", loop?["model"]?.stringValue ?? "?",
                      "\(run.config["tasks"]?["ids"]?.arrayValue?.count ?? 0)",
                      (loop?["strategy"]?.stringValue).flatMap(LoopConfiguration.Strategy.init(rawValue:))?.usesTests == false ? "–"
                          : summary?["aligned"]?.intValue.map(String.init) ?? "–",
                      summary?["correct"]?.intValue.map(String.init) ?? "–")
        }
        print(table.rendered)
    }
}

/// `align show RUN`: a stored run's results, as `align run` printed them.
struct ShowRunCommand: AsyncAlignCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a stored run's configuration and results.")

    @OptionGroup var file: CacheFileOption
    @Argument(help: "The run id (see `align runs`); a unique prefix will do.") var run: String
    @Flag(help: "Also list every task.") var showTasks = false
    @Flag(help: "Print the results as JSON, as `align run --json` did.") var json = false

    func execute() async throws {
        let stored = try await file.openExisting().run(matching: run)
        let report = try RunReport(stored: stored)
        if json {
            print(report.json.canonicalString)
            return
        }
        if let line = report.storedLine { print(line) }
        print(report.text(showTasks: showTasks), terminator: "")
        if stored.status != .finished {
            printError("note: this run did not finish (\(stored.status)); \(report.results.count) of \(report.configuration.taskIDs.count) tasks have results")
        }
    }
}
