@testable import Engine
import Foundation
import Recorder
import Replay
import Sandbox
import SandboxWorld
import Testing
import TestSupport

/// HumanEval+ / MBPP+ task files, hand-made in EvalPlus's layout, scored by the real sandbox.
@Suite struct EvalPlusTests {
    let directory = TemporaryDirectory()

    /// One EvalPlus record; `base` and `plus` are raw JSON, kept as written (`3.0` stays a float).
    static func record(_ id: String, prompt: String, entryPoint: String, solution: String, test: String? = nil,
                       assertion: String? = nil, contract: String = "", base: String, plus: String, atol: Double = 0) -> String
    {
        func quoted(_ text: String) -> String { JSONValue.string(text).canonicalString }
        var members = ["\"task_id\": \(quoted(id))", "\"prompt\": \(quoted(prompt))", "\"entry_point\": \(quoted(entryPoint))",
                       "\"canonical_solution\": \(quoted(solution))", "\"contract\": \(quoted(contract))",
                       "\"base_input\": \(base)", "\"plus_input\": \(plus)", "\"atol\": \(atol)"]
        if let test { members.append("\"test\": \(quoted(test))") }
        if let assertion { members.append("\"assertion\": \(quoted(assertion))") }
        return "{" + members.joined(separator: ", ") + "}"
    }

    func tasks(_ lines: [String]) throws -> [CodingTask] {
        let path = directory.path("plus-\(UUID().uuidString).jsonl")
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return try TaskLoader.load(path: path)
    }

    func judge(_ task: CodingTask, _ code: String, executor: any CodeExecutor = Sandbox()) async throws -> HiddenTestOracle.Verdict {
        try await HiddenTestOracle(executor: executor, limits: SandboxLimits(testTimeoutSeconds: 2)).judge(task, code: code)
    }

    static let add = record("HumanEval/900", prompt: "def add(a, b):\n    \"\"\"The sum of two integers.\"\"\"\n",
                            entryPoint: "add", solution: "    return a + b\n",
                            test: "def check(candidate):\n    assert candidate(1, 1) == 2\n",
                            contract: "\n    assert isinstance(a, int) and isinstance(b, int), \"invalid inputs\" # $_CONTRACT_$\n",
                            base: "[[1, 1]]", plus: "[[2, 3], [0, 0], [\"x\", 1], [-1, 5]]")

    @Test func weakBaseTestsPassAWrongProgramThatThePlusInputsCatch() async throws {
        let task = try #require(try tasks([Self.add]).first)
        #expect(task.plus?.groups.map(\.count) == [1, 4])
        #expect(task.assembly == .prompt)
        let wrong = try await judge(task, "def add(a, b):\n    return 2\n")
        #expect(wrong.correct)
        #expect(wrong.correctPlus == false)
        #expect(wrong.plus?.outcome.tests.map(\.status) == [.pass, .fail])
        // The input that breaks the contract is skipped (S), as EvalPlus's input generation skips it.
        #expect(wrong.plus?.outcome.tests.map(\.inputs) == ["P", "FFSF"])
        let right = try await judge(task, "def add(a, b):\n    return a + b\n")
        #expect(right.correct && right.correctPlus == true)
        #expect(right.plus?.outcome.tests.map(\.inputs) == ["P", "PPSP"])
        // A body alone is assembled as human-eval does, prompt + completion.
        let body = try await judge(task, "    return b + a\n")
        #expect(body.correct && body.correctPlus == true)
    }

    @Test func floatsCompareWithinTolerance() async throws {
        let third = Self.record("HumanEval/901", prompt: "def third(x):\n    \"\"\"A third of x.\"\"\"\n", entryPoint: "third", solution: "    return x / 3\n",
                                test: "def check(candidate):\n    assert abs(candidate(3.0) - 1.0) < 1e-6\n",
                                base: "[[3.0]]", plus: "[[1.0], [2.0], [10.0]]")
        let task = try #require(try tasks([third]).first)
        // atol 0 with float outputs: EvalPlus compares within 1e-6 (np.allclose, rtol 1e-7).
        #expect(try await judge(task, "def third(x):\n    return x / 3 + 1e-9\n").correctPlus == true)
        #expect(try await judge(task, "def third(x):\n    return x / 3 + 1e-3\n").correctPlus == false)
        #expect(try await judge(task, "def third(x):\n    return round(x / 3, 2)\n").correctPlus == false)
    }

