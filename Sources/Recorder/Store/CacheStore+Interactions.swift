import Foundation

extension CacheStore {
    /// Stores a model call. Identical bodies are stored once; credentials never reach the file.
    /// - Parameter policy: what to do when the key is stored already.
    /// - Returns: whether it was inserted, kept as it was, or replaced.
    /// - Throws: `CacheError` when the write fails; nothing is half-written.
    @discardableResult
    public func record(_ interaction: Interaction, policy: RecordConflictPolicy = .keepExisting)
        throws(CacheError) -> RecordOutcome
    {
        // Hashing, redaction and encoding happen before the write lock is taken.
        let prepared = PreparedInteraction(interaction, redaction: options.redaction,
                                           recordedAt: Timestamp.string(from: interaction.recordedAt))
        return try write { connection in
            switch try insert(prepared, policy: policy, on: connection) {
            case .inserted: .inserted
            case .replaced: .replaced
            case .present, .differing: .alreadyPresent
            }
        }
    }

    /// What `insert` did, telling a stored twin from a stored rival.
    enum InsertResult {
        case inserted, replaced, present, differing
    }

    /// Inserts (or, with `.replace`, overwrites) one interaction; call inside a write transaction.
    func insert(_ prepared: PreparedInteraction, policy: RecordConflictPolicy, on connection: SQLiteConnection)
        throws -> InsertResult
    {
        let identity = prepared.identity
        let existing = try connection.cached("""
            SELECT i.id, b.hash FROM interactions i LEFT JOIN blobs b ON b.id = i.response_blob WHERE i.key = ?
            """)
        try existing.bind(bytes: identity.key.digest, at: 1)
        let existingID: Int64? = try existing.step() ? existing.int64(0) : nil
        if existingID != nil && policy == .keepExisting {
            return existing.bytes(1) == prepared.response.hash.digest ? .present : .differing
        }
        existing.reset()

        let requestID = try storeBlob(prepared.request, on: connection)
        let responseID = try storeBlob(prepared.response, on: connection)
        let sql = existingID == nil
            ? """
              INSERT INTO interactions (provider, model, method, endpoint, key_headers, sample_index, request_blob,
                  response_kind, response_blob, response_headers, status, input_tokens, cached_input_tokens,
                  cache_write_tokens, output_tokens, reasoning_tokens, latency_ms, recorded_at,
                  price_table_version, key)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
              """
            : """
              UPDATE interactions SET provider = ?, model = ?, method = ?, endpoint = ?, key_headers = ?,
                  sample_index = ?, request_blob = ?, response_kind = ?, response_blob = ?, response_headers = ?,
                  status = ?, input_tokens = ?, cached_input_tokens = ?, cache_write_tokens = ?, output_tokens = ?,
                  reasoning_tokens = ?, latency_ms = ?, recorded_at = ?, price_table_version = ?
              WHERE key = ?
              """
        let interaction = prepared.interaction
        let statement = try connection.cached(sql)
        try statement.bind(identity.provider, at: 1)
        try statement.bind(interaction.model, at: 2)
        try statement.bind(identity.method, at: 3)
        try statement.bind(identity.path, at: 4)
        try statement.bind(identity.keyHeadersJSON, at: 5)
        try statement.bind(identity.sampleIndex, at: 6)
        try statement.bind(requestID, at: 7)
        try statement.bind(prepared.responseKind, at: 8)
        try statement.bind(responseID, at: 9)
        try statement.bind(prepared.responseHeaders.canonicalJSON, at: 10)
        try statement.bind(interaction.status, at: 11)
        try statement.bind(interaction.usage.input, at: 12)
        try statement.bind(interaction.usage.cachedInput, at: 13)
        try statement.bind(interaction.usage.cacheWrite, at: 14)
        try statement.bind(interaction.usage.output, at: 15)
        try statement.bind(interaction.usage.reasoning, at: 16)
        try statement.bind(interaction.latencyMilliseconds, at: 17)
        try statement.bind(prepared.recordedAt, at: 18)
        try statement.bind(interaction.priceTableVersion, at: 19)
        try statement.bind(bytes: identity.key.digest, at: 20)
        try statement.run()
        return existingID == nil ? .inserted : .replaced
    }

