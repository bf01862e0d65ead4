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
    @Argument(help: "The run id (see `align runs`); a unique prefix will do.") var run: String?
    @Option(help: "Replay every run of this sweep instead.") var sweep: String?
    @Option(help: "Tasks at a time (results do not depend on it).") var jobs: Int?
    @Option(help: ArgumentHelp("The task file, when the run's path (as it was given, maybe relative) does not reach it from here; its SHA-256 must match.", valueName: "file"))
    var tasks: String?
    @Option(help: ArgumentHelp("The EvalPlus file, when the run's path does not reach it from here; its SHA-256 must match.", valueName: "file"))
    var plus: String?
    @Flag(help: "Also run every execution in the sandbox again and report outcomes that differ.") var reexecute = false
    @Flag(help: "Print the replay's results as JSON, as `align run --json` did.") var json = false
    @Flag(help: "No progress bar.") var noProgress = false

    func execute() async throws {
        let store = try await file.openExisting()
        guard (run == nil) != (sweep == nil) else { throw ValidationError("give a run id or --sweep ID (one of the two)") }
        if let sweep {
            let started = ContinuousClock.now
            let runs = try await store.sweepRuns(matching: sweep)
            var events = 0
            for stored in runs { events += try await replay(stored, in: store) }
            let seconds = String(format: "%.2f", (ContinuousClock.now - started).seconds)
            print("identical: sweep \(sweep) · \(runs.count) runs · \(events) events · \(seconds) s")
            return
        }
        _ = try await replay(try await store.run(matching: run!), in: store)
    }

    /// Replays one run, printing `identical: …` or throwing on the first divergence; returns the events replayed.
    private func replay(_ stored: StoredRun, in store: any CacheBackend) async throws -> Int {
        let bar = ProgressBar(enabled: !noProgress && !json)
        let started = ContinuousClock.now
        let replay = try await RunReplay.replay(stored, from: store, tasksPath: tasks, plusPath: plus, jobs: jobs, reexecute: reexecute,
                                                progress: { bar.update($0, spent: .zero) })
        let elapsed = ContinuousClock.now - started
        if json { print(replay.report.json.canonicalString) }
        let seconds = String(format: "%.2f", elapsed.seconds)
        if let divergence = replay.divergence {
            printError("diverged from run \(stored.runID): \(divergence)")
            throw ExitCode(ExitStatus.findings.rawValue)
        }
        let line = "identical: run \(stored.runID) replayed offline · \(replay.tasks) tasks · \(replay.events) events · \(seconds) s"
        if json { printError(line) } else { print(line) }
        if reexecute {
            if replay.differences.isEmpty {
                printError("re-executed: every execution's outcome matches the stored one")
            } else {
                for difference in replay.differences.prefix(10) {
                    printError("re-execution differs: execution \(difference.key): stored \(difference.stored.passed)/\(difference.stored.tests.count) passed, now \(difference.current.passed)/\(difference.current.tests.count)")
                }
                throw ExitCode(ExitStatus.findings.rawValue)
            }
        }
        return replay.events
    }
}
