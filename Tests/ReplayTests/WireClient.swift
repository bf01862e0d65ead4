import Recorder
import Replay
import Testing

/// The two chat wire formats as the tests call them.
enum WireAPI: Sendable {
    case openAI(provider: String)
    case anthropic

    var wire: any ChatWireFormat {
        switch self {
        case .openAI(let provider): OpenAIWire(provider: provider)
        case .anthropic: AnthropicWire()
        }
    }

    var path: String { isAnthropic ? "/v1/messages" : "/v1/chat/completions" }

    var isAnthropic: Bool {
        if case .anthropic = self { return true }
        return false
    }
}

/// What one call returned, decoded by the wire format Replay owns.
struct WireCompletion {
    var answer: DecodedAnswer
    var key: CacheKey
    var sampleIndex: Int
    var source: ReplySource
    var message: ChatMessageAssembly { answer.message }
    var usage: TokenUsage { answer.usage }
}

/// A minimal chat client over the recording transport: builds the call as a provider SDK would (credentials in
/// headers) and decodes the answer with Replay's wire formats, so Replay's tests need no Engine.
struct WireClient {
    let api: WireAPI
    let transport: RecordingTransport
    let baseURL: String
    let apiKey: String

    init(api: WireAPI, transport: RecordingTransport, baseURL: String, apiKey: String) {
        self.api = api
        self.transport = transport
        self.baseURL = baseURL.hasSuffix("/v1") ? String(baseURL.dropLast(3)) : baseURL
        self.apiKey = apiKey
    }

    func call(for body: JSONValue) -> ModelCall {
        var headers: [(name: String, value: String)] = [("content-type", "application/json")]
        switch api {
        case .openAI: headers.append(("authorization", "Bearer \(apiKey)"))
        case .anthropic: headers += [("anthropic-version", "2023-06-01"), ("x-api-key", apiKey)]
        }
        return ModelCall(format: api.wire, baseURL: baseURL, path: api.path, headers: headers, body: body.canonicalBytes,
                         streamed: body["stream"]?.boolValue == true)
    }

    func complete(_ body: JSONValue, scope: CallScope) async throws -> WireCompletion {
        let reply = try await transport.send(call(for: body), scope: scope)
        guard (200..<300).contains(reply.status) else {
            throw UpstreamFailure(provider: api.wire.provider, path: api.path, status: reply.status,
                                  body: String(decoding: try await reply.collectedBody(), as: UTF8.self))
        }
        let answer: DecodedAnswer
        switch reply.content {
        case .body(let bytes):
            answer = try #require(api.wire.decode(body: bytes))
        case .events(let stream):
            var events: [StreamEvent] = []
            for try await event in stream { events.append(event) }
            answer = api.wire.decode(events: events)
        }
        return WireCompletion(answer: answer, key: reply.key, sampleIndex: reply.sampleIndex, source: reply.source)
    }
}
