import PostgresNIO
import Recorder

extension PostgresCache {
    public func stats() async throws(CacheError) -> CacheStats {
        try await withConnection { connection in
            func count(_ sql: String) async throws -> Int {
                var value = 0
                for try await number in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                    .decode(Int?.self) { value = number ?? 0 }
                return value
            }
            let tables = (PostgresSchema.tables + ["align_meta"]).map { "pg_total_relation_size('\($0)')" }
            var blobs = (0, 0, 0)
            for try await row in try await connection.query("""
                SELECT count(*), coalesce(sum(raw_size), 0)::bigint, coalesce(sum(octet_length(data)), 0)::bigint
                FROM blobs
                """, logger: logger).decode((Int, Int, Int).self) { blobs = row }
            var range: (String?, String?) = (nil, nil)
            for try await row in try await connection.query("""
                SELECT min(recorded_at COLLATE "C"), max(recorded_at COLLATE "C") FROM interactions
                """, logger: logger).decode((String?, String?).self) { range = row }
            var byModel: [CacheStats.ModelCount] = []
            for try await row in try await connection.query("""
                SELECT provider, model, count(*), coalesce(sum(input_tokens), 0)::bigint,
                       coalesce(sum(output_tokens), 0)::bigint
                FROM interactions GROUP BY provider, model
                ORDER BY provider COLLATE "C", model COLLATE "C" NULLS FIRST
                """, logger: logger) {
                let c = Columns(row)
                byModel.append(.init(provider: try c.string(0), model: try c.optionalString(1),
                                     interactions: try c.int(2), inputTokens: try c.int(3), outputTokens: try c.int(4)))
            }
            return CacheStats(
                schemaVersion: try await schemaVersion(on: connection),
                interactions: try await count("SELECT count(*) FROM interactions"),
                streamedInteractions: try await count("SELECT count(*) FROM interactions WHERE response_kind = 1"),
                executions: try await count("SELECT count(*) FROM executions"),
                runs: try await count("SELECT count(*) FROM runs"),
                runEvents: try await count("SELECT count(*) FROM run_events"),
                blobs: blobs.0, blobRawBytes: blobs.1, blobStoredBytes: blobs.2,
                referencedRawBytes: try await count("""
                    SELECT coalesce(sum(b.raw_size), 0)::bigint FROM (
                        SELECT request_blob AS blob FROM interactions UNION ALL SELECT response_blob FROM interactions
                        UNION ALL SELECT input_blob FROM executions UNION ALL SELECT result_blob FROM executions
                    ) r JOIN blobs b ON b.hash = r.blob
                    """),
                fileBytes: try await count("SELECT (\(tables.joined(separator: " + ")))::bigint"),
                oldest: range.0, newest: range.1, byModel: byModel)
        }
    }

    /// The condition on `interactions` (aliased `i`) for `filter`, binding its values from `$first`.
    private func condition(_ filter: InteractionFilter, into binds: inout PostgresBindings) -> String {
        var clauses = ["TRUE"]
        if let provider = filter.provider { binds.append(provider); clauses.append("i.provider = $\(binds.count)") }
        if let model = filter.model { binds.append(model); clauses.append("i.model = $\(binds.count)") }
        if let before = filter.recordedBefore {
            binds.append(before)
            clauses.append("i.recorded_at COLLATE \"C\" < $\(binds.count)")
        }
        if filter.failedOnly { clauses.append("(i.status < 200 OR i.status > 299)") }
        return clauses.joined(separator: " AND ")
    }

