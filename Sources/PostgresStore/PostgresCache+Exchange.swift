import PostgresNIO
import Recorder

extension PostgresCache {
    /// Writes the export lines from one snapshot, streaming rows as the server sends them.
    public func exportLines(to sink: @escaping @Sendable (String) async throws -> Void) async throws {
        try await withConnection { connection in
            try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            try await sink(ExchangeFormat.header(schema: try await schemaVersion(on: connection)))
            for try await row in try await connection.query("""
                SELECT i.key, i.provider, i.model, i.method, i.endpoint, i.key_headers, i.sample_index, i.response_kind,
                       i.response_headers, i.status, i.input_tokens, i.cached_input_tokens, i.cache_write_tokens,
                       i.output_tokens, i.reasoning_tokens, i.latency_ms, i.recorded_at, i.price_table_version,
                       q.hash, q.codec, q.raw_size, q.data, b.hash, b.codec, b.raw_size, b.data
                FROM interactions i LEFT JOIN blobs q ON q.hash = i.request_blob
                LEFT JOIN blobs b ON b.hash = i.response_blob ORDER BY i.key
                """, logger: logger) {
                let c = Columns(row)
                let key = try c.key(0)
                let owner = "interaction \(key)"
                try await sink(try ExchangeFormat.interactionLine(
                    key: key, provider: try c.string(1), model: try c.optionalString(2), method: try c.string(3),
                    endpoint: try c.string(4), keyHeadersJSON: try c.string(5), sampleIndex: try c.int(6),
                    request: try c.blob(at: 18, owner: owner), responseIsEvents: try c.int(7) == 1,
                    response: try c.blob(at: 22, owner: owner), responseHeadersJSON: try c.string(8),
                    status: try c.int(9),
                    usage: TokenUsage(input: try c.optionalInt(10), cachedInput: try c.optionalInt(11),
                                      cacheWrite: try c.optionalInt(12), output: try c.optionalInt(13),
                                      reasoning: try c.optionalInt(14)),
                    latencyMilliseconds: try c.double(15), recordedAt: try c.string(16),
                    priceTableVersion: try c.optionalString(17)))
            }
            for try await row in try await connection.query("""
                SELECT e.key, e.runner, e.status, e.duration_ms, e.recorded_at,
                       i.hash, i.codec, i.raw_size, i.data, r.hash, r.codec, r.raw_size, r.data
                FROM executions e LEFT JOIN blobs i ON i.hash = e.input_blob LEFT JOIN blobs r ON r.hash = e.result_blob
                ORDER BY e.key
                """, logger: logger) {
                let c = Columns(row)
                let key = try c.key(0)
                try await sink(ExchangeFormat.executionLine(ExecutionRecord(
                    key: key, runner: try c.string(1), input: try c.blob(at: 5, owner: "execution \(key)"),
                    result: try c.blob(at: 9, owner: "execution \(key)"), status: try c.string(2),
                    durationMilliseconds: try c.double(3), recordedAt: try c.string(4))))
            }
            for run in try await runs(on: connection) { try await sink(ExchangeFormat.runLine(run)) }
            try await connection.query("COMMIT", logger: logger)
        }
    }

    /// Imports export lines in one transaction: a malformed line, or a failure reading them, imports nothing.
    public func importLines(from lines: any AsyncSequence<String, any Error>) async throws -> ExchangeReport {
        let redaction = options.redaction
        return try await transaction { connection in
            var report = ExchangeReport()
            var reader = ExchangeReader(redaction: redaction)
            for try await line in lines {
                switch try reader.read(line.hasSuffix("\n") ? String(line.dropLast()) : line) {
                case nil: continue
                case .interaction(let prepared):
                    switch try await self.insert(prepared, policy: .keepExisting, on: connection) {
                    case .inserted, .replaced: report.interactionsAdded += 1
                    case .present: report.interactionsPresent += 1
                    case .differing: report.interactionsDiffering += 1
                    }
                case .execution(let execution):
                    if try await self.insert(execution, policy: .keepExisting, on: connection) == .inserted {
                        report.executionsAdded += 1
                    } else {
                        report.executionsPresent += 1
                    }
                case .run(let run):
                    if try await self.insert(run, on: connection) { report.runsAdded += 1 } else { report.runsPresent += 1 }
                }
            }
            try reader.finish()
            return report
        }
    }
}
