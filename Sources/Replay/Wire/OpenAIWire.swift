import Recorder

/// OpenAI Chat Completions on the wire (also every OpenAI-compatible server: llama.cpp, vLLM, Ollama, LiteLLM).
public struct OpenAIWire: ChatWireFormat {
    public let provider: String

    /// `provider` names the service in keys: `openai`, or e.g. `llama-cpp` for a compatible server.
    public init(provider: String = "openai") { self.provider = provider }

    public func decode(body: [UInt8]) -> DecodedAnswer? {
        guard let json = try? JSONValue(parsing: body) else { return nil }
        return DecodedAnswer(model: json["model"]?.stringValue, usage: Self.usage(json["usage"]),
                             message: ChatMessageAssembly(openAIChoice: json["choices"]?.arrayValue?.first))
    }

    public func decode(events: [StreamEvent]) -> DecodedAnswer {
        var answer = DecodedAnswer(model: nil, usage: TokenUsage(), message: ChatMessageAssembly())
        for event in events where event.data != "[DONE]" {
            guard let chunk = try? JSONValue(parsing: event.data) else { continue }
            answer.model = answer.model ?? chunk["model"]?.stringValue
            if let reported = chunk["usage"], reported != .null { answer.usage = Self.usage(reported) }
            // With `n` > 1 the choices stream interleaved; the message is choice 0's, as for a whole body.
            for choice in chunk["choices"]?.arrayValue ?? [] where (choice["index"]?.intValue ?? 0) == 0 {
                answer.message.add(openAIDelta: choice)
            }
        }
        return answer
    }

    /// `prompt_tokens` (cached included), `cached_tokens`, `completion_tokens` (reasoning included), `reasoning_tokens`.
    public static func usage(_ json: JSONValue?) -> TokenUsage {
        guard let json else { return TokenUsage() }
        return TokenUsage(input: json["prompt_tokens"]?.intValue,
                          cachedInput: json["prompt_tokens_details"]?["cached_tokens"]?.intValue,
                          output: json["completion_tokens"]?.intValue,
                          reasoning: json["completion_tokens_details"]?["reasoning_tokens"]?.intValue)
    }
}
