import Replay

extension ProviderKind {
    /// The wire API a client of this provider speaks (a published log is answered in OpenAI's format).
    public var chatAPI: ChatClient.API {
        switch self {
        case .openAI: .openAI(provider: "openai")
        case .anthropic: .anthropic
        case .openAICompatible: .openAI(provider: "openai-compatible")
        case .log: .openAI(provider: "log")
        }
    }

    /// The chain a live call of this provider goes through: its API key checked before anything goes out (a miss
    /// without it stops with the key's name), then retries, then HTTP.
    /// - Parameter retries: retries after the first attempt.
    public func liveUpstream(retries: Int) -> any Upstream {
        CredentialCheckingUpstream.checking(
            RetryingUpstream(HTTPClientUpstream(), policy: .init(maxAttempts: max(1, retries + 1))), provider: rawValue)
    }
}
