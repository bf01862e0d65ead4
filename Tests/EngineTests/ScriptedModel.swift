import Foundation
@testable import Engine
import Recorder
import Replay
import Synchronization

/// An in-process model for loop tests: answers each forced tool call with what the test's script says, in the
/// OpenAI wire format, and keeps every request body it saw.
final class ScriptedModel: Upstream {
    /// The script: given the tool name, how many times this tool has been asked in this conversation before
    /// (its assistant turns), and the request, the arguments to answer with (nil: answer with text only).
    typealias Script = @Sendable (_ tool: String, _ previousAnswers: Int, _ body: JSONValue) -> JSONValue?
    private let script: Script
    private let seen = Mutex<[JSONValue]>([])

    init(_ script: @escaping Script) { self.script = script }

    /// A model whose answer depends on the tool and the request's sample index (the n-th identical request).
    convenience init(bySample answer: @escaping @Sendable (_ tool: String, _ sampleIndex: Int) -> JSONValue?) {
        self.init { tool, _, body in answer(tool, body["__sample_index"]?.intValue ?? 0) }
    }

    var requests: [JSONValue] { seen.withLock { $0 } }

    func send(_ request: UpstreamRequest) async throws -> UpstreamResponse {
        var body = try JSONValue(parsing: request.body)
        seen.withLock { $0.append(body) }
        if case .object(var members) = body {
            members["__sample_index"] = .number(Double(request.sampleIndex))
            body = .object(members)
        }
        let tool = body["tool_choice"]?["function"]?["name"]?.stringValue ?? ""
        let previous = (body["messages"]?.arrayValue ?? []).count { $0["role"]?.stringValue == "assistant" }
        var message: JSONValue = ["role": "assistant", "content": "I would rather chat."]
        if let arguments = script(tool, previous, body) {
            message = ["role": "assistant", "content": .null, "tool_calls": [[
                "id": .string("call_\(tool)_\(previous)"), "type": "function",
                "function": ["name": .string(tool), "arguments": .string(arguments.canonicalString)],
            ]]]
        }
        let answer: JSONValue = [
            "id": "scripted", "object": "chat.completion", "model": "scripted",
            "choices": [["index": 0, "finish_reason": "tool_calls", "message": message]],
            "usage": ["prompt_tokens": 100, "completion_tokens": 10, "total_tokens": 110],
        ]
        return UpstreamResponse(status: 200, headers: [], body: answer.canonicalBytes)
    }
}

/// A task small enough to reason about in a test.
let absTask = CodingTask(
    id: "Toy/abs", prompt: "def absolute(x: int) -> int:\n    \"\"\"Return the absolute value of x.\"\"\"\n",
    entryPoint: "absolute",
    referenceSolution: "def absolute(x: int) -> int:\n    return -x if x < 0 else x\n",
    hiddenTests: ["assert absolute(-3) == 3\nassert absolute(4) == 4\nassert absolute(0) == 0\n"])

let rightAbs = "def absolute(x):\n    return x if x >= 0 else -x\n"
let wrongAbs = "def absolute(x):\n    return x\n"
let goodAbsTests: [String] = ["assert absolute(-1) == 1", "assert absolute(2) == 2", "assert absolute(0) == 0",
                              "assert absolute(-10) == 10", "assert absolute(7) == 7"]
