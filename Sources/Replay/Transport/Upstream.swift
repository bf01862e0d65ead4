import Foundation

/// An HTTP request as it goes to a provider, credentials included (they never leave this value for the cache).
public struct UpstreamRequest: Sendable {
    /// The HTTP method.
    public var method: String
    /// The full URL: base URL plus path.
    public var url: String
    /// Every header, credentials included.
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: [UInt8]
    /// How long the whole exchange may take, body included.
    public var timeout: Duration
    /// The request's sample index in its scope (the n-th identical request): an upstream that answers from a
    /// record of outputs (a published log) answers sample n with its n-th output; HTTP upstreams ignore it.
    public var sampleIndex: Int

    /// Builds a request.
    public init(method: String, url: String, headers: [(name: String, value: String)], body: [UInt8],
                timeout: Duration = .seconds(600), sampleIndex: Int = 0)
    {
        self.sampleIndex = sampleIndex
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// A provider's answer: status and headers at once, the body as it arrives.
public struct UpstreamResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// The response headers.
    public var headers: [(name: String, value: String)]
    /// The body in chunks, in arrival order.
    public var body: AsyncThrowingStream<[UInt8], any Error>

    /// Builds a response.
    public init(status: Int, headers: [(name: String, value: String)], body: AsyncThrowingStream<[UInt8], any Error>) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response whose whole body is already at hand.
    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.init(status: status, headers: headers, body: AsyncThrowingStream { continuation in
            if !body.isEmpty { continuation.yield(body) }
            continuation.finish()
        })
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Where live calls go: an HTTP client, or anything that answers like one.
public protocol Upstream: Sendable {
    /// Sends `request` and returns as soon as the status and headers are in.
    func send(_ request: UpstreamRequest) async throws -> UpstreamResponse
}

/// Collects a body stream into one buffer.
public func collect(_ body: AsyncThrowingStream<[UInt8], any Error>) async throws -> [UInt8] {
    var bytes: [UInt8] = []
    for try await chunk in body { bytes += chunk }
    return bytes
}
