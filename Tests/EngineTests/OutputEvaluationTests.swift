@testable import Engine
import Foundation
import Recorder
import Replay
import Sandbox
import Testing
import TestSupport

/// `align eval`'s scoring: records from a JSON array, a chosen code member, MBPP ids as numbers in strings.
@Suite struct OutputEvaluationTests {
    @Test func scoresAgentCoderStyleMBPPRecords() async throws {
        let tasks = try TaskLoader.load(path: fixturePath("tasks/mbpp-sanitized-5.json"))
        let task = try #require(tasks.first)
        // AgentCoder's MBPP files keep the benchmark's reference in `code` and the model's program in `completion`.
        let records: JSONValue = [
            ["task_id": "2", "code": .string(task.referenceSolution), "completion": "def similar_elements(a, b):\n    return ()\n",
             "passed": "True"],
            ["task_id": 2, "code": .string(task.referenceSolution), "completion": "def similar_elements(a, b):\n    return tuple(set(a) & set(b))\n",
             "passed": "True"],
        ]
        let evaluation = OutputEvaluation(executor: Sandbox(), limits: SandboxLimits(testTimeoutSeconds: 3), codeField: "completion")
        let scored = try await evaluation.score(lines: records.canonicalBytes, path: "outputs.json", tasks: tasks)
        #expect(scored.map(\.taskID) == ["Mbpp/2", "Mbpp/2"])
        #expect(scored.map(\.correct) == [false, true])
        #expect(scored.map(\.claimedCorrect) == [true, true])
        #expect(scored.map(\.line) == [1, 2])
        // Without the member named, `code` (the reference here) is what would be scored.
        let naive = try await OutputEvaluation(executor: Sandbox(), limits: SandboxLimits(testTimeoutSeconds: 3))
            .score(lines: records.canonicalBytes, path: "outputs.json", tasks: tasks)
        #expect(naive.map(\.correct) == [true, true])
    }

    @Test func findsTheFunctionTheReferenceDefinesEvenWithABuiltinsName() {
        #expect(TaskLoader.calledFunction(in: "assert sum(10,15) == 6", definedIn: "def sum(a,b): \r\n    return a\r\n") == "sum")
        #expect(TaskLoader.calledFunction(in: "assert is_Diff (12345) == False", definedIn: "def is_Diff(n): \n    return n\n") == "is_Diff")
        #expect(TaskLoader.calledFunction(in: "assert set(f(1)) == set()", definedIn: "def helper():\n    pass\ndef f(x):\n    return x\n") == "f")
        #expect(TaskLoader.definition(of: "sum", in: "def sum(a,b): \r\n    return a\r\n") == "def sum(a,b):")
    }

    @Test func humanEvalProgramsRunAfterTheWholePromptAsHumanEvalRunsThem() async throws {
        // HumanEval/38's hidden test calls `encode_cyclic`, which only the prompt defines.
        let tasks = try TaskLoader.load(path: fixturePath("tasks/HumanEval.jsonl.gz"), only: ["HumanEval/38"])
        let records: JSONValue = [
            ["task_id": "HumanEval/38", "completion": "    return encode_cyclic(encode_cyclic(s))\n", "is_solved": true],
            ["task_id": "HumanEval/38", "solution": "def decode_cyclic(s: str):\n    return encode_cyclic(encode_cyclic(s))\n",
             "is_solved": false],
            ["task_id": "HumanEval/38", "solution": "def decode_cyclic(s: str):\n    return s\n", "is_solved": true],
            ["task_id": "HumanEval/38", "solution": "  \n", "is_solved": true],
            ["task_id": "HumanEval/38", "solution": "def decode_cyclic(s:\n", "is_solved": false],
        ]
        let scored = try await OutputEvaluation(executor: Sandbox(), limits: SandboxLimits(testTimeoutSeconds: 3), jobs: 2)
            .score(lines: records.canonicalBytes, path: "outputs.json", tasks: tasks)
        #expect(scored.map(\.line) == [1, 2, 3, 4, 5])
        #expect(scored.map(\.correct) == [true, true, false, false, false])
        #expect(scored.map(\.disagrees) == [false, true, true, true, false])
        #expect(scored[2].failure?.hasPrefix("fail: AssertionError") == true)
        #expect(scored[3].program == .empty)
        guard case .unparsable(let message) = scored[4].program else {
            Issue.record("line 5 should not parse")
            return
        }
        #expect(message.hasPrefix("SyntaxError"))
        // MBPP keeps its assembly: only the prompt's imports go in front.
        let mbpp = try #require(try TaskLoader.load(path: fixturePath("tasks/mbpp-sanitized-5.json")).first)
        #expect(mbpp.assembly == .imports && mbpp.runnable("x = 1") == (mbpp.preamble.isEmpty ? "x = 1" : mbpp.preamble + "\nx = 1"))
    }

    @Test func hiddenTestLimitsComeFromTheReferencesTimeAndKeysFromItsMeasurement() async throws {
        let oracle = HiddenTestOracle(executor: Sandbox(), limits: SandboxLimits(testTimeoutSeconds: 5))
        func measured(_ milliseconds: Int) -> ExecutionOutcome {
            ExecutionOutcome(tests: [TestOutcome(index: 0, status: .pass, cpuMilliseconds: milliseconds)])
        }
        #expect(oracle.derivedLimit(measured(20)) == 5)
        #expect(oracle.derivedLimit(measured(2_001)) == 8.1)
        #expect(oracle.derivedLimit(ExecutionOutcome(tests: [], loadError: "no")) == 5)
        // A task whose reference takes a while gets a limit of 4 × its time, measured once and stored.
        let slow = CodingTask(id: "slow", prompt: "def f():\n", entryPoint: "f",
                              referenceSolution: "def f():\n    t = 0\n    for i in range(3 * 10**6):\n        t += i\n    return t\n",
                              hiddenTests: ["assert f() == sum(range(3 * 10**6))"], assembly: .prompt)
        let directory = TemporaryDirectory()
        let store = try CacheStore(path: directory.path("cache.sqlite"))
        let recording = HiddenTestOracle(executor: try RecordingExecutor(mode: .record, store: store, live: Sandbox()),
                                         limits: SandboxLimits(testTimeoutSeconds: 0.1))
        let verdict = try await recording.judge(slow, code: "    return sum(range(3 * 10**6))\n")
        #expect(verdict.correct)
        let cpu = try #require(verdict.calibration.outcome.tests.first?.cpuMilliseconds)
        #expect(verdict.timeLimit == max(0.1, (4 * Double(cpu) / 100).rounded(.up) / 10))
        let input = String(decoding: try #require(try store.execution(verdict.official.key)).input, as: UTF8.self)
        #expect(input.contains(verdict.calibration.key.description) && !input.contains("\(verdict.timeLimit)"))
    }
}