    @Test func wrongProgramsThatGameTheJudgeAreNotCorrect() async throws {
        let task = try #require(try tasks([Self.add]).first)
        let hostile = [
            // Pass lines for every input into every descriptor at import, then an exit.
            #"""
            import os
            for fd in range(64):
                for g, n in ((0, 1), (1, 4)):
                    for i in range(n):
                        try:
                            os.write(fd, ('{"g": %d, "i": %d, "s": "pass", "m": "", "t": false, "c": 0}\n' % (g, i)).encode())
                        except OSError:
                            pass
            os._exit(0)
            """#,
            // An int that equals everything.
            "def add(a, b):\n    class Yes(int):\n        def __eq__(self, other): return True\n    return Yes(0)\n",
            // The reference's outputs looked for in every object of its process.
            """
            def add(a, b):
                import gc
                for item in gc.get_objects():
                    if isinstance(item, list) and len(item) == 4 and all(type(x) is int for x in item):
                        return item[0]
                return 0
            """,
        ]
        for code in hostile {
            let verdict = try await judge(task, code)
            #expect(verdict.correctPlus == false, "\(code): \(String(describing: verdict.plus?.outcome))")
        }
    }

    @Test func aTimeoutOnOneInputDoesNotFailTheOthersAndHostileProgramsStayContained() async throws {
        let ident = Self.record("HumanEval/902", prompt: "def ident(n):\n    \"\"\"n itself.\"\"\"\n", entryPoint: "ident", solution: "    return n\n",
                                test: "def check(candidate):\n    assert candidate(1) == 1\n",
                                base: "[[1]]", plus: "[[2], [7], [3], [4]]")
        let task = try #require(try tasks([ident]).first)
        let looping = try await judge(task, "def ident(n):\n    while n == 7:\n        pass\n    return n\n")
        #expect(looping.correct)
        #expect(looping.correctPlus == false)
        #expect(looping.plus?.outcome.tests.map(\.inputs) == ["P", "PTPP"])
        #expect(looping.plus?.outcome.tests[1].status == .timeout)

        let marker = String(SandboxWorld.marker("plus").prefix(15))
        let hostile = """
            def ident(n):
                import ctypes, os, sys, time
                print('x' * 1000)
                if n == 3:
                    os._exit(0)
                if n == 4 and os.fork() == 0:
                    os.setsid()
                    ctypes.CDLL(None).prctl(15, b'\(marker)', 0, 0, 0)
                    time.sleep(60)
                return n

            """
        let contained = try await judge(task, hostile)
        // Input 3 ends the program's process; on input 4 it returns, but leaves a daemon running: both errors.
        #expect(contained.plus?.outcome.tests.map(\.inputs) == ["P", "PPEE"])
        #expect((contained.plus?.outcome.tests[0].outputBytes ?? 0) > 0)
        #expect(await SandboxWorld.remainingProcesses(containing: marker).isEmpty)
    }

    @Test func mbppPlusFilesUseTheirLayoutAndSpecialOracles() async throws {
        let prompt = "\"\"\"\nWrite a function to find the shared elements from the given two lists.\nassert set(similar_elements((3, 4, 5, 6),(5, 7, 4, 10))) == set((4, 5))\n\"\"\"\n"
        let line = Self.record("Mbpp/2", prompt: prompt, entryPoint: "similar_elements",
                               solution: "def similar_elements(test_tup1, test_tup2):\n  return tuple(set(test_tup1) & set(test_tup2))\n",
                               assertion: "assert set(similar_elements((3, 4, 5, 6),(5, 7, 4, 10))) == set((4, 5))\n",
                               base: "[[[3, 4, 5, 6], [5, 7, 4, 10]]]", plus: "[[[1, 2, 3], [3, 2, 9]], [[11, 12], [13]]]")
        let task = try #require(try tasks([line]).first)
        #expect(task.id == "Mbpp/2" && task.hiddenTests.count == 1 && task.plus?.dataset == .mbpp)
        // Mbpp/2's inputs are tuples (EvalPlus deserializes them) and its outputs compare as sets.
        let reversed = try await judge(task, "def similar_elements(a, b):\n    assert isinstance(a, tuple)\n    return sorted(set(a) & set(b), reverse=True)\n")
        #expect(reversed.correct && reversed.correctPlus == true)
        let wrong = try await judge(task, "def similar_elements(a, b):\n    return tuple(set(a) | set(b))\n")
        #expect(wrong.correctPlus == false)
    }

    @Test func theOracleIsStoredAndReplaysWithoutPython() async throws {
        let task = try #require(try tasks([Self.add]).first)
        let store = try CacheStore(path: directory.path("cache.sqlite"))
        let recorded = try await judge(task, "def add(a, b):\n    return 2\n",
                                       executor: try RecordingExecutor(mode: .record, store: store, live: Sandbox()))
        var noPython = SandboxWorld.protections
        noPython.pythonPath = directory.path("no-such-python")
        let replayed = try await judge(task, "def add(a, b):\n    return 2\n",
                                       executor: try RecordingExecutor(mode: .replay, store: store, live: Sandbox(protections: noPython)))
        #expect(replayed.plus?.outcome == recorded.plus?.outcome)
        #expect(replayed.plus?.key == recorded.plus?.key)
        #expect(replayed.reference?.source == .cache && replayed.calibration.source == .cache)
        // The program's execution is keyed by the reference's key, not by the figures the reference measured.
        let input = try #require(try store.execution(recorded.plus!.key)).input
        #expect(String(decoding: input, as: UTF8.self).contains(recorded.reference!.key.description))
        #expect(!String(decoding: input, as: UTF8.self).contains("cpu_ms"))
    }
}
