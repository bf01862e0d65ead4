import Foundation

/// A task executor with one thread of its own, for tests that bound an event's latency (a cancellation, a
/// deadline): their tasks resume on this thread at once instead of queueing behind every other test's work on
/// Swift's cooperative pool, which on 2 cores the rest of the suite keeps full. What is bounded is then the
/// product's own path, from the event to the awaiting task.
public final class ThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopped = false

    /// Starts the executor's thread.
    public init(name: String = "align-test-executor") {
        let thread = Thread { [self] in work() }
        thread.name = name
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.withLock {
            jobs.append(job)
            condition.signal()
        }
    }

    /// Ends the thread once the jobs already queued have run.
    public func stop() {
        condition.withLock {
            stopped = true
            condition.signal()
        }
    }

    private func work() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopped { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

/// Runs `body` with a `ThreadExecutor` of its own as the task executor preference (pass it to any `Task` started
/// inside: unstructured tasks do not inherit it).
public func onOwnExecutor<T: Sendable>(_ body: (ThreadExecutor) async throws -> T) async throws -> T {
    let executor = ThreadExecutor()
    defer { executor.stop() }
    return try await withTaskExecutorPreference(executor) { try await body(executor) }
}
