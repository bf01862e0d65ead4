/// Which request headers change a model's answer (and so belong in the key), and what is redacted before storing.
public struct KeyPolicy: Sendable {
    /// Lowercased names of headers that change behaviour, such as `anthropic-version` and `anthropic-beta`.
    public var behaviourHeaders: Set<String>
    /// What is blanked out of request bodies before they are hashed and stored.
    public var redaction: Redaction

    /// Builds a policy; credential headers are dropped from `behaviourHeaders` whatever the caller lists.
    public init(behaviourHeaders: Set<String> = KeyPolicy.defaultBehaviourHeaders, redaction: Redaction = .default) {
        self.behaviourHeaders = Set(behaviourHeaders.map { $0.lowercased() }).subtracting(Credentials.headerNames)
        self.redaction = redaction
    }

    /// The headers of the OpenAI and Anthropic APIs that select an API version or beta behaviour.
    public static let defaultBehaviourHeaders: Set<String> = ["anthropic-version", "anthropic-beta", "openai-beta"]

    /// The default policy: the providers' behaviour headers and the default redaction.
    public static let `default` = KeyPolicy()
}

/// Names that carry credentials: never part of a key, never stored.
public enum Credentials {
    /// Request and response headers that carry credentials or session state (lowercased).
    public static let headerNames: Set<String> = [
        "authorization", "proxy-authorization", "x-api-key", "api-key", "x-goog-api-key", "cookie", "set-cookie",
        "set-cookie2", "openai-organization", "openai-project", "x-amz-security-token",
    ]

    /// Query parameters that carry credentials (some APIs take `?key=`).
    public static let queryParameterNames: Set<String> = ["key", "api_key", "api-key", "apikey", "access_token", "token"]

    /// True when a header must not be stored: a known credential name, or a name that says it holds one.
    public static func isSensitiveHeader(_ name: String) -> Bool {
        let lowered = name.lowercased()
        if headerNames.contains(lowered) { return true }
        return ["cookie", "auth", "api-key", "apikey", "secret", "token", "password", "session"].contains {
            lowered.utf8.containsBytes(of: $0)
        }
    }

    /// `path` with credential query parameters removed (`/v1/x?key=…&alt=sse` → `/v1/x?alt=sse`).
    public static func strippingCredentialQuery(from path: String) -> String {
        guard let question = path.firstIndex(of: "?") else { return path }
        let kept = path[path.index(after: question)...].split(separator: "&", omittingEmptySubsequences: true).filter {
            let name = $0.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            return !queryParameterNames.contains(name.lowercased())
        }
        return kept.isEmpty ? String(path[..<question]) : String(path[..<question]) + "?" + kept.joined(separator: "&")
    }
}
