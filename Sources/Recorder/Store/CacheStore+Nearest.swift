/// A recorded request, for finding the one nearest to a request that missed.
public struct RecordedRequest: Sendable, Equatable {
    public var key: CacheKey
    public var model: String?
    public var sampleIndex: Int
    public var keyHeaders: [String: String]
    /// The canonical request body.
    public var body: [UInt8]

    /// Builds the value from its members.
    package init(key: CacheKey, model: String?, sampleIndex: Int, keyHeaders: [String: String], body: [UInt8]) {
        self.key = key
        self.model = model
        self.sampleIndex = sampleIndex
        self.keyHeaders = keyHeaders
        self.body = body
    }
}

extension CacheStore {
    /// The most recent requests recorded for `provider` and `endpoint`, newest first, at most `limit`.
    ///
    /// Used only when a strict replay misses, to show the nearest recorded request; never on the hit path.
    public func recordedRequests(provider: String, endpoint: String, limit: Int = 500) throws(CacheError)
        -> [RecordedRequest]
    {
        try read { connection in
            let statement = try connection.prepare("""
                SELECT key, model, sample_index, key_headers, request_blob FROM interactions
                WHERE provider = ? AND endpoint = ? ORDER BY id DESC LIMIT ?
                """)
            defer { statement.finalize() }
            try statement.bind(provider, at: 1)
            try statement.bind(endpoint, at: 2)
            try statement.bind(limit, at: 3)
            var rows: [(CacheKey, String?, Int, String, Int64)] = []
            while try statement.step() {
                rows.append((try CacheKey(digest: statement.bytes(0)), statement.optionalString(1), statement.int(2),
                             statement.string(3), statement.int64(4)))
            }
            return try rows.map { key, model, sample, headers, blob in
                RecordedRequest(key: key, model: model, sampleIndex: sample, keyHeaders: .parsingCanonical(headers),
                                body: try loadBlob(id: blob, owner: "interaction \(key)", on: connection))
            }
        }
    }
}
