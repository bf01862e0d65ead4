import Foundation
@testable import Engine
import Recorder
import Replay
import Testing
import TestSupport

@Suite struct TaskLoaderTests {
    let directory = TemporaryDirectory("tasks")

    @Test func readsHumanEvalLinesWithHiddenTestsApart() throws {
        let tasks = try TaskLoader.load(path: fixturePath("tasks/humaneval-10.jsonl"))
        #expect(tasks.count == 10)
        let first = try #require(tasks.first)
        #expect(first.id == "HumanEval/0")
        #expect(first.entryPoint == "has_close_elements")
        #expect(first.referenceSolution.hasPrefix(first.prompt))
        #expect(first.hiddenTests.count == 1)
        #expect(first.hiddenTests[0].hasSuffix("check(has_close_elements)\n"))
        // The prompt the model sees carries neither the hidden tests nor the reference body.
        #expect(!first.prompt.contains("def check("))
        #expect(!first.prompt.contains("for idx, elem in enumerate(numbers)"))
    }

    @Test func readsGzipAndFiltersByIDAndLimit() throws {
        let plain = try Data(contentsOf: URL(fileURLWithPath: fixturePath("tasks/humaneval-10.jsonl")))
        let gzipPath = directory.path("tasks.jsonl.gz")
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -c '\(fixturePath("tasks/humaneval-10.jsonl"))' > '\(gzipPath)'"]
        try gzip.run()
        gzip.waitUntilExit()
        #expect(try TaskLoader.load(path: gzipPath).count == 10)
        #expect(try Gzip.decompress([UInt8](Data(contentsOf: URL(fileURLWithPath: gzipPath)))) == [UInt8](plain))
        let chosen = try TaskLoader.load(path: gzipPath, only: ["HumanEval/3", "HumanEval/1"])
        #expect(chosen.map(\.id) == ["HumanEval/1", "HumanEval/3"])
        #expect(try TaskLoader.load(path: gzipPath, limit: 2).map(\.id) == ["HumanEval/0", "HumanEval/1"])
        #expect(throws: TaskFileError.self) { try TaskLoader.load(path: gzipPath, only: ["HumanEval/999"]) }
    }

    @Test func readsSanitizedMBPPWithSignatureButNoTests() throws {
        let tasks = try TaskLoader.load(path: fixturePath("tasks/mbpp-sanitized-5.json"))
        #expect(tasks.count == 5)
        let first = try #require(tasks.first)
        #expect(first.id == "Mbpp/2")
        #expect(first.entryPoint == "similar_elements")
        #expect(first.prompt.contains("def similar_elements(test_tup1, test_tup2):"))
        #expect(first.hiddenTests.count == 3)
        for test in first.hiddenTests { #expect(!first.prompt.contains(test)) }
    }

    @Test func malformedLineNamesFileAndLine() throws {
        let path = directory.path("bad.jsonl")
        let good = try String(contentsOfFile: fixturePath("tasks/humaneval-10.jsonl"), encoding: .utf8)
            .split(separator: "\n").prefix(2).joined(separator: "\n")
        try (good + "\n{\"task_id\": \"x\", \"prompt\": \n").write(toFile: path, atomically: true, encoding: .utf8)
        let error = try #require(throws: TaskFileError.self) { try TaskLoader.load(path: path) }
        #expect(error.line == 3)
        #expect(error.description.hasPrefix(path + ":3:"))
        try (good + "\n{\"task_id\": \"x\"}\n").write(toFile: path, atomically: true, encoding: .utf8)
        let missing = try #require(throws: TaskFileError.self) { try TaskLoader.load(path: path) }
        #expect(missing.line == 3)
        #expect(throws: TaskFileError.self) { try TaskLoader.load(path: directory.path("absent.jsonl")) }
    }
}

@Suite struct PythonSourceTests {
    @Test func splitsMultiLineStatementsAndDropsNonTests() {
        let block = """
            from typing import List

            def truncate_number(number: float) -> float:
                return number - int(number)

            # Test cases
            assert truncate_number(3.5) == 0.5, "half"
            assert truncate_number(
                7.25
            ) == 0.25
            assert f("a # not a comment", '''x
            y''') == 1
            print("done")
            """
        let tests = PythonSource.splitTests(block)
        #expect(tests == [
            "from typing import List\nassert truncate_number(3.5) == 0.5, \"half\"",
            "from typing import List\nassert truncate_number(\n    7.25\n) == 0.25",
            "from typing import List\nassert f(\"a # not a comment\", '''x\ny''') == 1",
        ])
    }

    @Test func testFunctionsOfOnlyAssertsBecomeSingleTests() {
        let block = """
            def test_prefix():
                # empty
                assert filter_by_prefix([], 'a') == []
                assert filter_by_prefix(['abc'], 'a') == ['abc']

            def test_setup():
                data = [1, 2]
                assert f(data) == 3

            test_prefix()
            """
        #expect(PythonSource.splitTests(block) == [
            "assert filter_by_prefix([], 'a') == []",
            "assert filter_by_prefix(['abc'], 'a') == ['abc']",
            "def test_setup():\n    data = [1, 2]\n    assert f(data) == 3",
        ])
    }
}

