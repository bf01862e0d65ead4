import Recorder
import Replay

/// An answer read out of a provider's wire format: what the client hands on, and what the cache keeps about it.
struct DecodedAnswer {
    var model: String?
    var usage: TokenUsage
    var message: ChatMessageAssembly

    var summary: ResponseSummary {
        ResponseSummary(model: model, usage: usage, notCacheableReason: message.notCacheableReason)
    }
}

/// A wire format whose answers decode into a chat message: one reading serves both the cache and the client.
protocol ChatWireFormat: WireFormat {
    /// The answer in a whole body; nil when the body is not JSON.
    func decode(body: [UInt8]) -> DecodedAnswer?
    /// The answer put together from a stream's events.
    func decode(events: [StreamEvent]) -> DecodedAnswer
}

extension ChatWireFormat {
    public func summary(ofBody body: [UInt8]) -> ResponseSummary {
        decode(body: body)?.summary
            ?? ResponseSummary(model: nil, usage: TokenUsage(), notCacheableReason: "the body is not JSON")
    }

    public func summary(ofEvents events: [StreamEvent]) -> ResponseSummary {
        decode(events: events).summary
    }
}

/// OpenAI Chat Completions on the wire (also every OpenAI-compatible server: llama.cpp, vLLM, Ollama, LiteLLM).
public struct OpenAIWire: ChatWireFormat {
    public let provider: String

    /// `provider` names the service in keys: `openai`, or e.g. `llama-cpp` for a compatible server.
    public init(provider: String = "openai") { self.provider = provider }

    func decode(body: [UInt8]) -> DecodedAnswer? {
        guard let json = try? JSONValue(parsing: body) else { return nil }
        return DecodedAnswer(model: json["model"]?.stringValue, usage: Self.usage(json["usage"]),
                             message: ChatMessageAssembly(openAIChoice: json["choices"]?.arrayValue?.first))
    }

    func decode(events: [StreamEvent]) -> DecodedAnswer {
        var answer = DecodedAnswer(model: nil, usage: TokenUsage(), message: ChatMessageAssembly())
        for event in events where event.data != "[DONE]" {
            guard let chunk = try? JSONValue(parsing: event.data) else { continue }
            answer.model = answer.model ?? chunk["model"]?.stringValue
            if let reported = chunk["usage"], reported != .null { answer.usage = Self.usage(reported) }
            if let choice = chunk["choices"]?.arrayValue?.first { answer.message.add(openAIDelta: choice) }
        }
        return answer
    }

    /// `prompt_tokens` (cached included), `cached_tokens`, `completion_tokens` (reasoning included), `reasoning_tokens`.
    static func usage(_ json: JSONValue?) -> TokenUsage {
        guard let json else { return TokenUsage() }
        return TokenUsage(input: json["prompt_tokens"]?.intValue,
                          cachedInput: json["prompt_tokens_details"]?["cached_tokens"]?.intValue,
                          output: json["completion_tokens"]?.intValue,
                          reasoning: json["completion_tokens_details"]?["reasoning_tokens"]?.intValue)
    }
}

/// Anthropic Messages on the wire.
public struct AnthropicWire: ChatWireFormat {
    public let provider = "anthropic"

    /// The Anthropic format.
    public init() {}

    func decode(body: [UInt8]) -> DecodedAnswer? {
        guard let json = try? JSONValue(parsing: body) else { return nil }
        var message = ChatMessageAssembly()
        message.add(anthropicContent: json["content"]?.arrayValue ?? [], stopReason: json["stop_reason"]?.stringValue)
        return DecodedAnswer(model: json["model"]?.stringValue, usage: Self.usage(json["usage"], output: nil),
                             message: message)
    }

    func decode(events: [StreamEvent]) -> DecodedAnswer {
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
    static func usage(_ json: JSONValue?, output: Int?) -> TokenUsage {
        guard let json else { return TokenUsage(output: output) }
        let plain = json["input_tokens"]?.intValue
        let read = json["cache_read_input_tokens"]?.intValue
        let write = json["cache_creation_input_tokens"]?.intValue
        let input = plain.map { $0 + (read ?? 0) + (write ?? 0) }
        return TokenUsage(input: input, cachedInput: read, cacheWrite: write,
                          output: output ?? json["output_tokens"]?.intValue)
    }
}
