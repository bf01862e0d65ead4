import PostgresNIO
import Recorder

extension PostgresCache {
    /// Stores a row of `table` and the two blobs it points at in one statement, so a writer that dies leaves nothing
    /// half-written; the blobs are inserted once each (once in all when they are the same). `row` appends the row's
    /// binds, one per column, in `columns`' order; the first column is the key the row conflicts on.
    /// - Returns: `.inserted` or `.replaced` when the row was written, nil when a row with its key was already there
    ///   and `policy` kept it.
    func insertRow(into table: String, columns: [String], blobs: (PreparedBlob, PreparedBlob),
                   policy: RecordConflictPolicy, on connection: PostgresConnection,
                   row: (inout PostgresBindings) -> Void) async throws -> RecordOutcome?
    {
        var binds = PostgresBindings()
        try blobs.0.bind(into: &binds)
        let sameBlob = blobs.0.hash == blobs.1.hash
        if !sameBlob { try blobs.1.bind(into: &binds) }
        let first = binds.count + 1
        row(&binds)
        let values = columns.indices.map { "$\(first + $0)" }.joined(separator: ", ")
        let conflict = policy == .replace
            ? "DO UPDATE SET " + columns.dropFirst().map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
            : "DO NOTHING"
        let sql = """
            WITH first_blob AS (
                INSERT INTO blobs (hash, codec, raw_size, data) VALUES ($1, $2, $3, $4) ON CONFLICT (hash) DO NOTHING
            )\(sameBlob ? "" : """
            , second_blob AS (
                INSERT INTO blobs (hash, codec, raw_size, data) VALUES ($5, $6, $7, $8) ON CONFLICT (hash) DO NOTHING
            )
            """)
            INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(values))
            ON CONFLICT (key) \(conflict) RETURNING (xmax = 0)
            """
        for try await fresh in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
            .decode(Bool.self) {
            return fresh ? .inserted : .replaced
        }
        return nil
    }
}
