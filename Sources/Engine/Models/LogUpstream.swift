import Foundation
import Recorder
import Replay
import Synchronization

/// A provider that answers from a published log instead of a model: a `write_code` request at try k with sample
/// index s (the s-th identical request of its scope, from 0) gets the log's program k + s, a `write_tests` request
/// its test block k + s (split into single tests), in the OpenAI Chat Completions format with a forced tool call —
/// so a run on it is recorded, replayed and scored like a live one. The loop's try k thus gets program k, and
/// `codet` / `sample` asking n identical requests get programs 1…n.
///
/// The log carries no token counts: usage is estimated at 4 characters a token (prompt: the request's messages;
/// completion: the tool call's arguments) and the answer says so in `system_fingerprint`.
public final class LogUpstream: Upstream {
    /// The model name answers carry.
    public let model: String
    private let path: String
    private let log = Mutex<PublishedLog?>(nil)

    /// An upstream over the log at `path`, read at the first call (replay never needs the file).
    public init(path: String, model: String) {
        self.path = path
        self.model = model
    }

    public func send(_ request: UpstreamRequest) async throws -> UpstreamResponse {
        let log = try loaded()
        guard let body = try? JSONValue(parsing: request.body) else { return refusal(400, "the request body is not JSON") }
        let messages = body["messages"]?.arrayValue ?? []
        guard let tool = body["tool_choice"]?["function"]?["name"]?.stringValue else {
            return refusal(400, "a log answers only forced tool calls (tool_choice naming write_code or write_tests)")
        }
        let firstUser = messages.first { $0["role"]?.stringValue == "user" }?["content"]?.stringValue ?? ""
        guard let entry = log.entry(mentionedIn: firstUser) else {
            return refusal(404, "the log \(path) has no task whose prompt appears in the request")
        }
        let attempt = messages.count { $0["role"]?.stringValue == "assistant" } + 1 + request.sampleIndex
        let arguments: JSONValue
        switch tool {
        case "write_code":
            guard attempt <= entry.programs.count else {
                return refusal(404, "the log has \(entry.programs.count) programs for \(entry.taskID); try \(attempt) asked for more")
            }
            arguments = ["code": .string(entry.programs[attempt - 1])]
        case "write_tests":
            guard attempt <= entry.testBlocks.count else {
                return refusal(404, "the log has \(entry.testBlocks.count) test blocks for \(entry.taskID); try \(attempt) asked for more")
            }
            arguments = ["tests": .array(PythonSource.splitTests(entry.testBlocks[attempt - 1]).map(JSONValue.string))]
        default:
            return refusal(400, "a log holds code and tests only; it cannot answer `\(tool)` (a run from a log needs the judge off and the local format check)")
        }
        let argumentText = arguments.canonicalString
        let promptCharacters = messages.reduce(0) { $0 + ($1["content"]?.stringValue?.count ?? 0) }
        let slug = entry.taskID.replacingOccurrences(of: "/", with: "-")
        let answer: JSONValue = [
            "id": .string("log-\(slug)-\(tool)-\(attempt)"), "object": "chat.completion", "created": 0,
            "model": .string(model), "system_fingerprint": "published-log; usage estimated at 4 characters a token",
            "choices": [[
                "index": 0, "finish_reason": "tool_calls",
                "message": ["role": "assistant", "content": .null, "tool_calls": [[
                    "id": .string("call_\(slug)_\(tool)_\(attempt)"), "type": "function",
                    "function": ["name": .string(tool), "arguments": .string(argumentText)],
                ]]],
            ]],
            "usage": ["prompt_tokens": .number(Double((promptCharacters + 3) / 4)),
                      "completion_tokens": .number(Double((argumentText.count + 3) / 4)),
                      "total_tokens": .number(Double((promptCharacters + 3) / 4 + (argumentText.count + 3) / 4))],
        ]
        return UpstreamResponse(status: 200, headers: [("content-type", "application/json")], body: answer.canonicalBytes)
    }

    /// The fewest programs and test blocks any task of the log has (read now), to check a configuration against.
    public func capacity() throws -> (programs: Int, testBlocks: Int) {
        let entries = try loaded().entries
        return (entries.map(\.programs.count).min() ?? 0, entries.map(\.testBlocks.count).min() ?? 0)
    }

    private func loaded() throws -> PublishedLog {
        try log.withLock { log in
            if let log { return log }
            let read = try PublishedLog(path: path)
            log = read
            return read
        }
    }

    private func refusal(_ status: Int, _ message: String) -> UpstreamResponse {
        let body: JSONValue = ["error": ["message": .string(message), "type": "log_provider"]]
        return UpstreamResponse(status: status, headers: [("content-type", "application/json")], body: body.canonicalBytes)
    }
}
