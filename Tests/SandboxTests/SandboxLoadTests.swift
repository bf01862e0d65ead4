import Foundation
import Sandbox
import SandboxWorld
import Testing
import TestTraits

/// Verdicts that do not depend on what else the machine runs: time is judged by CPU time, not the wall clock.
@Suite(.serialized, .heavy) struct SandboxLoadTests {
    static let add = "def add(a, b):\n    return a + b\n"
    /// A crash (C-level recursion overflows the stack), a MemoryError, slow but honest work, a CPU hog, and a hang.
    static let tests = [
        "import sys\nsys.setrecursionlimit(10**7)\na = []\nfor _ in range(10**6):\n    a = [a]\nrepr(a)",
        "x = bytearray(1 << 33)",
        "t = 0\nfor i in range(4 * 10**6):\n    t += i\nassert add(t, 0) == t",
        "while True:\n    pass",
        "import time\ntime.sleep(10**6)",
    ]

    /// Two processes that spin on the CPU until stopped: a deliberately loaded 2-core machine.
    final class BusyLoops {
        let processes: [Process]

        init(count: Int) throws {
            processes = try (0..<count).map { _ in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: SandboxWorld.protections.pythonPath)
                process.arguments = ["-c", "while True: pass"]
                try process.run()
                return process
            }
        }

        func stop() {
            // SIGKILL: a child started by Foundation may have SIGTERM blocked.
            for process in processes where process.isRunning { kill(process.processIdentifier, SIGKILL) }
            for process in processes { process.waitUntilExit() }
        }
    }

    @Test func theSameCodeGetsTheSameVerdictsOnAnIdleAndOnALoadedMachine() async throws {
        let limits = SandboxWorld.limits(testTimeout: 1.5, execution: 300)
        let idle = try await SandboxWorld.run(Self.add, Self.tests, limits: limits)
        let busy = try BusyLoops(count: 2)
        let loaded: ExecutionOutcome
        do {
            loaded = try await SandboxWorld.run(Self.add, Self.tests, limits: limits)
            busy.stop()
        } catch {
            busy.stop()
            throw error
        }
        #expect(idle.tests.map(\.status) == [.error, .error, .pass, .timeout, .timeout])
        #expect(idle.tests[0].message == "killed by SIGSEGV without a result")
        #expect(idle.tests[1].message == "MemoryError")
        #expect(idle.tests[3].message == "exceeded the 1.5 s CPU time limit")
        #expect(idle.tests[4].message.hasPrefix("hung: no result within the 8 s wall-clock backstop"))
        #expect(loaded.tests.map(\.status) == idle.tests.map(\.status))
        #expect(loaded.tests.map(\.message) == idle.tests.map(\.message))
    }

    @Test func floodedOutputIsCountedAndSaidToBeDiscarded() async throws {
        let outcome = try await SandboxWorld.run(Self.add, [
            "print('x' * 999)\nassert add(1, 2) == 3",
            "import sys\nwhile True:\n    sys.stdout.write('y' * 65536)",
            "assert add(2, 2) == 4",
        ], limits: SandboxWorld.limits(testTimeout: 1, execution: 120))
        #expect(outcome.tests.map(\.status) == [.pass, .timeout, .pass])
        #expect(outcome.tests[1].message == "ran out of time flooding its output (over 1 MiB written, discarded)")
        #expect(outcome.tests[0].outputBytes == 1000)
        #expect(outcome.tests[1].outputBytes == 1 << 20)
        #expect(outcome.tests[2].outputBytes == 0)
        #expect(outcome.json["tests"]?.arrayValue?[1]["output_bytes"]?.intValue == 1 << 20)
        #expect(outcome.json["tests"]?.arrayValue?[2]["output_bytes"] == nil)
    }
}
