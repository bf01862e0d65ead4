import ArgumentParser
import Engine
import Foundation
import Recorder
import Replay

/// `align sweep --grid …`: every cell of a grid of levels, each a stored run tagged with the sweep's id.
struct SweepCommand: AsyncAlignCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a grid of configurations (strategy × tests × tries …) over the same tasks and cache.",
        discussion: """
            Each --grid NAME=V1,V2,… varies one level: strategy, tests, tries, judge, samples, test-samples. Every \
            combination is a cell, run with the other options as `align run` takes them and stored as a run tagged \
            with the sweep's id; a cell whose strategy does not use a level it sets is the same run as an earlier \
            cell and is skipped, saying so. Cells share the cache, so calls one cell made cost the next nothing. \
            Then the cells are compared as `align compare --sweep ID` does.
            """)

    @OptionGroup var file: CacheFileOption
    @Option(help: ArgumentHelp("A level to vary: NAME=V1,V2,… (strategy, tests, tries, judge, samples, test-samples).", valueName: "grid"))
    var grid: [String] = []
    @OptionGroup var options: RunOptions
    @Option(help: "Run every cell K times, each repeat numbering its calls apart.") var `repeat`: Int = 1
    @Option(help: "Compare costs at this model's prices too.") var pricesOf: String?
    @Flag(help: "No progress bar.") var noProgress = false

    func execute() async throws {
        guard !grid.isEmpty else { throw ValidationError("give at least one --grid NAME=V1,V2,…") }
        guard `repeat` >= 1 else { throw ValidationError("--repeat must be positive") }
        let options = try self.options.validated()
        let selected = try options.selectedTasks()
        let base = try options.configuration(for: selected)
        let plan = try SweepPlan(grid: grid, base: base, repeats: `repeat`)
        let sweepID = plan.sweepID
        let cacheMode = try options.cacheMode()
        guard cacheMode != .off else { throw ValidationError("a sweep stores its cells: use a --mode other than off") }
        let store = try await file.open(createIfMissing: cacheMode != .replay)
        let table = try PriceTable.load(overrides: options.prices)
        let runnable = plan.runnable
        try plan.checkLogs(mode: cacheMode)                      // before any cell runs
        printError("sweep \(sweepID) · \(runnable.count) cells (\(plan.cells.count - runnable.count) skipped) × \(`repeat`) · \(selected.count) tasks · mode \(cacheMode.rawValue)")
        let runIDs = try await plan.record(skipped: { printError("skipped  \($0.label): \($0.skipped ?? "")") }) {
            cell, number, index, configuration in
            let started = ContinuousClock.now
            let (runID, report) = try await RunPrinter.record(configuration, tasks: selected, mode: cacheMode,
                                                              store: store, retries: options.retries, prices: table,
                                                              progress: !noProgress, quiet: true)
            let seconds = (ContinuousClock.now - started).seconds
            printError("cell \(number)/\(runnable.count)\(`repeat` > 1 ? " #\(index)" : "") \(cell.label): run \(runID) · correct \(report.summary.correct)/\(report.summary.tasks) · "
                + String(format: "%.2f s", seconds))
            return runID
        }
        var runs: [StoredRun] = []
        for runID in runIDs { if let run = try await store.run(runID) { runs.append(run) } }
        let comparison = try await ComparisonReport.build(runs, in: store, priceModel: pricesOf, table: table)
        print("sweep \(sweepID)")
        print(comparison.text(), terminator: "")
        printError("stored as sweep \(sweepID) in \(store.identity): `align compare --sweep \(sweepID)`, `align replay --sweep \(sweepID)`")
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
