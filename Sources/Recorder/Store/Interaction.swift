import Foundation

/// Token counts as a provider reported them; nil where it reported nothing.
public struct TokenUsage: Sendable, Equatable, Hashable, Codable {
    /// Prompt tokens, including any served from the provider's prompt cache.
    public var input: Int?
    /// Of the input, tokens read from the provider's prompt cache.
    public var cachedInput: Int?
    /// Tokens written to the provider's prompt cache (Anthropic's cache creation).
    public var cacheWrite: Int?
    /// Completion tokens, including reasoning.
    public var output: Int?
    /// Of the output, reasoning tokens.
    public var reasoning: Int?

    /// Builds a usage record.
    public init(input: Int? = nil, cachedInput: Int? = nil, cacheWrite: Int? = nil, output: Int? = nil,
                reasoning: Int? = nil)
    {
        self.input = input
        self.cachedInput = cachedInput
        self.cacheWrite = cacheWrite
        self.output = output
        self.reasoning = reasoning
    }

    /// Reads `{"input", "cached_input", "cache_write", "output", "reasoning"}`; a missing or null member is nil.
    public init(json: JSONValue) {
        self.init(input: json["input"]?.intValue, cachedInput: json["cached_input"]?.intValue,
                  cacheWrite: json["cache_write"]?.intValue, output: json["output"]?.intValue,
                  reasoning: json["reasoning"]?.intValue)
    }

    /// The counts as run events store them: every member present, null where the provider reported nothing.
    public var json: JSONValue {
        func count(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
        return ["input": count(input), "cached_input": count(cachedInput), "cache_write": count(cacheWrite),
                "output": count(output), "reasoning": count(reasoning)]
    }
}

/// One server-sent event of a streamed answer, with when it arrived.
public struct StreamEvent: Sendable, Equatable, Hashable {
    /// The `event:` field, when there was one.
    public var event: String?
    /// The `data:` lines, joined with newlines.
    public var data: String
    /// The `id:` field, when there was one.
    public var id: String?
    /// Microseconds from the start of the response to this event, for replaying the recorded timing.
    public var offsetMicroseconds: Int64

    /// Builds an event.
    public init(event: String? = nil, data: String, id: String? = nil, offsetMicroseconds: Int64 = 0) {
        self.event = event
        self.data = data
        self.id = id
        self.offsetMicroseconds = offsetMicroseconds
    }
}

/// What a model call answered: a whole body, or the ordered events of a stream.
public enum ResponsePayload: Sendable, Equatable, Hashable {
    /// A complete response body.
    case body([UInt8])
    /// The server-sent events of a streamed response, in order.
    case events([StreamEvent])
}

/// A model call to record: its identity, what came back, and what it cost.
public struct Interaction: Sendable {
    /// The request's identity; its key is the interaction's key.
    public var request: RequestIdentity
    /// The model that answered, as the response named it (or the request did).
    public var model: String?
    /// The HTTP status.
    public var status: Int
    /// The response.
    public var response: ResponsePayload
    /// The response headers; credentials and cookies are dropped before storing.
    public var responseHeaders: [String: String]
    /// The provider's token counts.
    public var usage: TokenUsage
    /// Wall time of the live call.
    public var latencyMilliseconds: Double
    /// When the call was made.
    public var recordedAt: Date
    /// The version (hash) of the price table in force, so costs can be audited later.
    public var priceTableVersion: String?

