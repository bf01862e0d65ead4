import PostgresNIO
import Recorder

extension PostgresCache {
    public func execution(_ key: CacheKey) async throws(CacheError) -> ExecutionRecord? {
        var binds = PostgresBindings()
        binds.append(bytes: key.digest)
        return try await withConnection { connection in
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: """
                SELECT e.runner, e.status, e.duration_ms, e.recorded_at,
                       i.hash, i.codec, i.raw_size, i.data, r.hash, r.codec, r.raw_size, r.data
                FROM executions e LEFT JOIN blobs i ON i.hash = e.input_blob LEFT JOIN blobs r ON r.hash = e.result_blob
                WHERE e.key = $1
                """, binds: binds), logger: logger) {
                let c = Columns(row)
                let owner = "execution \(key)"
                return ExecutionRecord(key: key, runner: try c.string(0), input: try c.blob(at: 4, owner: owner),
                                       result: try c.blob(at: 8, owner: owner), status: try c.string(1),
                                       durationMilliseconds: try c.double(2), recordedAt: try c.string(3))
            }
            return nil
        }
    }

    public func recordExecution(_ execution: ExecutionRecord, policy: RecordConflictPolicy) async throws(CacheError)
        -> RecordOutcome
    {
        try await withConnection { connection in try await self.insert(execution, policy: policy, on: connection) }
    }

    /// Stores one execution and its blobs in one statement.
    func insert(_ execution: ExecutionRecord, policy: RecordConflictPolicy, on connection: PostgresConnection)
        async throws -> RecordOutcome
    {
        let input = PreparedBlob(execution.input)
        let result = PreparedBlob(execution.result)
        var binds = PostgresBindings()
        try input.bind(into: &binds)
        let sameBlob = input.hash == result.hash
        if !sameBlob { try result.bind(into: &binds) }
        let first = binds.count + 1
        binds.append(bytes: execution.key.digest)
        binds.append(execution.runner)
        binds.append(bytes: input.hash.digest)
        binds.append(bytes: result.hash.digest)
        binds.append(execution.status)
        binds.append(execution.durationMilliseconds)
        binds.append(execution.recordedAt)
        let columns = ["key", "runner", "input_blob", "result_blob", "status", "duration_ms", "recorded_at"]
        let values = columns.indices.map { "$\(first + $0)" }.joined(separator: ", ")
        let conflict = policy == .replace
            ? "DO UPDATE SET " + columns.dropFirst().map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
            : "DO NOTHING"
        let sql = """
            WITH input AS (
                INSERT INTO blobs (hash, codec, raw_size, data) VALUES ($1, $2, $3, $4) ON CONFLICT (hash) DO NOTHING
            )\(sameBlob ? "" : """
            , result AS (
                INSERT INTO blobs (hash, codec, raw_size, data) VALUES ($5, $6, $7, $8) ON CONFLICT (hash) DO NOTHING
            )
            """)
            INSERT INTO executions (\(columns.joined(separator: ", "))) VALUES (\(values))
            ON CONFLICT (key) \(conflict) RETURNING (xmax = 0)
            """
        for try await fresh in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
            .decode(Bool.self) {
            return fresh ? .inserted : .replaced
        }
        return .alreadyPresent
    }
}