    /// The recorded answer for `key`, its response proved against its hash; nil on a miss.
    /// - Parameter includingRequest: also read (and prove) the request body, which the hit path does not need.
    /// - Throws: `CacheError.corruptBlob` naming the key when a stored blob fails its check: never a corrupt answer.
    public func lookup(_ key: CacheKey, includingRequest: Bool = false) throws(CacheError) -> StoredInteraction? {
        try readSingle { connection in
            let statement = try connection.cached(Self.lookupSQL)
            try statement.bind(bytes: key.digest, at: 1)
            guard try statement.step() else { return nil }
            if statement.isNull(17) {
                throw CacheError.corruptBlob(owner: "interaction \(key)", blob: "#\(statement.int64(21))",
                                             reason: "is missing from the blobs table")
            }
            let responseBytes = try statement.withBytes(20) { data in
                try decodeBlob(hash: statement.bytes(17), codec: statement.int64(18), rawSize: statement.int(19),
                               data: data, owner: "interaction \(key)")
            }
            let response: ResponsePayload = statement.int64(6) == 1
                ? .events(try StreamEvent.decode(responseBytes)) : .body(responseBytes)
            var stored = StoredInteraction(
                key: key, provider: statement.string(0), model: statement.optionalString(1),
                method: statement.string(2), endpoint: statement.string(3),
                keyHeadersJSON: statement.string(4), sampleIndex: statement.int(5),
                requestBody: nil, response: response,
                responseHeadersJSON: statement.string(7), status: statement.int(8),
                usage: TokenUsage(input: statement.optionalInt(9), cachedInput: statement.optionalInt(10),
                                  cacheWrite: statement.optionalInt(11), output: statement.optionalInt(12),
                                  reasoning: statement.optionalInt(13)),
                latencyMilliseconds: statement.double(14), recordedAt: statement.string(15),
                priceTableVersion: statement.optionalString(16))
            if includingRequest {
                let requestBlob = statement.int64(22)
                statement.reset()
                stored.requestBody = try loadBlob(id: requestBlob, owner: "interaction \(key)", on: connection)
            }
            return stored
        }
    }

    /// True when `key` is recorded (without reading or proving its blobs).
    public func contains(_ key: CacheKey) throws(CacheError) -> Bool {
        try readSingle { connection in
            let statement = try connection.cached("SELECT 1 FROM interactions WHERE key = ?")
            try statement.bind(bytes: key.digest, at: 1)
            defer { statement.reset() }
            return try statement.step()
        }
    }

    private static let lookupSQL = """
        SELECT i.provider, i.model, i.method, i.endpoint, i.key_headers, i.sample_index, i.response_kind,
               i.response_headers, i.status, i.input_tokens, i.cached_input_tokens, i.cache_write_tokens,
               i.output_tokens, i.reasoning_tokens, i.latency_ms, i.recorded_at, i.price_table_version,
               b.hash, b.codec, b.raw_size, b.data, i.response_blob, i.request_blob
        FROM interactions i LEFT JOIN blobs b ON b.id = i.response_blob
        WHERE i.key = ?
        """
}

/// An interaction made ready to store: redacted, encoded and hashed, outside any lock.
package struct PreparedInteraction {
    package let interaction: Interaction
    package let request: PreparedBlob
    package let response: PreparedBlob
    package let responseKind: Int64
    package let responseHeaders: [String: String]
    package let recordedAt: String

    package var identity: RequestIdentity { interaction.request }

    package init(_ interaction: Interaction, redaction: Redaction, recordedAt: String) {
        self.interaction = interaction
        self.recordedAt = recordedAt
        request = PreparedBlob(interaction.request.canonicalBody)
        switch interaction.response {
        case .body(let body):
            responseKind = 0
            response = PreparedBlob(Self.redactedText(body, redaction))
        case .events(let events):
            responseKind = 1
            response = PreparedBlob(StreamEvent.encode(events.map { event in
                var copy = event
                copy.data = redaction.redact(text: event.data)
                return copy
            }))
        }
        responseHeaders = interaction.responseHeaders.filter { !Credentials.isSensitiveHeader($0.key) }
            .mapValues { redaction.redact(text: $0) }
    }

    /// `bytes` with redaction patterns applied when they are UTF-8 text; binary bodies are kept as they are.
    private static func redactedText(_ bytes: [UInt8], _ redaction: Redaction) -> [UInt8] {
        guard let text = String(validating: bytes, as: UTF8.self) else { return bytes }
        let redacted = redaction.redact(text: text)
        return redacted == text ? bytes : Array(redacted.utf8)
    }
}