    /// Builds an interaction to record.
    public init(request: RequestIdentity, model: String?, status: Int, response: ResponsePayload,
                responseHeaders: [String: String] = [:], usage: TokenUsage = TokenUsage(),
                latencyMilliseconds: Double = 0, recordedAt: Date = Date(), priceTableVersion: String? = nil)
    {
        self.request = request
        self.model = model
        self.status = status
        self.response = response
        self.responseHeaders = responseHeaders
        self.usage = usage
        self.latencyMilliseconds = latencyMilliseconds
        self.recordedAt = recordedAt
        self.priceTableVersion = priceTableVersion
    }
}

/// An interaction read back from the cache, its blobs proved against their hashes.
public struct StoredInteraction: Sendable, Equatable {
    /// The interaction's key.
    public var key: CacheKey
    /// The provider's name.
    public var provider: String
    /// The model.
    public var model: String?
    /// The HTTP method.
    public var method: String
    /// The endpoint path.
    public var endpoint: String
    /// The behaviour-changing headers that were part of the key, as stored (canonical JSON).
    public var keyHeadersJSON: String
    /// The sample index.
    public var sampleIndex: Int
    /// The canonical request body, when it was asked for.
    public var requestBody: [UInt8]?
    /// The response.
    public var response: ResponsePayload
    /// The stored response headers, as stored (canonical JSON).
    public var responseHeadersJSON: String
    /// The HTTP status.
    public var status: Int
    /// The token counts.
    public var usage: TokenUsage
    /// Wall time of the live call that recorded it.
    public var latencyMilliseconds: Double
    /// When it was recorded, as the store writes timestamps.
    public var recordedAt: String
    /// The price table version in force then.
    public var priceTableVersion: String?

    // The header maps are parsed on demand: most hits never look at them.

    /// The behaviour-changing headers that were part of the key.
    public var keyHeaders: [String: String] { .parsingCanonical(keyHeadersJSON) }

    /// The stored response headers.
    public var responseHeaders: [String: String] { .parsingCanonical(responseHeadersJSON) }

    /// Builds the value from its members.
    package init(key: CacheKey, provider: String, model: String?, method: String, endpoint: String, keyHeadersJSON: String, sampleIndex: Int, requestBody: [UInt8]?, response: ResponsePayload, responseHeadersJSON: String, status: Int, usage: TokenUsage, latencyMilliseconds: Double, recordedAt: String, priceTableVersion: String?) {
        self.key = key
        self.provider = provider
        self.model = model
        self.method = method
        self.endpoint = endpoint
        self.keyHeadersJSON = keyHeadersJSON
        self.sampleIndex = sampleIndex
        self.requestBody = requestBody
        self.response = response
        self.responseHeadersJSON = responseHeadersJSON
        self.status = status
        self.usage = usage
        self.latencyMilliseconds = latencyMilliseconds
        self.recordedAt = recordedAt
        self.priceTableVersion = priceTableVersion
    }
}

/// What `record` did.
public enum RecordOutcome: Sendable, Equatable {
    /// A new interaction was stored.
    case inserted
    /// The key was stored already and was kept as it was.
    case alreadyPresent
    /// The key was stored already and was replaced (refresh).
    case replaced
}

/// What `record` does when the key is stored already.
public enum RecordConflictPolicy: Sendable {
    /// Keep the stored interaction (the default: the cache is first-write-wins).
    case keepExisting
    /// Replace it (the `refresh` mode).
    case replace
}

// MARK: Stream events as a blob

extension StreamEvent {
    /// Events as JSON Lines of canonical JSON objects, so equal streams are equal bytes (and one blob).
    package static func encode(_ events: [StreamEvent]) -> [UInt8] {
        var bytes: [UInt8] = []
        for event in events {
            bytes += event.jsonValue.canonicalBytes
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// The inverse of `encode`.
    package static func decode(_ bytes: [UInt8]) throws -> [StreamEvent] {
        try bytes.split(separator: UInt8(ascii: "\n")).map { try StreamEvent(json: try JSONValue(parsing: $0)) }
    }
}

extension Dictionary where Key == String, Value == String {
    /// Canonical JSON text of a string map.
    package var canonicalJSON: String {
        String(decoding: JSONValue.object(mapValues(JSONValue.string)).canonicalBytes, as: UTF8.self)
    }

    /// Parses what `canonicalJSON` wrote.
    package static func parsingCanonical(_ text: String) -> [String: String] {
        guard let value = try? JSONValue(parsing: Array(text.utf8)), case .object(let members) = value else { return [:] }
        return members.compactMapValues(\.stringValue)
    }
}
