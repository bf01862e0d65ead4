import Recorder

/// OpenAI embeddings, `POST /v1/embeddings`: never streamed; an answer with no vectors is not worth keeping.
public struct OpenAIEmbeddingsWire: WireFormat {
    public let provider: String

    /// `provider` names the service in keys.
    public init(provider: String = "openai") { self.provider = provider }

    public func summary(ofBody body: [UInt8]) -> ResponseSummary {
        guard let json = try? JSONValue(parsing: body) else {
            return ResponseSummary(model: nil, usage: TokenUsage(), notCacheableReason: "the body is not JSON")
        }
        let empty = (json["data"]?.arrayValue ?? []).isEmpty
        return ResponseSummary(model: json["model"]?.stringValue,
                               usage: TokenUsage(input: json["usage"]?["prompt_tokens"]?.intValue, output: 0),
                               notCacheableReason: empty ? "the output is empty" : nil)
    }

    public func summary(ofEvents events: [StreamEvent]) -> ResponseSummary {
        ResponseSummary(model: nil, usage: TokenUsage(), notCacheableReason: "embeddings do not stream")
    }
}
