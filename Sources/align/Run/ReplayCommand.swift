import ArgumentParser
import Engine
import Foundation
import Recorder
import Replay

/// `align replay RUN`: runs a stored run's configuration again in strict replay mode and compares everything.
struct ReplayCommand: AsyncAlignCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-run a stored run offline from the cache and compare every event and result with it.",
        discussion: """
            Prints "identical" when every model call, execution, try and result matches the stored run (exit 0), or \
            the first divergence (exit 1). Nothing is called live and no Python runs, unless --reexecute asks to run \
            every execution again and report outcomes that differ from the stored ones.
            """)

    @OptionGroup var file: CacheFileOption
    @Argument(help: "The run id (see `align runs`); a unique prefix will do.") var run: String
    @Option(help: "Tasks at a time (results do not depend on it).") var jobs: Int?
    @Option(help: ArgumentHelp("The task file, when the run's path (as it was given, maybe relative) does not reach it from here; its SHA-256 must match.", valueName: "file"))
    var tasks: String?
    @Option(help: ArgumentHelp("The EvalPlus file, when the run's path does not reach it from here; its SHA-256 must match.", valueName: "file"))
    var plus: String?
    @Flag(help: "Also run every execution in the sandbox again and report outcomes that differ.") var reexecute = false
    @Flag(help: "Print the replay's results as JSON, as `align run --json` did.") var json = false
    @Flag(help: "No progress bar.") var noProgress = false

    func execute() async throws {
        let store = try file.openExisting()
        let stored = try StoredRuns.find(run, in: store)
        var setup = try RunSetup(json: stored.config)
        if let jobs { setup.jobs = max(1, jobs) }
        if let tasks { setup.tasksPath = tasks }
        let digest = try RunSetup.digest(ofFile: setup.tasksPath)
        guard digest == setup.tasksDigest else {
            throw TaskFileError(path: setup.tasksPath, line: nil,
                                reason: "the task file changed since run \(stored.runID) (sha256 \(digest.prefix(12))…, the run used \(setup.tasksDigest.prefix(12))…)")
        }
        if let plus { setup.plusPath = plus }
        let ordered = try setup.loadTasks()
        let runner = try RunExecution(setup: setup, mode: .replay, store: store, retries: 0, reexecute: reexecute)
        let started = ContinuousClock.now
        let replayed = try await runner.run(ordered, runID: nil, store: nil, progress: !noProgress && !json)
        let elapsed = ContinuousClock.now - started
        let results = replayed.map(\.result)
        let summary = RunSummary(strategy: setup.loop.strategy.rawValue, results: results,
                                 budget: setup.loop.strategy == .selfAlign ? setup.loop.tries : 1)
        if json { print(ResultsReport.json(setup: setup, summary: summary, results: results).canonicalString) }
        let differences = runner.executor.differences
        var divergence = RunComparison.firstDivergence(stored: stored.events, replayed: replayed, taskOrder: setup.taskIDs)
        if divergence == nil, stored.status == "finished", let storedSummary = stored.summary,
           storedSummary.canonicalBytes != summary.json.canonicalBytes
        {
            divergence = RunDivergence(taskID: nil, detail: "the summary differs: stored \(storedSummary.canonicalString), replayed \(summary.json.canonicalString)")
        }
        let seconds = String(format: "%.2f", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        let events = replayed.reduce(0) { $0 + $1.events.count }
        if let divergence {
            printError("diverged from run \(stored.runID): \(divergence)")
            throw ExitCode(ExitStatus.findings.rawValue)
        }
        let line = "identical: run \(stored.runID) replayed offline · \(replayed.count) tasks · \(events) events · \(seconds) s"
        if json { printError(line) } else { print(line) }
        if reexecute {
            if differences.isEmpty {
                printError("re-executed: every execution's outcome matches the stored one")
            } else {
                for difference in differences.prefix(10) {
                    printError("re-execution differs: execution \(difference.key): stored \(difference.stored.passed)/\(difference.stored.tests.count) passed, now \(difference.current.passed)/\(difference.current.tests.count)")
                }
                throw ExitCode(ExitStatus.findings.rawValue)
            }
        }
    }
}
