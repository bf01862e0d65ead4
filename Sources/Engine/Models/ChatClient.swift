import Foundation
import Recorder
import Replay

/// What a chat call returned, put together from a whole body or a stream.
public struct ChatCompletion: Sendable {
    /// The assistant message: text, tool calls, finish reason.
    public var message: ChatMessageAssembly
    /// The model that answered.
    public var model: String?
    /// Token counts.
    public var usage: TokenUsage
    /// The call's cache key and sample index.
    public var key: CacheKey
    public var sampleIndex: Int
    /// Whether it was served from the cache.
    public var source: ReplySource
}

/// A chat model behind one wire format: OpenAI Chat Completions (and compatible servers) or Anthropic Messages.
///
/// Every call goes through the recording transport, so the cache mode decides whether it is served, recorded,
/// refreshed or refused. Credentials come from the environment and go only into the live request's headers.
public struct ChatClient: Sendable {
    /// The wire formats.
    public enum API: Sendable {
        /// `POST /v1/chat/completions`; `provider` names the service in keys (`openai`, `llama-cpp`, …).
        case openAI(provider: String)
        /// `POST /v1/messages`.
        case anthropic
    }

    public let api: API
    public let transport: RecordingTransport
    public let baseURL: String
    private let apiKey: String?

    /// Builds a client.
    /// - Parameters:
    ///   - baseURL: the server, with or without a trailing `/v1` (default: the provider's public API).
    ///   - apiKey: the key; by default `OPENAI_API_KEY` or `ANTHROPIC_API_KEY`. Not needed to replay.
    public init(api: API, transport: RecordingTransport, baseURL: String? = nil, apiKey: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment)
    {
        self.api = api
        self.transport = transport
        var base = baseURL ?? Self.defaultBaseURL(api)
        while base.hasSuffix("/") { base.removeLast() }
        if base.hasSuffix("/v1") { base.removeLast(3) }
        self.baseURL = base
        switch api {
        case .openAI: self.apiKey = apiKey ?? environment["OPENAI_API_KEY"]
        case .anthropic: self.apiKey = apiKey ?? environment["ANTHROPIC_API_KEY"]
        }
    }

    private static func defaultBaseURL(_ api: API) -> String {
        switch api {
        case .openAI: "https://api.openai.com"
        case .anthropic: "https://api.anthropic.com"
        }
    }

    /// The provider name that goes into keys.
    public var provider: String { format.provider }

    private var format: any ChatWireFormat {
        switch api {
        case .openAI(let provider): OpenAIWire(provider: provider)
        case .anthropic: AnthropicWire()
        }
    }

    /// Sends one chat request body (as the provider's API takes it); `"stream": true` in it streams.
    /// - Throws: `UpstreamFailure` for an error status, `ReplayMiss` for an unrecorded call in replay mode.
    public func complete(_ body: JSONValue, scope: CallScope) async throws -> ChatCompletion {
        let reply = try await transport.send(call(for: body), scope: scope)
        guard (200..<300).contains(reply.status) else {
            throw UpstreamFailure(provider: provider, path: path, status: reply.status,
                                  body: String(decoding: try await reply.collectedBody(), as: UTF8.self))
        }
        let answer: DecodedAnswer
        switch reply.content {
        case .body(let bytes):
            guard let decoded = format.decode(body: bytes) else {
                throw UpstreamFailure(provider: provider, path: path, status: reply.status,
                                      body: "answer is not JSON: " + String(decoding: bytes.prefix(200), as: UTF8.self))
            }
            answer = decoded
        case .events(let stream):
            var events: [StreamEvent] = []
            for try await event in stream { events.append(event) }
            answer = format.decode(events: events)
        }
        return ChatCompletion(message: answer.message, model: answer.model, usage: answer.usage, key: reply.key,
                              sampleIndex: reply.sampleIndex, source: reply.source)
    }

    /// The exact call `complete` makes for `body`: path, headers (credentials included), wire format.
    public func call(for body: JSONValue) -> ModelCall {
        ModelCall(format: format, baseURL: baseURL, path: path, headers: headers(), body: body.canonicalBytes,
                  streamed: body["stream"]?.boolValue == true)
    }

    private var path: String {
        switch api {
        case .openAI: "/v1/chat/completions"
        case .anthropic: "/v1/messages"
        }
    }

    private func headers() -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = [("content-type", "application/json"),
                                                         ("user-agent", "selfalign/0.1")]
        switch api {
        case .openAI:
            if let apiKey, !apiKey.isEmpty { headers.append(("authorization", "Bearer \(apiKey)")) }
        case .anthropic:
            headers.append(("anthropic-version", "2023-06-01"))
            if let apiKey, !apiKey.isEmpty { headers.append(("x-api-key", apiKey)) }
        }
        return headers
    }
}
