/// How `align proxy` listens and where it sends live calls.
public struct ProxyConfiguration: Sendable {
    /// The address to listen on.
    public var host: String
    /// The port; 0 picks a free one (the server reports which).
    public var port: Int
    /// Where OpenAI routes go: `https://api.openai.com` or any OpenAI-compatible server.
    public var openAIUpstream: String
    /// Where Anthropic routes go.
    public var anthropicUpstream: String
    /// The scope of requests that name none (no `X-Align-Scope`, no `/scope/NAME/` prefix).
    public var defaultScope: String
    /// The largest request body taken; a larger one is refused with 413.
    public var maxBodyBytes: Int

    /// Builds a configuration.
    public init(host: String = "127.0.0.1", port: Int = 0, openAIUpstream: String = "https://api.openai.com",
                anthropicUpstream: String = "https://api.anthropic.com", defaultScope: String = "proxy",
                maxBodyBytes: Int = 32 << 20)
    {
        self.host = host
        self.port = port
        self.openAIUpstream = Self.trimmed(openAIUpstream)
        self.anthropicUpstream = Self.trimmed(anthropicUpstream)
        self.defaultScope = defaultScope
        self.maxBodyBytes = maxBodyBytes
    }

    /// A base URL without trailing slashes or `/v1`: routes add the whole path.
    static func trimmed(_ url: String) -> String {
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        if base.hasSuffix("/v1") { base.removeLast(3) }
        return base
    }
}
