import Recorder

/// An endpoint whose answers carry no usage and are always worth keeping when they succeed, such as `GET /v1/models`.
public struct PassThroughWire: WireFormat {
    public let provider: String

    /// `provider` names the service in keys.
    public init(provider: String) { self.provider = provider }

    public func summary(ofBody body: [UInt8]) -> ResponseSummary {
        ResponseSummary(model: nil, usage: TokenUsage())
    }

    public func summary(ofEvents events: [StreamEvent]) -> ResponseSummary {
        ResponseSummary(model: nil, usage: TokenUsage())
    }
}
