import PostgresNIO
import Recorder

extension PostgresCache {
    /// Proves every blob against its hash and every stored key against its request, in one snapshot.
    public func verify() async throws(CacheError) -> VerifyReport {
        try await withConnection { connection in
            try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            var walk = VerifyWalk<[UInt8]>()
            for try await row in try await connection.query(
                "SELECT hash, codec, raw_size, data FROM blobs ORDER BY hash", logger: logger) {
                let c = Columns(row)
                let hash = try c.bytes(0)
                let name = (try? CacheKey(digest: hash))?.description ?? "<malformed hash>"
                try walk.blob(hash, name: name) { _ = try c.blob(at: 0, owner: "blob \(name)") }
            }
            for try await row in try await connection.query("""
                SELECT i.key, i.provider, i.method, i.endpoint, i.key_headers, i.sample_index, i.request_blob,
                       i.response_blob, (rs.hash IS NOT NULL), q.hash, q.codec, q.raw_size, q.data
                FROM interactions i LEFT JOIN blobs rs ON rs.hash = i.response_blob
                LEFT JOIN blobs q ON q.hash = i.request_blob ORDER BY i.id
                """, logger: logger) {
                let c = Columns(row)
                let key = (try? c.key(0))?.description ?? "<malformed key>"
                walk.interaction(key: key, request: try c.bytes(6), response: try c.bytes(7),
                                 responsePresent: try c.row[8].decode(Bool.self),
                                 missingResponse: "its response blob is missing") {
                    let body = try c.blob(at: 9, owner: "interaction \(key)")
                    return try RequestIdentity(
                        provider: try c.string(1), method: try c.string(2), path: try c.string(3),
                        keyHeaders: .parsingCanonical(try c.string(4)), canonicalBody: body, sampleIndex: try c.int(5))
                }
            }
            for try await row in try await connection.query("""
                SELECT e.key, e.input_blob, e.result_blob, (i.hash IS NOT NULL), (r.hash IS NOT NULL)
                FROM executions e LEFT JOIN blobs i ON i.hash = e.input_blob LEFT JOIN blobs r ON r.hash = e.result_blob
                ORDER BY e.id
                """, logger: logger) {
                let c = Columns(row)
                let key = (try? c.key(0))?.description ?? "<malformed key>"
                let blobs = try [(1, 3), (2, 4)].map { column, present in
                    (id: try c.bytes(column), present: try c.row[present].decode(Bool.self))
                }
                walk.execution(key: key, blobs: blobs) { _ in "an execution blob is missing" }
            }
            try await connection.query("COMMIT", logger: logger)
            return walk.report
        }
    }
}
