import Foundation
@testable import Engine
import Recorder
import Replay
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
}
