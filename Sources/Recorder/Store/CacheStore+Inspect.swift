import Foundation

/// Counts and sizes of a cache, as `align cache stats` prints them.
public struct CacheStats: Sendable, Equatable, Codable {
    /// Per provider and model: calls and tokens.
    public struct ModelCount: Sendable, Equatable, Codable {
        public var provider: String
        public var model: String?
        public var interactions: Int
        public var inputTokens: Int
        public var outputTokens: Int

        /// Builds the value from its members.
        package init(provider: String, model: String?, interactions: Int, inputTokens: Int, outputTokens: Int) {
            self.provider = provider
            self.model = model
            self.interactions = interactions
            self.inputTokens = inputTokens
            self.outputTokens = outputTokens
        }
    }

    public var schemaVersion: Int
    public var interactions: Int
    public var streamedInteractions: Int
    public var executions: Int
    public var runs: Int
    public var runEvents: Int
    /// Distinct blobs stored.
    public var blobs: Int
    /// Raw bytes of the distinct blobs.
    public var blobRawBytes: Int
    /// Bytes the distinct blobs take compressed.
    public var blobStoredBytes: Int
    /// Raw bytes of every request and response, counting a shared body once per use: what deduplication saved.
    public var referencedRawBytes: Int
    /// The database file plus its write-ahead log.
    public var fileBytes: Int
    public var oldest: String?
    public var newest: String?
    public var byModel: [ModelCount]

    /// Builds the value from its members.
    package init(schemaVersion: Int, interactions: Int, streamedInteractions: Int, executions: Int, runs: Int, runEvents: Int, blobs: Int, blobRawBytes: Int, blobStoredBytes: Int, referencedRawBytes: Int, fileBytes: Int, oldest: String?, newest: String?, byModel: [ModelCount]) {
        self.schemaVersion = schemaVersion
        self.interactions = interactions
        self.streamedInteractions = streamedInteractions
        self.executions = executions
        self.runs = runs
        self.runEvents = runEvents
        self.blobs = blobs
        self.blobRawBytes = blobRawBytes
        self.blobStoredBytes = blobStoredBytes
        self.referencedRawBytes = referencedRawBytes
        self.fileBytes = fileBytes
        self.oldest = oldest
        self.newest = newest
        self.byModel = byModel
    }
}

/// One line of `align cache ls`.
public struct InteractionSummary: Sendable, Equatable, Codable {
    public var key: String
    public var provider: String
    public var model: String?
    public var method: String
    public var endpoint: String
    public var sampleIndex: Int
    public var status: Int
    public var streamed: Bool
    public var inputTokens: Int?
    public var outputTokens: Int?
    public var requestBytes: Int
    public var responseBytes: Int
    public var latencyMilliseconds: Double
    public var recordedAt: String

    /// Builds the value from its members.
    package init(key: String, provider: String, model: String?, method: String, endpoint: String, sampleIndex: Int, status: Int, streamed: Bool, inputTokens: Int?, outputTokens: Int?, requestBytes: Int, responseBytes: Int, latencyMilliseconds: Double, recordedAt: String) {
        self.key = key
        self.provider = provider
        self.model = model
        self.method = method
        self.endpoint = endpoint
        self.sampleIndex = sampleIndex
        self.status = status
        self.streamed = streamed
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.requestBytes = requestBytes
        self.responseBytes = responseBytes
        self.latencyMilliseconds = latencyMilliseconds
        self.recordedAt = recordedAt
    }
}

/// Which interactions a listing or a prune concerns; every criterion that is set must hold.
public struct InteractionFilter: Sendable {
    /// Only this provider.
    public var provider: String?
    /// Only this model.
    public var model: String?
    /// Only those recorded before this timestamp (the store's ISO 8601 form, or a prefix such as `2026-11-01`).
    public var recordedBefore: String?
    /// Only those whose status is not 2xx.
    public var failedOnly: Bool

    /// Builds a filter; the default matches everything.
    public init(provider: String? = nil, model: String? = nil, recordedBefore: String? = nil, failedOnly: Bool = false) {
        self.provider = provider
        self.model = model
        self.recordedBefore = recordedBefore
        self.failedOnly = failedOnly
    }

    var isEmpty: Bool { provider == nil && model == nil && recordedBefore == nil && !failedOnly }

    /// The SQL condition on `interactions` (aliased `i`) and its bound values, in order.
    var sqlCondition: (String, [String]) {
        var clauses = ["1"]
        var values: [String] = []
        if let provider { clauses.append("i.provider = ?"); values.append(provider) }
        if let model { clauses.append("i.model = ?"); values.append(model) }
        if let recordedBefore { clauses.append("i.recorded_at < ?"); values.append(recordedBefore) }
        if failedOnly { clauses.append("(i.status < 200 OR i.status > 299)") }
        return (clauses.joined(separator: " AND "), values)
    }
}

