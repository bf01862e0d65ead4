import Recorder

/// An answer read out of a provider's wire format: what a client hands on, and what the cache keeps about it.
public struct DecodedAnswer: Sendable, Equatable {
    /// The model that answered.
    public var model: String?
    /// The token counts.
    public var usage: TokenUsage
    /// The assistant message: text, tool calls, finish reason.
    public var message: ChatMessageAssembly

    /// Builds an answer.
    public init(model: String?, usage: TokenUsage, message: ChatMessageAssembly) {
        self.model = model
        self.usage = usage
        self.message = message
    }

    /// What the cache keeps about it: model, usage, and why it is not worth storing (if it is not).
    public var summary: ResponseSummary {
        ResponseSummary(model: model, usage: usage, notCacheableReason: message.notCacheableReason)
    }
}

/// A wire format whose answers decode into a chat message: one reading serves the cache, the loop and the proxy.
public protocol ChatWireFormat: WireFormat {
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