@Suite struct OutputSchemaTests {
    @Test func checksTypesCountsAndMembers() throws {
        let tests = Tool.writeTests(minimum: 2).schema
        #expect(try OutputSchema.check(arguments: #"{"tests": ["assert f(1)", "assert f(2)"]}"#, against: tests).get()["tests"]?.arrayValue?.count == 2)
        func problem(_ arguments: String, _ schema: JSONValue) -> String? {
            if case .failure(let problem) = OutputSchema.check(arguments: arguments, against: schema) { return problem.description }
            return nil
        }
        #expect(problem(#"{"tests": ["assert f(1)"]}"#, tests) == "arguments.tests has 1 items; at least 2 are required")
        #expect(problem(#"{"tests": ["a", 3]}"#, tests) == "arguments.tests[1] must be a string")
        #expect(problem(#"{"tests": ["a", "b"], "extra": 1}"#, tests) == "arguments has an unexpected member 'extra'")
        #expect(problem(#"{"code": "x"#, Tool.writeCode.schema)?.hasPrefix("the arguments are not valid JSON") == true)
        #expect(problem(#"{}"#, Tool.writeCode.schema) == "arguments lacks the required member 'code'")
        #expect(problem(#"{"code": "  "}"#, Tool.writeCode.schema) == "arguments.code is empty")
        #expect(problem(#"{"verdicts": [{"test": 1, "wrong": "both", "reason": "?"}]}"#, Tool.judgeFailures.schema)
            == #"arguments.verdicts[0].wrong must be one of "code", "test""#)
        #expect(problem(#"{"tests": ["a", "b", "c"]}"#, Tool.rewriteTests(count: 2).schema) == "arguments.tests has 3 items; at most 2 are allowed")
    }
}

@Suite struct ConversationTests {
    @Test func rendersToolTurnsForBothAPIs() throws {
        var conversation = Conversation(system: "sys", user: "write it")
        conversation.add({ var m = ChatMessageAssembly(); m.toolCalls = [ToolCall(id: "c1", name: "write_code", arguments: #"{"code":"x"}"#)]; return m }(),
                         fallbackID: "fallback")
        conversation.answer("fails")
        #expect(conversation.answers == 1)
        let settings = ModelSettings(model: "m", temperature: 0, maxTokens: 100)
        let openAI = ChatClient.API.openAI(provider: "openai").body(for: conversation, tool: .writeCode, settings: settings)
        let messages = try #require(openAI["messages"]?.arrayValue)
        #expect(messages.map { $0["role"]?.stringValue } == ["system", "user", "assistant", "tool"])
        #expect(messages[2]["tool_calls"]?.arrayValue?.first?["id"] == .string("c1"))
        #expect(messages[2]["content"] == "")
        #expect(messages[3]["tool_call_id"] == .string("c1"))
        #expect(openAI["tool_choice"]?["function"]?["name"] == .string("write_code"))
        let anthropic = ChatClient.API.anthropic.body(for: conversation, tool: .writeCode, settings: settings)
        let turns = try #require(anthropic["messages"]?.arrayValue)
        #expect(turns.map { $0["role"]?.stringValue } == ["user", "assistant", "user"])
        #expect(turns[1]["content"]?.arrayValue?.first?["input"] == ["code": "x"])
        #expect(turns[2]["content"]?.arrayValue?.first?["tool_use_id"] == .string("c1"))
        #expect(anthropic["system"] == .string("sys"))
        #expect(anthropic["tool_choice"] == ["type": "tool", "name": "write_code"])
    }
}
