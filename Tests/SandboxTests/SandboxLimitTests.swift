import Foundation
import Sandbox
import SandboxWorld
import Testing
import TestSupport

/// The execution-wide limits: the wall clock over all tests, a hang at import, cancellation.
@Suite struct SandboxLimitTests {
    static let add = "def add(a, b):\n    return a + b\n"

    @Test func theExecutionTimeoutEndsEverythingAndMarksTheRest() async throws {
        let marker = SandboxWorld.marker("slow")
        // Each slow test would sleep an hour and its own limit is two: only the execution's 3 s limit can end them.
        let slow = "import ctypes, time\nctypes.CDLL(None).prctl(15, b'\(marker.prefix(15))', 0, 0, 0)\ntime.sleep(3600)"
        // The deadline is an event: the supervision loop wakes at it, kills the group and reaps the child, and the
        // test's task (on a thread of its own, not queued behind the suite's work) resumes. The bound tells that
        // apart from the hours the slow tests would take, with room for a 2-core machine that the suite itself
        // loads (CI once took 25 s here while every suite was starting): it is not a speed figure.
        // This machine's protections are probed once, on first use (child processes of their own): not timed here.
        _ = SandboxWorld.protections
        let (outcome, elapsed) = try await onOwnExecutor { _ in
            let started = ContinuousClock.now
            let outcome = try await SandboxWorld.run(Self.add, ["assert add(1, 2) == 3", slow, slow, slow],
                                                     limits: SandboxWorld.limits(testTimeout: 7200, execution: 3))
            return (outcome, ContinuousClock.now - started)
        }
        #expect(elapsed < .seconds(90))
        #expect(outcome.tests[0].status == .pass)
        #expect(outcome.tests[1...].allSatisfy { $0.status == .timeout })
        #expect(outcome.tests.last?.message == "the execution exceeded its 3 s limit")
        #expect(await SandboxWorld.remainingProcesses(containing: String(marker.prefix(15))).isEmpty)
    }

    @Test func aHangAtImportIsATimeout() async throws {
        let busy = try await SandboxWorld.run("while True:\n    pass\n", ["assert True", "assert True"],
                                              limits: SandboxWorld.limits(testTimeout: 1))
        #expect(busy.loadError == "exceeded the 1 s CPU time limit")
        #expect(busy.tests.map(\.status) == [.timeout, .timeout])
        #expect(busy.statusWord == "timeout")
        // A hang that uses no CPU (a sleep at import) ends at the wall-clock backstop, and is a timeout too.
        let asleep = try await SandboxWorld.run("import time\ntime.sleep(10**6)\n", ["assert True"],
                                                limits: SandboxWorld.limits(testTimeout: 0.5))
        #expect(asleep.tests.map(\.status) == [.timeout])
        #expect(asleep.loadError?.hasPrefix("hung: no result within the 6 s wall-clock backstop") == true)
    }

    @Test func cancellingAnExecutionKillsItAndThrows() async throws {
        let marker = String(SandboxWorld.marker("cancel").prefix(15))
        let looping = "import ctypes\nctypes.CDLL(None).prctl(15, b'\(marker)', 0, 0, 0)\nwhile True:\n    pass\n"
        // Cancellation is an event (an eventfd the supervision loop polls): the caller resumes at once, not at the
        // test's 10 min CPU limit or the execution's 20 min. The tasks run on a thread of their own, so that what is
        // timed is that path, not the suite's queue on the pool; the bound leaves room for a loaded 2-core machine.
        let elapsed = try await onOwnExecutor { executor in
            let task = Task(executorPreference: executor) {
                try await SandboxWorld.run(Self.add, [looping], limits: SandboxWorld.limits(testTimeout: 600, execution: 1200))
            }
            // Cancelled once the test runs, however long that takes to come on a loaded machine.
            try await SandboxWorld.waitUntil("the looping test runs") {
                !SandboxWorld.processes(containing: marker).isEmpty
            }
            let started = ContinuousClock.now
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
            return ContinuousClock.now - started
        }
        #expect(elapsed < .seconds(90))
        #expect(await SandboxWorld.remainingProcesses(containing: marker).isEmpty)
    }
}
