import Foundation
import Recorder
import Replay
import Sandbox

/// A stored run run again in strict replay mode and compared, event by event and in its summary, with itself.
public struct RunReplay: Sendable {
    /// The replay's results.
    public var report: RunReport
    /// Where it first differs from the stored run; nil when identical.
    public var divergence: RunDivergence?
    /// Tasks and events replayed.
    public var tasks: Int
    public var events: Int
    /// With `reexecute`: executions whose outcome now differs from the stored one.
    public var differences: [ExecutionDifference]

    /// Replays `run` from `store`. `tasksPath` (and `plusPath`, the EvalPlus file) override the stored paths (their
    /// SHA-256 must match);
    /// `jobs` overrides the tasks at a time (results do not depend on it).
    /// - Throws: `TaskFileError` when the task file changed; `ReplayMiss` / `ExecutionReplayMiss` when something
    ///   was never recorded; `RunConfigurationError` for an unreadable configuration.
    public static func replay(_ run: StoredRun, from store: any CacheBackend, tasksPath: String? = nil,
                              plusPath: String? = nil, jobs: Int? = nil, reexecute: Bool = false,
                              progress: @Sendable (RunProgress) -> Void = { _ in }) async throws -> RunReplay
    {
        var configuration = try RunConfiguration(json: run.config)
        if let jobs { configuration.jobs = max(1, jobs) }
        if let tasksPath { configuration.tasksPath = tasksPath }
        if let plusPath { configuration.plusPath = plusPath }
        let ordered = try configuration.loadTasks(runID: run.runID)
        let runner = try RunRunner(configuration: configuration, mode: .replay, store: store, retries: 0,
                                   reexecute: reexecute)
        let replayed = try await runner.run(ordered, progress: progress)
        let report = RunReport(configuration: configuration, results: replayed.map(\.result))
        var divergence = RunComparison.firstDivergence(stored: run.events, replayed: replayed,
                                                       taskOrder: configuration.taskIDs)
        if divergence == nil, run.status == .finished, let storedSummary = run.summary,
           storedSummary.canonicalBytes != report.summary.json.canonicalBytes
        {
            divergence = RunDivergence(taskID: nil, detail: "the summary differs: stored \(storedSummary.canonicalString), replayed \(report.summary.json.canonicalString)")
        }
        return RunReplay(report: report, divergence: divergence, tasks: replayed.count,
                         events: replayed.reduce(0) { $0 + $1.events.count }, differences: runner.executor.differences)
    }
}