    public func list(_ filter: InteractionFilter, limit: Int?) async throws(CacheError) -> [InteractionSummary] {
        var binds = PostgresBindings()
        let condition = condition(filter, into: &binds)
        let limitClause = limit.map { "LIMIT \(max(0, $0))" } ?? ""
        return try await withConnection { connection in
            var rows: [InteractionSummary] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: """
                SELECT i.key, i.provider, i.model, i.method, i.endpoint, i.sample_index, i.status, i.response_kind,
                       i.input_tokens, i.output_tokens, rq.raw_size, rs.raw_size, i.latency_ms, i.recorded_at
                FROM interactions i
                LEFT JOIN blobs rq ON rq.hash = i.request_blob LEFT JOIN blobs rs ON rs.hash = i.response_blob
                WHERE \(condition) ORDER BY i.recorded_at COLLATE "C", i.id \(limitClause)
                """, binds: binds), logger: logger) {
                let c = Columns(row)
                rows.append(InteractionSummary(
                    key: (try? c.key(0))?.description ?? "<malformed key>", provider: try c.string(1),
                    model: try c.optionalString(2), method: try c.string(3), endpoint: try c.string(4),
                    sampleIndex: try c.int(5), status: try c.int(6), streamed: try c.int(7) == 1,
                    inputTokens: try c.optionalInt(8), outputTokens: try c.optionalInt(9),
                    requestBytes: try c.optionalInt(10) ?? 0, responseBytes: try c.optionalInt(11) ?? 0,
                    latencyMilliseconds: try c.double(12), recordedAt: try c.string(13)))
            }
            return rows
        }
    }

    public func keys(matchingPrefix prefix: String) async throws(CacheError) -> [CacheKey] {
        let hexPrefix = (prefix.hasPrefix("sha256:") ? String(prefix.dropFirst(7)) : prefix).lowercased()
        guard !hexPrefix.isEmpty, hexPrefix.allSatisfy(\.isHexDigit) else {
            throw .invalidArgument("'\(prefix)' is not a key or key prefix: expected sha256: followed by hex digits")
        }
        var binds = PostgresBindings()
        binds.append(hexPrefix + "%")
        return try await withConnection { connection in
            var keys: [CacheKey] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: """
                SELECT key FROM interactions WHERE encode(key, 'hex') LIKE $1 ORDER BY key LIMIT 10
                """, binds: binds), logger: logger) { keys.append(try Columns(row).key(0)) }
            return keys
        }
    }

    public func blob(_ hash: CacheKey) async throws(CacheError) -> [UInt8] {
        var binds = PostgresBindings()
        binds.append(bytes: hash.digest)
        return try await withConnection { connection in
            for try await row in try await connection.query(PostgresQuery(
                unsafeSQL: "SELECT hash, codec, raw_size, data FROM blobs WHERE hash = $1", binds: binds), logger: logger) {
                return try Columns(row).blob(at: 0, owner: "blob \(hash)")
            }
            throw CacheError.notFound(what: "blob \(hash)")
        }
    }

    public func prune(_ filter: InteractionFilter, dryRun: Bool) async throws(CacheError) -> PruneReport {
        var binds = PostgresBindings()
        let condition = condition(filter, into: &binds)
        let removesInteractions = filter.provider != nil || filter.model != nil || filter.recordedBefore != nil
            || filter.failedOnly
        return try await withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            var removed = 0
            if removesInteractions {
                for try await _ in try await connection.query(PostgresQuery(
                    unsafeSQL: "DELETE FROM interactions i WHERE \(condition) RETURNING 1", binds: binds), logger: logger) {
                    removed += 1
                }
            }
            let orphans = """
                NOT EXISTS (SELECT 1 FROM interactions WHERE request_blob = b.hash)
                AND NOT EXISTS (SELECT 1 FROM interactions WHERE response_blob = b.hash)
                AND NOT EXISTS (SELECT 1 FROM executions WHERE input_blob = b.hash)
                AND NOT EXISTS (SELECT 1 FROM executions WHERE result_blob = b.hash)
                """
            var totals = (0, 0)
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: """
                SELECT count(*), coalesce(sum(octet_length(data)), 0)::bigint FROM blobs b WHERE \(orphans)
                """), logger: logger).decode((Int, Int).self) { totals = row }
            try await connection.query(PostgresQuery(unsafeSQL: "DELETE FROM blobs b WHERE \(orphans)"), logger: logger)
            try await connection.query(dryRun ? "ROLLBACK" : "COMMIT", logger: logger)
            return PruneReport(interactionsRemoved: removed, blobsRemoved: totals.0, storedBytesFreed: totals.1,
                               dryRun: dryRun)
        }
    }

    public func compact() async throws(CacheError) {
        try await withConnection { connection in
            try await connection.query(PostgresQuery(
                unsafeSQL: "VACUUM " + PostgresSchema.tables.joined(separator: ", ")), logger: logger)
        }
    }
}