extension CacheStore {
    /// Counts, sizes and per-model totals.
    public func stats() throws(CacheError) -> CacheStats {
        let fileBytes = [path, path + "-wal"].reduce(0) { total, file in
            total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
        }
        return try read { connection in
            func count(_ sql: String) throws -> Int { Int(try connection.scalarInt(sql) ?? 0) }
            let blobTotals = try connection.prepare(
                "SELECT count(*), coalesce(sum(raw_size), 0), coalesce(sum(length(data)), 0) FROM blobs")
            defer { blobTotals.finalize() }
            try blobTotals.step()
            let range = try connection.prepare("SELECT min(recorded_at), max(recorded_at) FROM interactions")
            defer { range.finalize() }
            try range.step()
            let models = try connection.prepare("""
                SELECT provider, model, count(*), coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0)
                FROM interactions GROUP BY provider, model ORDER BY provider, model
                """)
            defer { models.finalize() }
            var byModel: [CacheStats.ModelCount] = []
            while try models.step() {
                byModel.append(.init(provider: models.string(0), model: models.optionalString(1),
                                     interactions: models.int(2), inputTokens: models.int(3),
                                     outputTokens: models.int(4)))
            }
            return CacheStats(
                schemaVersion: try count("PRAGMA user_version"),
                interactions: try count("SELECT count(*) FROM interactions"),
                streamedInteractions: try count("SELECT count(*) FROM interactions WHERE response_kind = 1"),
                executions: try count("SELECT count(*) FROM executions"),
                runs: try count("SELECT count(*) FROM runs"),
                runEvents: try count("SELECT count(*) FROM run_events"),
                blobs: blobTotals.int(0), blobRawBytes: blobTotals.int(1), blobStoredBytes: blobTotals.int(2),
                referencedRawBytes: try count("""
                    SELECT coalesce(sum(b.raw_size), 0) FROM (
                        SELECT request_blob AS blob FROM interactions UNION ALL SELECT response_blob FROM interactions
                        UNION ALL SELECT input_blob FROM executions UNION ALL SELECT result_blob FROM executions
                    ) r JOIN blobs b ON b.id = r.blob
                    """),
                fileBytes: fileBytes, oldest: range.optionalString(0), newest: range.optionalString(1),
                byModel: byModel)
        }
    }

    /// Interactions matching `filter`, oldest first, at most `limit`.
    public func list(_ filter: InteractionFilter = InteractionFilter(), limit: Int? = nil) throws(CacheError)
        -> [InteractionSummary]
    {
        try read { connection in
            let (condition, values) = filter.sqlCondition
            let statement = try connection.prepare("""
                SELECT i.key, i.provider, i.model, i.method, i.endpoint, i.sample_index, i.status, i.response_kind,
                       i.input_tokens, i.output_tokens, rq.raw_size, rs.raw_size, i.latency_ms, i.recorded_at
                FROM interactions i
                LEFT JOIN blobs rq ON rq.id = i.request_blob LEFT JOIN blobs rs ON rs.id = i.response_blob
                WHERE \(condition) ORDER BY i.recorded_at, i.id LIMIT ?
                """)
            defer { statement.finalize() }
            for (index, value) in values.enumerated() { try statement.bind(value, at: Int32(index + 1)) }
            try statement.bind(limit ?? -1, at: Int32(values.count + 1))
            var rows: [InteractionSummary] = []
            while try statement.step() {
                let key = (try? CacheKey(digest: statement.bytes(0)))?.description ?? "<malformed key>"
                rows.append(InteractionSummary(
                    key: key, provider: statement.string(1), model: statement.optionalString(2),
                    method: statement.string(3), endpoint: statement.string(4), sampleIndex: statement.int(5),
                    status: statement.int(6), streamed: statement.int(7) == 1, inputTokens: statement.optionalInt(8),
                    outputTokens: statement.optionalInt(9), requestBytes: statement.int(10),
                    responseBytes: statement.int(11), latencyMilliseconds: statement.double(12),
                    recordedAt: statement.string(13)))
            }
            return rows
        }
    }

    /// The keys that start with `prefix` (the text form, with or without `sha256:`), for short keys on the command line.
    public func keys(matchingPrefix prefix: String) throws(CacheError) -> [CacheKey] {
        let hexPrefix = (prefix.hasPrefix(CacheKey.prefix) ? String(prefix.dropFirst(CacheKey.prefix.count)) : prefix)
            .lowercased()
        guard !hexPrefix.isEmpty, hexPrefix.allSatisfy(\.isHexDigit) else {
            throw .invalidArgument("'\(prefix)' is not a key or key prefix: expected sha256: followed by hex digits")
        }
        return try read { connection in
            let statement = try connection.prepare(
                "SELECT key FROM interactions WHERE hex(key) LIKE ? ORDER BY key LIMIT 10")
            defer { statement.finalize() }
            try statement.bind(hexPrefix.uppercased() + "%", at: 1)
            var keys: [CacheKey] = []
            while try statement.step() { keys.append(try CacheKey(digest: statement.bytes(0))) }
            return keys
        }
    }
}
