import Foundation
import Sandbox
import SandboxWorld
import Testing
import TestSupport

/// The kernel-level supervision every child of the product goes through: spawn, pipes, exit, deadline, cancellation.
@Suite struct ChildProcessTests {
    static func shell(_ script: String, input: [UInt8] = [], timeout: Duration = .seconds(60)) -> ChildProcess {
        ChildProcess(executable: "/bin/sh", arguments: ["-c", script], environment: ["PATH": "/usr/bin:/bin"],
                     input: input, timeout: timeout)
    }

    /// A number no other test uses, to find a process this test started by its command line.
    static func marker() -> String { "3\(UInt32.random(in: 100_000...999_999)).\(UInt32.random(in: 1000...9999))" }

    @Test func outputStatusAndSignalsComeBack() async throws {
        let exited = try await Self.shell("echo out; echo err >&2; exit 3").run()
        #expect(String(decoding: exited.stdout, as: UTF8.self) == "out\n")
        #expect(String(decoding: exited.stderr, as: UTF8.self) == "err\n")
        #expect((exited.status, exited.signaled, exited.timedOut) == (3, false, false))
        let killed = try await Self.shell("kill -9 $$").run()
        #expect((killed.status, killed.signaled, killed.timedOut) == (SIGKILL, true, false))
    }

    @Test func aLargeInputAndOutputFlowBothWaysWithoutDeadlock() async throws {
        // 4 MiB through cat: more than a pipe holds, so writing and reading must interleave in the one loop.
        let input = (0..<(4 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let echoed = try await Self.shell("cat", input: input).run()
        #expect(echoed.status == 0)
        #expect(echoed.stdout == input)
    }

    @Test func theChildSeesOnlyItsEnvironmentDirectoryAndThreeDescriptors() async throws {
        // A descriptor this process leaks (no O_CLOEXEC) must not reach the child either.
        let leaked = open("/dev/null", O_RDONLY)
        defer { close(leaked) }
        let process = ChildProcess(
            executable: SandboxWorld.protections.pythonPath,
            arguments: ["-c", "import os; print(os.getcwd()); print(open('/proc/self/environ', 'rb').read()); "
                        + "print(sorted(int(f) for f in os.listdir('/proc/self/fd')))"],
            environment: ["ONLY": "this", "PATH": "/usr/bin"], directory: "/usr", timeout: .seconds(60))
        let result = try await process.run()
        let lines = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n")
        #expect(lines.first == "/usr")
        // What the kernel handed the child at exec, before Python coerces its locale: the two variables, sorted.
        #expect(lines.dropFirst().first == #"b'ONLY=this\x00PATH=/usr/bin\x00'"#)
        // 0, 1, 2 and the descriptor listdir itself opened.
        #expect(lines.last == "[0, 1, 2, 3]", "\(lines)")
    }

    @Test func aDeadlineKillsTheWholeGroupAndReturnsAtOnce() async throws {
        let marker = Self.marker()
        let (result, elapsed) = try await onOwnExecutor { _ in
            let started = ContinuousClock.now
            let result = try await Self.shell("sleep \(marker) & sleep \(marker)", timeout: .milliseconds(300)).run()
            return (result, ContinuousClock.now - started)
        }
        // An event, not a poll: the sleeps would last days; the bound leaves room for a loaded 2-core machine.
        #expect(elapsed < .seconds(90))
        #expect(result.timedOut)
        #expect((result.status, result.signaled) == (SIGKILL, true))
        #expect(await SandboxWorld.remainingProcesses(containing: "sleep \(marker)").isEmpty)
    }

    @Test func aGrandchildHoldingThePipesIsKilledWithItsGroup() async throws {
        let marker = Self.marker()
        let (result, elapsed) = try await onOwnExecutor { _ in
            let started = ContinuousClock.now
            var process = Self.shell("sleep \(marker) & echo started")
            process.drain = .seconds(3600)
            let result = try await process.run()
            return (result, ContinuousClock.now - started)
        }
        // The child exited at once; the grandchild would hold stdout open for a long time. Its group is killed, so
        // the pipes close without waiting for the drain's bound (an hour here).
        #expect(elapsed < .seconds(90))
        #expect(String(decoding: result.stdout, as: UTF8.self) == "started\n")
        #expect(result.status == 0 && !result.timedOut)
        #expect(await SandboxWorld.remainingProcesses(containing: "sleep \(marker)").isEmpty)
    }

    @Test func cancellingTheTaskKillsTheChildAndThrowsAtOnce() async throws {
        let marker = Self.marker()
        let elapsed = try await onOwnExecutor { executor in
            let task = Task(executorPreference: executor) { try await Self.shell("sleep \(marker)").run() }
            try await SandboxWorld.waitUntil("the child runs") {
                !SandboxWorld.processes(containing: "sleep \(marker)").isEmpty
            }
            let started = ContinuousClock.now
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
            return ContinuousClock.now - started
        }
        // The sleep would last days; the bound leaves room for a loaded 2-core machine.
        #expect(elapsed < .seconds(90))
        #expect(await SandboxWorld.remainingProcesses(containing: "sleep \(marker)").isEmpty)
    }

    @Test func aTaskCancelledBeforeTheStartStartsNothing() async throws {
        let marker = Self.marker()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await Self.shell("sleep \(marker)").run()
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(SandboxWorld.processes(containing: "sleep \(marker)").isEmpty)
    }

    @Test func aMissingExecutableIsAnErrorThatNamesIt() async throws {
        let process = ChildProcess(executable: "/nonexistent/python", arguments: [], environment: [:],
                                   timeout: .seconds(5))
        await #expect(throws: SandboxError.cannotStart("/nonexistent/python", "No such file or directory")) {
            try await process.run()
        }
    }
}
