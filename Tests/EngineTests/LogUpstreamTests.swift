import Foundation
@testable import Engine
import Recorder
import Replay
import Testing
import TestSupport

@Suite struct LogUpstreamTests {
    let upstream = LogUpstream(path: fixturePath("tasks/agentcoder-humaneval-10.json.gz"), model: "log/agentcoder")

    private func ask(_ tool: Tool, task: CodingTask, answers: Int) async throws -> (Int, JSONValue) {
        var conversation = Conversation(system: "s", user: Prompts.code(task))
        for index in 0..<answers {
            conversation.turns.append(.toolCall(id: "c\(index)", name: tool.name, arguments: "{}"))
            conversation.answer("again")
        }
        let body = ChatClient.API.openAI(provider: "log").body(for: conversation, tool: tool, settings: ModelSettings(model: "log/agentcoder"))
        let response = try await upstream.send(UpstreamRequest(method: "POST", url: "log://x/v1/chat/completions", headers: [],
                                                               body: body.canonicalBytes))
        return (response.status, try JSONValue(parsing: try await collect(response.body)))
    }

    @Test func tryKGetsProgramKAndTestBlockK() async throws {
        let task = try #require(try TaskLoader.load(path: fixturePath("tasks/humaneval-10.jsonl"), only: ["HumanEval/2"]).first)
        let log = try PublishedLog(path: fixturePath("tasks/agentcoder-humaneval-10.json.gz"))
        let entry = try #require(log.entries.first { $0.taskID == "HumanEval/2" })
        for attempt in 0..<3 {
            let (status, answer) = try await ask(.writeCode, task: task, answers: attempt)
            #expect(status == 200)
            let call = try #require(answer["choices"]?.arrayValue?.first?["message"]?["tool_calls"]?.arrayValue?.first)
            #expect(call["function"]?["name"] == "write_code")
            let arguments = try JSONValue(parsing: try #require(call["function"]?["arguments"]?.stringValue))
            #expect(arguments["code"]?.stringValue == entry.programs[attempt])
            #expect(answer["usage"]?["prompt_tokens"]?.intValue ?? 0 > 0)
        }
        let (status, answer) = try await ask(.writeTests(minimum: 1), task: task, answers: 1)
        #expect(status == 200)
        let arguments = try JSONValue(parsing: try #require(
            answer["choices"]?.arrayValue?.first?["message"]?["tool_calls"]?.arrayValue?.first?["function"]?["arguments"]?.stringValue))
        #expect(arguments["tests"]?.arrayValue?.compactMap(\.stringValue) == PythonSource.splitTests(entry.testBlocks[1]))
        // Block 1 of this task redefines the function before its asserts: the redefinition is not a test.
        #expect(entry.testBlocks[1].contains("def truncate_number"))
        #expect(!(arguments["tests"]?.arrayValue ?? []).contains { $0.stringValue?.contains("def truncate_number") == true })
    }

    @Test func refusesWhatALogCannotAnswer() async throws {
        let task = try #require(try TaskLoader.load(path: fixturePath("tasks/humaneval-10.jsonl"), only: ["HumanEval/0"]).first)
        #expect(try await ask(.judgeFailures, task: task, answers: 0).0 == 400)
        #expect(try await ask(.writeCode, task: task, answers: 5).0 == 404)
        var unknown = task
        unknown.prompt = "def something_else():\n    pass\n"
        #expect(try await ask(.writeCode, task: unknown, answers: 0).0 == 404)
    }
}
