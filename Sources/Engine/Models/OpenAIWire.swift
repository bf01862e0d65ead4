import Recorder
import Replay

/// OpenAI Chat Completions on the wire (also every OpenAI-compatible server: llama.cpp, vLLM, Ollama, LiteLLM).
public struct OpenAIWire: WireFormat {
    public let provider: String

    /// `provider` names the service in keys: `openai`, or e.g. `llama-cpp` for a compatible server.
    public init(provider: String = "openai") { self.provider = provider }

    public func summary(ofBody body: [UInt8]) -> ResponseSummary {
        guard let json = try? JSONValue(parsing: body) else {
            return ResponseSummary(model: nil, usage: TokenUsage(), notCacheableReason: "the body is not JSON")
        }
        let message = ChatMessageAssembly(openAIChoice: json["choices"]?.arrayValue?.first)
        return ResponseSummary(model: json["model"]?.stringValue, usage: Self.usage(json["usage"]),
                               notCacheableReason: message.notCacheableReason)
    }

    public func summary(ofEvents events: [StreamEvent]) -> ResponseSummary {
        var model: String?
        var usage = TokenUsage()
        var assembly = ChatMessageAssembly()
        for event in events where event.data != "[DONE]" {
            guard let chunk = try? JSONValue(parsing: event.data) else { continue }
            model = model ?? chunk["model"]?.stringValue
            if let reported = chunk["usage"], reported != .null { usage = Self.usage(reported) }
            if let choice = chunk["choices"]?.arrayValue?.first { assembly.add(openAIDelta: choice) }
        }
        return ResponseSummary(model: model, usage: usage, notCacheableReason: assembly.notCacheableReason)
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
public struct AnthropicWire: WireFormat {
    public let provider = "anthropic"

    /// The Anthropic format.
    public init() {}

    public func summary(ofBody body: [UInt8]) -> ResponseSummary {
        guard let json = try? JSONValue(parsing: body) else {
            return ResponseSummary(model: nil, usage: TokenUsage(), notCacheableReason: "the body is not JSON")
        }
        var assembly = ChatMessageAssembly()
        assembly.add(anthropicContent: json["content"]?.arrayValue ?? [], stopReason: json["stop_reason"]?.stringValue)
        return ResponseSummary(model: json["model"]?.stringValue, usage: Self.usage(json["usage"], output: nil),
                               notCacheableReason: assembly.notCacheableReason)
    }

    public func summary(ofEvents events: [StreamEvent]) -> ResponseSummary {
        var model: String?
        var start: JSONValue?
        var output: Int?
        var assembly = ChatMessageAssembly()
        for event in events {
            guard let json = try? JSONValue(parsing: event.data) else { continue }
            switch json["type"]?.stringValue {
            case "message_start":
                model = json["message"]?["model"]?.stringValue
                start = json["message"]?["usage"]
            case "content_block_start", "content_block_delta":
                assembly.add(anthropicEvent: json)
            case "message_delta":
                output = json["usage"]?["output_tokens"]?.intValue ?? output
                if let reason = json["delta"]?["stop_reason"]?.stringValue { assembly.finishReason = reason }
            default: break
            }
        }
        return ResponseSummary(model: model, usage: Self.usage(start, output: output),
                               notCacheableReason: assembly.notCacheableReason)
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
