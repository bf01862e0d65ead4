import Foundation
import Replay

/// The provider family of a route: it decides where live calls go and the shape of the proxy's own errors.
public enum ProviderFamily: String, Sendable {
    case openAI = "openai"
    case anthropic
}

/// One endpoint the proxy serves: which provider, which wire format reads its answers.
struct ProxyRoute: Sendable {
    let family: ProviderFamily
    let method: String
    let format: any WireFormat

    /// The routes, as the 404 answer lists them.
    static let listing = [
        "POST /v1/chat/completions", "POST /v1/completions", "POST /v1/embeddings", "POST /v1/responses",
        "GET /v1/models", "POST /v1/messages",
        "any of these under /scope/NAME (e.g. /scope/test-1/v1/chat/completions), or with an X-Align-Scope header",
    ]

    /// The route for `method` and `path` (query excluded), or nil.
    static func match(method: String, path: String) -> ProxyRoute? {
        switch (method, path) {
        case ("POST", "/v1/chat/completions"): ProxyRoute(family: .openAI, method: method, format: OpenAIWire())
        case ("POST", "/v1/completions"): ProxyRoute(family: .openAI, method: method, format: OpenAICompletionsWire())
        case ("POST", "/v1/embeddings"): ProxyRoute(family: .openAI, method: method, format: OpenAIEmbeddingsWire())
        case ("POST", "/v1/responses"): ProxyRoute(family: .openAI, method: method, format: OpenAIResponsesWire())
        case ("POST", "/v1/messages"): ProxyRoute(family: .anthropic, method: method, format: AnthropicWire())
        case ("GET", "/v1/models"):
            ProxyRoute(family: .openAI, method: method, format: PassThroughWire(provider: "openai"))
        case ("GET", _) where path.hasPrefix("/v1/models/") && path.count > "/v1/models/".count:
            ProxyRoute(family: .openAI, method: method, format: PassThroughWire(provider: "openai"))
        default: nil
        }
    }

    /// Splits a `/scope/NAME/v1/...` path into the scope name (percent-decoded) and the endpoint path.
    static func splitScope(_ path: String) -> (scope: String?, path: String) {
        guard path.hasPrefix("/scope/") else { return (nil, path) }
        let rest = path.dropFirst("/scope/".count)
        guard let slash = rest.firstIndex(of: "/"), slash != rest.startIndex else { return (nil, path) }
        let name = String(rest[..<slash])
        return (name.removingPercentEncoding ?? name, String(rest[slash...]))
    }
}
