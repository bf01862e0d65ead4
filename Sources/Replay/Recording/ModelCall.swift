import Recorder

/// One model call as a client makes it: the wire format, where it goes, and the body.
public struct ModelCall: Sendable {
    /// The provider's wire format (it names the provider and reads usage out of answers).
    public var format: any WireFormat
    /// The HTTP method.
    public var method: String
    /// The provider's base URL, e.g. `https://api.openai.com` or `http://127.0.0.1:8080`.
    public var baseURL: String
    /// The endpoint path, e.g. `/v1/chat/completions`.
    public var path: String
    /// Every header, credentials included: only behaviour-changing ones reach the key.
    public var headers: [(name: String, value: String)]
    /// The JSON body.
    public var body: [UInt8]
    /// Whether the answer is a stream of server-sent events.
    public var streamed: Bool
    /// How long the live exchange may take.
    public var timeout: Duration

    /// Builds a call.
    public init(format: any WireFormat, method: String = "POST", baseURL: String, path: String,
                headers: [(name: String, value: String)], body: [UInt8], streamed: Bool = false,
                timeout: Duration = .seconds(600))
    {
        self.format = format
        self.method = method
        self.baseURL = baseURL
        self.path = path
        self.headers = headers
        self.body = body
        self.streamed = streamed
        self.timeout = timeout
    }
}

/// Where an answer came from.
public enum ReplySource: String, Sendable {
    /// Served from the cache: no upstream call.
    case cache
    /// A live call (and, unless the mode is `off` or the answer was not cacheable, now recorded).
    case live
}

/// A model's answer as the transport hands it to a client.
public struct ModelReply: Sendable {
    /// The call's key (also in `off` mode, where nothing is stored).
    public var key: CacheKey
    /// Its sample index within the scope.
    public var sampleIndex: Int
    /// Cache or live.
    public var source: ReplySource
    /// The HTTP status.
    public var status: Int
    /// The response headers (as stored, for cached answers).
    public var headers: [String: String]
    /// The answer.
    public var content: Content

    /// A whole body, or a stream of events.
    public enum Content: Sendable {
        /// A complete body.
        case body([UInt8])
        /// Server-sent events in order; live ones as they arrive.
        case events(AsyncThrowingStream<StreamEvent, any Error>)
    }

    /// The body, collected (a streamed answer's events are joined in wire form).
    public func collectedBody() async throws -> [UInt8] {
        switch content {
        case .body(let body): return body
        case .events(let events):
            var bytes: [UInt8] = []
            for try await event in events { bytes += event.wireBytes }
            return bytes
        }
    }
}
