import ArgumentParser
import Engine
import Foundation
import Recorder
import Replay
import Synchronization

/// `align run`: a strategy over a task file, every call and execution through the cache, stored as a run.
struct RunCommand: AsyncAlignCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a strategy (the self-aligning loop, the direct baseline, CodeT, sampling) over a task file and store the run.",
        discussion: """
            Every model call and sandbox execution goes through the cache: --mode replay runs offline from it and \
            fails on anything unrecorded. The run (configuration, events, results) is stored in the cache; see \
            `align runs`, `align show RUN` and `align replay RUN`. --provider log:FILE answers from a published log \
            of model outputs (AgentCoder's codes_and_tests files) instead of a model: run it with --judge off. \
            --repeat K runs the configuration K times, each repeat with samples of its own, as K runs.
            """)

    @OptionGroup var file: CacheFileOption
    @OptionGroup var options: RunOptions
    @Option(help: ArgumentHelp("Run shard I of N: every N-th selected task from the I-th (1-based), stored as a shard run; `align runs combine` joins the shards.", valueName: "I/N"),
            transform: ShardOption.parse)
    var shard: ShardOption?
    @Option(help: "Run the configuration K times, each repeat numbering its calls apart (new samples at temperature > 0).")
    var `repeat`: Int = 1
    @Flag(help: "Also list every task in the results table.") var showTasks = false
    @Flag(help: "Print the results as JSON (configuration, summary, tasks) instead of the table.") var json = false
    @Flag(help: "No progress bar.") var noProgress = false

    func execute() async throws {
        let options = try self.options.validated()
        guard `repeat` >= 1 else { throw ValidationError("--repeat must be positive") }
        let whole = try options.selectedTasks()
        var selected = whole
        var shardOf: RunShard?
        if let shard {
            selected = RunShard.select(whole, index: shard.index, count: shard.count)
            shardOf = RunShard(index: shard.index, count: shard.count, allTaskIDs: whole.map(\.id))
        }
        var base = try options.configuration(for: selected)
        base.shard = shardOf
        let cacheMode = try options.cacheMode()
        let store: (any CacheBackend)? = cacheMode == .off ? nil
            : try await file.open(createIfMissing: cacheMode != .replay)
        let table = try PriceTable.load(overrides: options.prices)
        let repeats = base.repeats(`repeat`)
        try RunRunner.checkLog(for: repeats.last!, mode: cacheMode)   // before any repeat runs
        for configuration in repeats {
            let (_, report) = try await RunPrinter.record(configuration, tasks: selected, mode: cacheMode, store: store,
                                                     retries: options.retries, prices: table,
                                                     progress: !noProgress && !json)
            RunPrinter.print(report, json: json, showTasks: showTasks)
        }
    }
}

/// Recording one run with a progress bar and printing its report: `align run` and each cell of `align sweep`.
enum RunPrinter {
    /// Records `configuration` over `tasks` as a new run, telling standard error its id and protections.
    static func record(_ configuration: RunConfiguration, tasks: [CodingTask], mode: CacheMode, store: (any CacheBackend)?,
                       retries: Int, prices: PriceTable, progress: Bool, quiet: Bool = false) async throws
        -> (runID: String, report: RunReport)
    {
        let runner = try RunRunner(configuration: configuration, mode: mode, store: store, retries: retries,
                                   prices: prices)
        let runID = RunRunner.newRunID()
        if !quiet {
            let shard = configuration.shard.map { " (shard \($0.index)/\($0.count))" } ?? ""
            printError("run \(runID) · \(tasks.count) tasks\(shard) · mode \(mode.rawValue) · \(runner.protections)")
        }
        let bar = ProgressBar(enabled: progress)
        let spent = Mutex(Money.zero)
        let today = String(Timestamp.string(from: Date()).prefix(10))
        var report = try await runner.record(tasks, runID: runID,
                                             progress: { bar.update($0, spent: spent.withLock { $0 }) }) { taskRun in
            // Only the progress bar prices calls while a run goes; the stored events are priced by `align costs`.
            guard bar.enabled else { return }
            for event in taskRun.events {
                guard let call = try event.read(ModelCallEvent.self), call.source == .live else { continue }
                if let cost = prices.cost(of: call.usage, model: call.model, on: today).cost?.total {
                    spent.withLock { $0 = $0 + cost }
                }
            }
        }
        if let store { report = try await report.priced(runID, in: store, table: prices) }
        if !quiet { printError("stored as run \(runID)" + (store.map { " in \($0.identity)" } ?? " (mode off: not stored)")) }
        return (runID, report)
    }

    /// Prints a run's report as `align run` does: the table and the cost line, or JSON.
    static func print(_ report: RunReport, json: Bool, showTasks: Bool) {
        if json {
            Swift.print(report.json.canonicalString)
        } else {
            Swift.print(report.text(showTasks: showTasks), terminator: "")
            if let cost = report.cost { Swift.print(RunReport.costLine(cost)) }
        }
    }
}
