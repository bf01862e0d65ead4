import Replay

/// Progress of a run, as a progress bar shows it.
public struct RunProgress: Sendable, Equatable {
    /// Tasks finished, and in all.
    public var done: Int
    public var total: Int
    /// Finished tasks that aligned, and that are correct.
    public var aligned: Int
    public var correct: Int
    /// Tokens so far (input + output).
    public var tokens: Int
}

/// Runs the loop over a task list, `jobs` tasks at a time, each task in its own call scope so that the cache
/// numbers its calls the same whatever the interleaving: results and events are the same for any `jobs`.
public struct Experiment: Sendable {
    /// The loop.
    public var loop: AlignmentLoop
    /// The tasks in order.
    public var tasks: [CodingTask]
    /// Tasks at a time.
    public var jobs: Int
    /// Where each task's scope numbers identical requests from (a repeat's own range of samples).
    public var firstSampleIndex: Int

    /// Builds an experiment.
    public init(loop: AlignmentLoop, tasks: [CodingTask], jobs: Int = 1, firstSampleIndex: Int = 0) {
        self.loop = loop
        self.tasks = tasks
        self.jobs = max(1, jobs)
        self.firstSampleIndex = firstSampleIndex
    }

    /// Runs every task; `finished` sees each task as it ends (in completion order), `progress` after each.
    /// - Returns: the task runs in task order.
    public func run(progress: @Sendable (RunProgress) -> Void = { _ in },
                    finished: (TaskRun) async throws -> Void = { _ in }) async throws -> [TaskRun]
    {
        var results: [TaskRun?] = Array(repeating: nil, count: tasks.count)
        var status = RunProgress(done: 0, total: tasks.count, aligned: 0, correct: 0, tokens: 0)
        progress(status)
        try await withThrowingTaskGroup(of: TaskRun.self) { group in
            var next = 0
            func start() {
                guard next < tasks.count else { return }
                let (index, task, loop, first) = (next, tasks[next], loop, firstSampleIndex)
                group.addTask {
                    try await loop.run(task, index: index, scope: CallScope("task/\(task.id)", firstSampleIndex: first))
                }
                next += 1
            }
            for _ in 0..<min(jobs, tasks.count) { start() }
            while let taskRun = try await group.next() {
                results[taskRun.index] = taskRun
                status.done += 1
                status.aligned += taskRun.result.aligned ? 1 : 0
                status.correct += taskRun.result.correct ? 1 : 0
                status.tokens += taskRun.result.inputTokens + taskRun.result.outputTokens
                try await finished(taskRun)
                progress(status)
                start()
            }
        }
        return results.compactMap { $0 }
    }
}
