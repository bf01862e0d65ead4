import Recorder

/// The assistant message of an answer, put together from a whole body or from stream deltas.
public struct ChatMessageAssembly: Sendable, Equatable {
    /// The text content.
    public var text = ""
    /// Tool calls in order.
    public var toolCalls: [ToolCall] = []
    /// Why the model stopped (`stop`, `tool_calls`, `end_turn`, `tool_use`, `length`, `content_filter`, …).
    public var finishReason: String?

    /// An empty message.
    public init() {}

    /// The message of a whole OpenAI choice.
    init(openAIChoice choice: JSONValue?) {
        guard let choice else { return }
        let message = choice["message"]
        text = message?["content"]?.stringValue ?? ""
        for call in message?["tool_calls"]?.arrayValue ?? [] {
            toolCalls.append(ToolCall(id: call["id"]?.stringValue, name: call["function"]?["name"]?.stringValue ?? "",
                                      arguments: call["function"]?["arguments"]?.stringValue ?? ""))
        }
        finishReason = choice["finish_reason"]?.stringValue
    }

    /// Adds one OpenAI stream chunk's choice: text and tool-call fragments by index.
    mutating func add(openAIDelta choice: JSONValue) {
        let delta = choice["delta"]
        text += delta?["content"]?.stringValue ?? ""
        for fragment in delta?["tool_calls"]?.arrayValue ?? [] {
            let index = fragment["index"]?.intValue ?? toolCalls.count
            while toolCalls.count <= index { toolCalls.append(ToolCall(name: "", arguments: "")) }
            if let id = fragment["id"]?.stringValue { toolCalls[index].id = id }
            toolCalls[index].name += fragment["function"]?["name"]?.stringValue ?? ""
            toolCalls[index].arguments += fragment["function"]?["arguments"]?.stringValue ?? ""
        }
        if let reason = choice["finish_reason"]?.stringValue { finishReason = reason }
    }

    /// Adds the content blocks of a whole Anthropic message.
    mutating func add(anthropicContent blocks: [JSONValue], stopReason: String?) {
        for block in blocks {
            switch block["type"]?.stringValue {
            case "text": text += block["text"]?.stringValue ?? ""
            case "tool_use":
                toolCalls.append(ToolCall(id: block["id"]?.stringValue, name: block["name"]?.stringValue ?? "",
                                          arguments: block["input"].map { $0.canonicalString } ?? "{}"))
            default: break
            }
        }
        finishReason = stopReason
    }

    /// Adds an Anthropic `content_block_start` or `content_block_delta` event.
    mutating func add(anthropicEvent json: JSONValue) {
        let index = json["index"]?.intValue ?? 0
        if json["type"]?.stringValue == "content_block_start", let block = json["content_block"] {
            if block["type"]?.stringValue == "tool_use" {
                blockTools[index] = toolCalls.count
                toolCalls.append(ToolCall(id: block["id"]?.stringValue, name: block["name"]?.stringValue ?? "",
                                          arguments: ""))
            } else {
                text += block["text"]?.stringValue ?? ""
            }
            return
        }
        let delta = json["delta"]
        switch delta?["type"]?.stringValue {
        case "text_delta": text += delta?["text"]?.stringValue ?? ""
        case "input_json_delta":
            if let tool = blockTools[index] { toolCalls[tool].arguments += delta?["partial_json"]?.stringValue ?? "" }
        default: break
        }
    }

    private var blockTools: [Int: Int] = [:]

    /// Why the answer is not worth caching: nothing came back, or a content filter stopped it.
    public var notCacheableReason: String? {
        if finishReason == "content_filter" || finishReason == "refusal" { return "a content filter stopped it" }
        if text.isEmpty && toolCalls.isEmpty { return "the output is empty" }
        return nil
    }
}
