import Recorder

/// OpenAI Responses, `POST /v1/responses`: output items (messages with `output_text`, function calls), and in a
/// stream, the whole response again in its final `response.completed` (or `.incomplete`, `.failed`) event.
public struct OpenAIResponsesWire: ChatWireFormat {
    public let provider: String

    /// `provider` names the service in keys.
    public init(provider: String = "openai") { self.provider = provider }

    public func decode(body: [UInt8]) -> DecodedAnswer? {
        guard let json = try? JSONValue(parsing: body) else { return nil }
        return Self.answer(json)
    }

    public func decode(events: [StreamEvent]) -> DecodedAnswer {
        var final: JSONValue?
        for event in events {
            guard let json = try? JSONValue(parsing: event.data),
                  let type = json["type"]?.stringValue,
                  ["response.completed", "response.incomplete", "response.failed"].contains(type) else { continue }
            final = json["response"]
        }
        return final.map(Self.answer) ?? DecodedAnswer(model: nil, usage: TokenUsage(), message: ChatMessageAssembly())
    }

    private static func answer(_ json: JSONValue) -> DecodedAnswer {
        var message = ChatMessageAssembly()
        for item in json["output"]?.arrayValue ?? [] {
            switch item["type"]?.stringValue {
            case "message":
                for part in item["content"]?.arrayValue ?? [] where part["type"]?.stringValue == "output_text" {
                    message.text += part["text"]?.stringValue ?? ""
                }
            case "function_call":
                message.toolCalls.append(ToolCall(id: item["call_id"]?.stringValue, name: item["name"]?.stringValue ?? "",
                                                  arguments: item["arguments"]?.stringValue ?? ""))
            default: break
            }
        }
        let status = json["status"]?.stringValue
        // A failed response is not an answer; an incomplete one says why (`max_output_tokens`, `content_filter`).
        message.finishReason = json["incomplete_details"]?["reason"]?.stringValue
            ?? (status == "failed" ? "content_filter" : status)
        let usage = json["usage"]
        return DecodedAnswer(
            model: json["model"]?.stringValue,
            usage: TokenUsage(input: usage?["input_tokens"]?.intValue,
                              cachedInput: usage?["input_tokens_details"]?["cached_tokens"]?.intValue,
                              output: usage?["output_tokens"]?.intValue,
                              reasoning: usage?["output_tokens_details"]?["reasoning_tokens"]?.intValue),
            message: message)
    }
}
