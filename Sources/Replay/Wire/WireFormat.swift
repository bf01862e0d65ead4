import Recorder

/// What the recording transport needs to know about a provider's wire format.
///
/// The Engine's model clients implement it for OpenAI and Anthropic; the transport itself stays format-agnostic.
public protocol WireFormat: Sendable {
    /// The provider name that goes into keys (`openai`, `anthropic`).
    var provider: String { get }
    /// Token usage and model of a whole response body.
    func summary(ofBody body: [UInt8]) -> ResponseSummary
    /// Token usage and model of a streamed response, from its events.
    func summary(ofEvents events: [StreamEvent]) -> ResponseSummary
}

/// What a response said about itself, as far as the cache cares.
public struct ResponseSummary: Sendable, Equatable {
    /// The model that answered.
    public var model: String?
    /// The token counts.
    public var usage: TokenUsage
    /// Why it is not worth keeping: an empty output or a content-filter stop. Nil when it is.
    public var notCacheableReason: String?

    /// Builds a summary.
    public init(model: String?, usage: TokenUsage, notCacheableReason: String? = nil) {
        self.model = model
        self.usage = usage
        self.notCacheableReason = notCacheableReason
    }
}
