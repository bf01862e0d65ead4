/// A `model_call` event: one model call of a task, with the key of the interaction that answered it.
public struct ModelCallEvent: RunEventPayload {
    public static let kind = RunEventKind.modelCall

    /// What the call was for.
    public var phase: ModelCallPhase
    /// The interaction's cache key (`sha256:…`).
    public var key: String
    /// `live`: recorded by this run (spent); `cache`: served from the cache.
    public var source: CallSource
    /// The provider the call went to.
    public var provider: String
    /// The model as requested.
    public var model: String
    /// Token counts as the provider reported them.
    public var usage: TokenUsage

    /// Builds an event.
    public init(phase: ModelCallPhase, key: String, source: CallSource, provider: String, model: String, usage: TokenUsage) {
        self.phase = phase
        self.key = key
        self.source = source
        self.provider = provider
        self.model = model
        self.usage = usage
    }

    enum CodingKeys: String, CodingKey { case phase, key, source, provider, model, usage }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        phase = try container.decode(ModelCallPhase.self, forKey: .phase)
        key = try container.decode(String.self, forKey: .key)
        source = try container.decode(CallSource.self, forKey: .source)
        provider = try container.decode(String.self, forKey: .provider)
        model = try container.decode(String.self, forKey: .model)
        usage = TokenUsage(json: try container.decodeIfPresent(JSONValue.self, forKey: .usage) ?? .null)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(phase, forKey: .phase)
        try container.encode(key, forKey: .key)
        try container.encode(source, forKey: .source)
        try container.encode(provider, forKey: .provider)
        try container.encode(model, forKey: .model)
        try container.encode(usage.json, forKey: .usage)
    }
}
