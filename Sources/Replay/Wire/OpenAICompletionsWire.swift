import Recorder

/// OpenAI's legacy text completions, `POST /v1/completions`: the answer is `choices[0].text`.
public struct OpenAICompletionsWire: ChatWireFormat {
    public let provider: String

    /// `provider` names the service in keys.
    public init(provider: String = "openai") { self.provider = provider }

    public func decode(body: [UInt8]) -> DecodedAnswer? {
        guard let json = try? JSONValue(parsing: body) else { return nil }
        var message = ChatMessageAssembly()
        if let choice = json["choices"]?.arrayValue?.first { Self.add(choice, to: &message) }
        return DecodedAnswer(model: json["model"]?.stringValue, usage: OpenAIWire.usage(json["usage"]), message: message)
    }

    public func decode(events: [StreamEvent]) -> DecodedAnswer {
        var answer = DecodedAnswer(model: nil, usage: TokenUsage(), message: ChatMessageAssembly())
        for event in events where event.data != "[DONE]" {
            guard let chunk = try? JSONValue(parsing: event.data) else { continue }
            answer.model = answer.model ?? chunk["model"]?.stringValue
            if let reported = chunk["usage"], reported != .null { answer.usage = OpenAIWire.usage(reported) }
            for choice in chunk["choices"]?.arrayValue ?? [] where (choice["index"]?.intValue ?? 0) == 0 {
                Self.add(choice, to: &answer.message)
            }
        }
        return answer
    }

    private static func add(_ choice: JSONValue, to message: inout ChatMessageAssembly) {
        message.text += choice["text"]?.stringValue ?? ""
        if let reason = choice["finish_reason"]?.stringValue { message.finishReason = reason }
    }
}
