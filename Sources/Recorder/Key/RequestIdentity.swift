/// What identifies a model call: everything that can change the answer and nothing that cannot.
///
/// The key is SHA-256 over the RFC 8785 canonical form of
/// `{"body": B, "headers": H, "method": M, "path": P, "provider": R, "sample": N, "v": 1}`, where B is the
/// redacted request body (or `null`), H the behaviour-changing headers only, and N the sample index: the n-th
/// identical request within one scope. Credentials, `User-Agent`, `X-Stainless-*`, request ids, retry counts and
/// timeouts never enter it. It is computed once, when the value is made, before any call.
public struct RequestIdentity: Sendable, Hashable {
    /// The version of the canonical layout; a change to the layout bumps it, so old keys never collide with new ones.
    public static let keyFormatVersion = 1

    /// The provider's name as the caller gives it (`openai`, `anthropic`, …).
    public let provider: String
    /// The HTTP method, upper case.
    public let method: String
    /// The endpoint path, with credential query parameters removed.
    public let path: String
    /// The behaviour-changing headers: lowercased names, trimmed values.
    public let keyHeaders: [String: String]
    /// The redacted body in canonical JSON; empty when the request has no body.
    public let canonicalBody: [UInt8]
    /// The n-th identical request within its scope, from 0.
    public let sampleIndex: Int
    /// SHA-256 of the canonical bytes.
    public let key: CacheKey

    /// Computes the identity of a request.
    /// - Parameters:
    ///   - headers: all request headers; only the policy's behaviour headers are kept.
    ///   - body: the request body as sent (JSON), or empty.
    /// - Throws: `RequestIdentityError` when the body is not valid JSON or a part is empty.
    public init(provider: String, method: String, path: String, headers: [(name: String, value: String)] = [],
                body: some Collection<UInt8>, sampleIndex: Int = 0, policy: KeyPolicy = .default)
        throws(RequestIdentityError)
    {
        var kept: [String: String] = [:]
        for (name, value) in headers {
            let lowered = name.lowercased()
            guard policy.behaviourHeaders.contains(lowered), !Credentials.isSensitiveHeader(lowered) else { continue }
            let trimmed = value.trimmingWhitespace()
            // Repeated headers are one list in HTTP; join them as a proxy would.
            kept[lowered] = kept[lowered].map { $0 + "," + trimmed } ?? trimmed
        }
        var canonicalBody: [UInt8] = []
        if !body.isEmpty {
            do {
                canonicalBody = policy.redaction.redact(try JSONValue(parsing: body)).canonicalBytes
            } catch where error.kind == .duplicateMemberName {
                // Names that differ only in Unicode normalisation are distinct members: canonicalised from the
                // input's code units, both are kept (a true duplicate is still refused).
                do {
                    canonicalBody = try JSONValue.canonicalizePreservingNames(body, redaction: policy.redaction)
                } catch {
                    throw RequestIdentityError.malformedBody(error)
                }
            } catch {
                throw RequestIdentityError.malformedBody(error)
            }
        }
        try self.init(provider: provider, method: method, path: Credentials.strippingCredentialQuery(from: path),
                      keyHeaders: kept, canonicalBody: canonicalBody, sampleIndex: sampleIndex)
    }

    /// Rebuilds an identity from stored parts whose body is already canonical; used to re-check stored keys.
    package init(provider: String, method: String, path: String, keyHeaders: [String: String], canonicalBody: [UInt8],
         sampleIndex: Int) throws(RequestIdentityError)
    {
        guard !provider.isEmpty else { throw .emptyPart("provider") }
        guard !method.isEmpty else { throw .emptyPart("method") }
        guard path.hasPrefix("/") else { throw .pathNotAbsolute(path) }
        guard sampleIndex >= 0 else { throw .negativeSampleIndex(sampleIndex) }
        self.provider = provider
        self.method = method.uppercased()
        self.path = path
        self.keyHeaders = keyHeaders
        self.canonicalBody = canonicalBody
        self.sampleIndex = sampleIndex
        self.key = CacheKey(hashing: Self.canonicalBytes(provider: provider, method: self.method, path: path,
                                                         keyHeaders: keyHeaders, canonicalBody: canonicalBody,
                                                         sampleIndex: sampleIndex))
    }

    /// The same request as the `index`-th sample in its scope.
    public func withSampleIndex(_ index: Int) throws(RequestIdentityError) -> RequestIdentity {
        try RequestIdentity(provider: provider, method: method, path: path, keyHeaders: keyHeaders,
                            canonicalBody: canonicalBody, sampleIndex: index)
    }

    /// The exact bytes that are hashed into the key.
    public var canonicalBytes: [UInt8] {
        Self.canonicalBytes(provider: provider, method: method, path: path, keyHeaders: keyHeaders,
                            canonicalBody: canonicalBody, sampleIndex: sampleIndex)
    }

    /// The key headers as one canonical JSON object, the form the store keeps them in.
    public var keyHeadersJSON: String {
        String(decoding: JSONValue.object(keyHeaders.mapValues(JSONValue.string)).canonicalBytes, as: UTF8.self)
    }

    // The members are written in the order RFC 8785 sorts them, so the body bytes (already canonical) are spliced in
    // rather than parsed and serialized a second time.
    private static func canonicalBytes(provider: String, method: String, path: String, keyHeaders: [String: String],
                                       canonicalBody: [UInt8], sampleIndex: Int) -> [UInt8]
    {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(canonicalBody.count + 160)
        bytes += Array(#"{"body":"#.utf8)
        bytes += canonicalBody.isEmpty ? Array("null".utf8) : canonicalBody
        bytes += Array(#","headers":"#.utf8)
        bytes += JSONValue.object(keyHeaders.mapValues(JSONValue.string)).canonicalBytes
        bytes += Array(#","method":"#.utf8)
        bytes += JSONValue.string(method).canonicalBytes
        bytes += Array(#","path":"#.utf8)
        bytes += JSONValue.string(path).canonicalBytes
        bytes += Array(#","provider":"#.utf8)
        bytes += JSONValue.string(provider).canonicalBytes
        bytes += Array(#","sample":"#.utf8)
        bytes += Array(String(sampleIndex).utf8)
        bytes += Array(#","v":"#.utf8)
        bytes += Array(String(keyFormatVersion).utf8)
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }
}

/// A request whose identity cannot be computed.
public enum RequestIdentityError: Error, CustomStringConvertible, Sendable {
    /// The body is not valid JSON.
    case malformedBody(JSONParseError)
    /// The provider or method is empty.
    case emptyPart(String)
    /// The path does not start with `/`.
    case pathNotAbsolute(String)
    /// The sample index is below zero.
    case negativeSampleIndex(Int)

    public var description: String {
        switch self {
        case .malformedBody(let error): "request body is not valid JSON, so it has no cache key: \(error)"
        case .emptyPart(let part): "request has an empty \(part); a cache key needs provider, method and path"
        case .pathNotAbsolute(let path): "request path '\(path)' must start with '/' (an endpoint path such as /v1/messages)"
        case .negativeSampleIndex(let index): "sample index \(index) is negative; the first sample is 0"
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
