import Recorder

/// Anthropic Messages on the wire.
public struct AnthropicWire: ChatWireFormat {
    public let provider = "anthropic"

    /// The Anthropic format.
    public init() {}

    public func decode(body: [UInt8]) -> DecodedAnswer? {
        guard let json = try? JSONValue(parsing: body) else { return nil }
        var message = ChatMessageAssembly()
        message.add(anthropicContent: json["content"]?.arrayValue ?? [], stopReason: json["stop_reason"]?.stringValue)
        return DecodedAnswer(model: json["model"]?.stringValue, usage: Self.usage(json["usage"], output: nil),
                             message: message)
    }

    public func decode(events: [StreamEvent]) -> DecodedAnswer {
        var model: String?
        var start: JSONValue?
        var output: Int?
        var message = ChatMessageAssembly()
        for event in events {
            guard let json = try? JSONValue(parsing: event.data) else { continue }
            switch json["type"]?.stringValue {
            case "message_start":
                model = json["message"]?["model"]?.stringValue
                start = json["message"]?["usage"]
            case "content_block_start", "content_block_delta":
                message.add(anthropicEvent: json)
            case "message_delta":
                output = json["usage"]?["output_tokens"]?.intValue ?? output
                if let reason = json["delta"]?["stop_reason"]?.stringValue { message.finishReason = reason }
            default: break
            }
        }
        return DecodedAnswer(model: model, usage: Self.usage(start, output: output), message: message)
    }

    /// Anthropic counts cache reads and writes apart from `input_tokens`; SelfAlign's input includes them, as
    /// OpenAI's does, so that every provider's input means all prompt tokens.
    public static func usage(_ json: JSONValue?, output: Int?) -> TokenUsage {
        guard let json else { return TokenUsage(output: output) }
        let plain = json["input_tokens"]?.intValue
        let read = json["cache_read_input_tokens"]?.intValue
        let write = json["cache_creation_input_tokens"]?.intValue
        let input = plain.map { $0 + (read ?? 0) + (write ?? 0) }
        return TokenUsage(input: input, cachedInput: read, cacheWrite: write,
                          output: output ?? json["output_tokens"]?.intValue)
    }
}
