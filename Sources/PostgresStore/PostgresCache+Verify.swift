import PostgresNIO
import Recorder

extension PostgresCache {
    /// Proves every blob against its hash and every stored key against its request, in one snapshot.
    public func verify() async throws(CacheError) -> VerifyReport {
        try await withConnection { connection in
            try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            var problems: [VerifyReport.Problem] = []
            var badBlobs: [[UInt8]: String] = [:]
            var blobsChecked = 0
            for try await row in try await connection.query(
                "SELECT hash, codec, raw_size, data FROM blobs ORDER BY hash", logger: logger) {
                blobsChecked += 1
                let c = Columns(row)
                let hash = try c.bytes(0)
                let name = (try? CacheKey(digest: hash))?.description ?? "<malformed hash>"
                do {
                    _ = try c.blob(at: 0, owner: "blob \(name)")
                } catch let error as CacheError {
                    badBlobs[hash] = name
                    problems.append(.init(kind: "corrupt-blob", subject: name, detail: "\(error)"))
                }
            }
            var interactionsChecked = 0
            for try await row in try await connection.query("""
                SELECT i.key, i.provider, i.method, i.endpoint, i.key_headers, i.sample_index, i.request_blob,
                       i.response_blob, (rs.hash IS NOT NULL), q.hash, q.codec, q.raw_size, q.data
                FROM interactions i LEFT JOIN blobs rs ON rs.hash = i.response_blob
                LEFT JOIN blobs q ON q.hash = i.request_blob ORDER BY i.id
                """, logger: logger) {
                interactionsChecked += 1
                let c = Columns(row)
                let key = (try? c.key(0))?.description ?? "<malformed key>"
                let requestHash = try c.bytes(6)
                let responseHash = try c.bytes(7)
                if try !c.row[8].decode(Bool.self) {
                    problems.append(.init(kind: "missing-blob", subject: key, detail: "its response blob is missing"))
                } else if let blob = badBlobs[responseHash] {
                    problems.append(.init(kind: "corrupt-blob", subject: key, detail: "its response blob \(blob) is damaged"))
                }
                if let blob = badBlobs[requestHash] {
                    problems.append(.init(kind: "corrupt-blob", subject: key, detail: "its request blob \(blob) is damaged"))
                    continue
                }
                do {
                    let body = try c.blob(at: 9, owner: "interaction \(key)")
                    let identity = try RequestIdentity(
                        provider: try c.string(1), method: try c.string(2), path: try c.string(3),
                        keyHeaders: .parsingCanonical(try c.string(4)), canonicalBody: body, sampleIndex: try c.int(5))
                    if identity.key.description != key {
                        problems.append(.init(kind: "key-mismatch", subject: key,
                                              detail: "the stored request hashes to \(identity.key)"))
                    }
                } catch {
                    problems.append(.init(kind: "missing-blob", subject: key, detail: "\(error)"))
                }
            }
            var executionsChecked = 0
            for try await row in try await connection.query("""
                SELECT e.key, e.input_blob, e.result_blob, (i.hash IS NOT NULL), (r.hash IS NOT NULL)
                FROM executions e LEFT JOIN blobs i ON i.hash = e.input_blob LEFT JOIN blobs r ON r.hash = e.result_blob
                ORDER BY e.id
                """, logger: logger) {
                executionsChecked += 1
                let c = Columns(row)
                let key = (try? c.key(0))?.description ?? "<malformed key>"
                for (column, present) in [(1, 3), (2, 4)] {
                    let hash = try c.bytes(column)
                    if let name = badBlobs[hash] {
                        problems.append(.init(kind: "corrupt-blob", subject: key, detail: "execution blob \(name) is damaged"))
                    } else if try !c.row[present].decode(Bool.self) {
                        problems.append(.init(kind: "missing-blob", subject: key, detail: "an execution blob is missing"))
                    }
                }
            }
            try await connection.query("COMMIT", logger: logger)
            return VerifyReport(blobsChecked: blobsChecked, interactionsChecked: interactionsChecked,
                                executionsChecked: executionsChecked, problems: problems)
        }
    }
}
