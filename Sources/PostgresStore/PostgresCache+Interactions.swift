import Foundation
import PostgresNIO
import Recorder

extension PostgresCache {
    public func lookup(_ key: CacheKey, includingRequest: Bool) async throws(CacheError) -> StoredInteraction? {
        var binds = PostgresBindings()
        binds.append(bytes: key.digest)
        let sql = """
            SELECT i.provider, i.model, i.method, i.endpoint, i.key_headers, i.sample_index, i.response_kind,
                   i.response_headers, i.status, i.input_tokens, i.cached_input_tokens, i.cache_write_tokens,
                   i.output_tokens, i.reasoning_tokens, i.latency_ms, i.recorded_at, i.price_table_version,
                   b.hash, b.codec, b.raw_size, b.data\(includingRequest ? ", q.hash, q.codec, q.raw_size, q.data" : "")
            FROM interactions i LEFT JOIN blobs b ON b.hash = i.response_blob
            \(includingRequest ? "LEFT JOIN blobs q ON q.hash = i.request_blob" : "")
            WHERE i.key = $1
            """
        return try await withConnection { connection in
            let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
            for try await row in rows {
                let c = Columns(row)
                let owner = "interaction \(key)"
                let responseBytes = try c.blob(at: 17, owner: owner)
                let response: ResponsePayload = try c.int(6) == 1
                    ? .events(try StreamEvent.decode(responseBytes)) : .body(responseBytes)
                return StoredInteraction(
                    key: key, provider: try c.string(0), model: try c.optionalString(1), method: try c.string(2),
                    endpoint: try c.string(3), keyHeadersJSON: try c.string(4), sampleIndex: try c.int(5),
                    requestBody: includingRequest ? try c.blob(at: 21, owner: owner) : nil, response: response,
                    responseHeadersJSON: try c.string(7), status: try c.int(8),
                    usage: TokenUsage(input: try c.optionalInt(9), cachedInput: try c.optionalInt(10),
                                      cacheWrite: try c.optionalInt(11), output: try c.optionalInt(12),
                                      reasoning: try c.optionalInt(13)),
                    latencyMilliseconds: try c.double(14), recordedAt: try c.string(15),
                    priceTableVersion: try c.optionalString(16))
            }
            return nil
        }
    }

    public func record(_ interaction: Interaction, policy: RecordConflictPolicy) async throws(CacheError) -> RecordOutcome {
        let prepared = PreparedInteraction(interaction, redaction: options.redaction,
                                           recordedAt: Timestamp.string(from: interaction.recordedAt))
        return switch try await withConnection({ connection in try await self.insert(prepared, policy: policy, on: connection) }) {
        case .inserted: .inserted
        case .replaced: .replaced
        case .present, .differing: .alreadyPresent
        }
    }

    /// What `insert` did, telling a stored twin from a stored rival.
    enum InsertResult: Sendable {
        case inserted, replaced, present, differing
    }

    /// Stores one interaction and its blobs in one statement (so, atomically, inside or outside a transaction).
    func insert(_ prepared: PreparedInteraction, policy: RecordConflictPolicy, on connection: PostgresConnection)
        async throws -> InsertResult
    {
        let columns = ["key", "provider", "model", "method", "endpoint", "key_headers", "sample_index", "request_blob",
                       "response_kind", "response_blob", "response_headers", "status", "input_tokens",
                       "cached_input_tokens", "cache_write_tokens", "output_tokens", "reasoning_tokens", "latency_ms",
                       "recorded_at", "price_table_version"]
        let identity = prepared.identity, interaction = prepared.interaction
        let written = try await insertRow(into: "interactions", columns: columns,
                                          blobs: (prepared.request, prepared.response), policy: policy,
                                          on: connection) { binds in
            binds.append(bytes: identity.key.digest)
            binds.append(identity.provider)
            binds.append(interaction.model)
            binds.append(identity.method)
            binds.append(identity.path)
            binds.append(identity.keyHeadersJSON)
            binds.append(identity.sampleIndex)
            binds.append(bytes: prepared.request.hash.digest)
            binds.append(Int(prepared.responseKind))
            binds.append(bytes: prepared.response.hash.digest)
            binds.append(prepared.responseHeaders.canonicalJSON)
            binds.append(interaction.status)
            binds.append(interaction.usage.input)
            binds.append(interaction.usage.cachedInput)
            binds.append(interaction.usage.cacheWrite)
            binds.append(interaction.usage.output)
            binds.append(interaction.usage.reasoning)
            binds.append(interaction.latencyMilliseconds)
            binds.append(prepared.recordedAt)
            binds.append(interaction.priceTableVersion)
        }
        switch written {
        case .inserted?: return .inserted
        case .replaced?: return .replaced
        default: break
        }
        var lookup = PostgresBindings()
        lookup.append(bytes: identity.key.digest)
        for try await row in try await connection.query(PostgresQuery(
            unsafeSQL: "SELECT response_blob FROM interactions WHERE key = $1", binds: lookup), logger: logger) {
            return try Columns(row).bytes(0) == prepared.response.hash.digest ? .present : .differing
        }
        return .present
    }

    public func recordedRequests(provider: String, endpoint: String, limit: Int) async throws(CacheError)
        -> [RecordedRequest]
    {
        var binds = PostgresBindings()
        binds.append(provider)
        binds.append(endpoint)
        binds.append(limit)
        return try await withConnection { connection in
            var result: [RecordedRequest] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: """
                SELECT i.key, i.model, i.sample_index, i.key_headers, b.hash, b.codec, b.raw_size, b.data
                FROM interactions i LEFT JOIN blobs b ON b.hash = i.request_blob
                WHERE i.provider = $1 AND i.endpoint = $2 ORDER BY i.id DESC LIMIT $3
                """, binds: binds), logger: logger) {
                let c = Columns(row)
                let key = try c.key(0)
                result.append(RecordedRequest(
                    key: key, model: try c.optionalString(1), sampleIndex: try c.int(2),
                    keyHeaders: .parsingCanonical(try c.string(3)), body: try c.blob(at: 4, owner: "interaction \(key)")))
            }
            return result
        }
    }

    public func recordedCalls() async throws(CacheError) -> [RecordedCall] {
        try await withConnection { connection in
            var calls: [RecordedCall] = []
            for try await row in try await connection.query("""
                SELECT key, provider, model, status, input_tokens, cached_input_tokens, cache_write_tokens,
                       output_tokens, reasoning_tokens, recorded_at, price_table_version
                FROM interactions ORDER BY recorded_at COLLATE "C", key
                """, logger: logger) {
                let c = Columns(row)
                calls.append(RecordedCall(
                    key: try c.key(0), provider: try c.string(1), model: try c.optionalString(2), status: try c.int(3),
                    usage: TokenUsage(input: try c.optionalInt(4), cachedInput: try c.optionalInt(5),
                                      cacheWrite: try c.optionalInt(6), output: try c.optionalInt(7),
                                      reasoning: try c.optionalInt(8)),
                    recordedAt: try c.string(9), priceTableVersion: try c.optionalString(10)))
            }
            return calls
        }
    }
}
