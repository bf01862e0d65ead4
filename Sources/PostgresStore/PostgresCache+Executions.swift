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
        let columns = ["key", "runner", "input_blob", "result_blob", "status", "duration_ms", "recorded_at"]
        return try await insertRow(into: "executions", columns: columns, blobs: (input, result), policy: policy,
                                   on: connection) { binds in
            binds.append(bytes: execution.key.digest)
            binds.append(execution.runner)
            binds.append(bytes: input.hash.digest)
            binds.append(bytes: result.hash.digest)
            binds.append(execution.status)
            binds.append(execution.durationMilliseconds)
            binds.append(execution.recordedAt)
        } ?? .alreadyPresent
    }
}
