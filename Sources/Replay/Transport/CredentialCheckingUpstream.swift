import Foundation

/// A live call was about to go out without the provider's API key.
public struct MissingCredential: Error, CustomStringConvertible, Sendable {
    /// The environment variable the key comes from, e.g. `OPENAI_API_KEY`.
    public let variable: String

    /// Builds the error.
    public init(variable: String) { self.variable = variable }

    public var description: String { "\(variable) is not set (needed for live calls on a cache miss)" }
}

/// Refuses a live call that carries no credential, before anything goes out: a missing key is then named as such,
/// not reported as the provider's 401 or a failed lookup. Cache hits never reach an upstream, so they need no key.
public struct CredentialCheckingUpstream: Upstream {
    /// The upstream that calls go to when they carry a key.
    public let base: any Upstream
    /// The headers that carry the key (lowercased), e.g. `authorization` or `x-api-key`.
    public let headers: Set<String>
    /// The variable named in the error.
    public let variable: String

    /// Wraps `base`.
    public init(_ base: any Upstream, headers: Set<String>, variable: String) {
        self.base = base
        self.headers = Set(headers.map { $0.lowercased() })
        self.variable = variable
    }

    /// `upstream`, refusing live calls without a key for the providers that always need one: `openai`
    /// (`OPENAI_API_KEY` in `Authorization`) and `anthropic` (`ANTHROPIC_API_KEY` in `x-api-key`). Any other provider,
    /// such as a local OpenAI-compatible server, may need none and gets `upstream` as it is.
    public static func checking(_ upstream: any Upstream, provider: String) -> any Upstream {
        switch provider {
        case "openai": CredentialCheckingUpstream(upstream, headers: ["authorization"], variable: "OPENAI_API_KEY")
        case "anthropic": CredentialCheckingUpstream(upstream, headers: ["x-api-key"], variable: "ANTHROPIC_API_KEY")
        default: upstream
        }
    }

    public func send(_ request: UpstreamRequest) async throws -> UpstreamResponse {
        let carriesKey = request.headers.contains { header in
            guard headers.contains(header.name.lowercased()) else { return false }
            let value = header.value.hasPrefix("Bearer ") ? String(header.value.dropFirst(7)) : header.value
            return !value.trimmingCharacters(in: .whitespaces).isEmpty
        }
        guard carriesKey else { throw MissingCredential(variable: variable) }
        return try await base.send(request)
    }
}
