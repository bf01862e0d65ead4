import Foundation
import PostgresNIO
import Recorder

extension PostgresCache {
    public func recordRun(_ run: StoredRun) async throws(CacheError) -> Bool {
        try await transaction { connection in try await self.insert(run, on: connection) }
    }

    /// Stores a run and its events; false (and nothing written) when its id is stored already.
    func insert(_ run: StoredRun, on connection: PostgresConnection) async throws -> Bool {
        var binds = PostgresBindings()
        binds.append(run.runID)
        binds.append(run.createdAt)
        binds.append(run.finishedAt)
        binds.append(run.status.rawValue)
        binds.append(run.config.canonicalString)
        binds.append(run.summary?.canonicalString)
        var row: Int?
        for try await id in try await connection.query(PostgresQuery(unsafeSQL: """
            INSERT INTO runs (run_id, created_at, finished_at, status, config, summary) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (run_id) DO NOTHING RETURNING id
            """, binds: binds), logger: logger).decode(Int.self) { row = id }
        guard let row else { return false }
        try await insertEvents(run.events, run: row, on: connection)
        return true
    }

    private func insertEvents(_ events: [RunEvent], run: Int, on connection: PostgresConnection) async throws {
        // In batches of one multi-row INSERT each: a task's events arrive together.
        for start in stride(from: 0, to: events.count, by: 500) {
            let batch = events[start..<min(start + 500, events.count)]
            var binds = PostgresBindings()
            var rows: [String] = []
            for event in batch {
                let base = binds.count
                binds.append(run)
                binds.append(event.sequence)
                binds.append(event.kind.rawValue)
                binds.append(event.taskID)
                binds.append(event.tryNumber)
                binds.append(event.payload.canonicalString)
                rows.append("(" + (1...6).map { "$\(base + $0)" }.joined(separator: ", ") + ")")
            }
            try await connection.query(PostgresQuery(unsafeSQL: """
                INSERT INTO run_events (run, seq, kind, task_id, try, payload) VALUES \(rows.joined(separator: ", "))
                """, binds: binds), logger: logger)
        }
    }

    public func appendRunEvents(_ events: [RunEvent], to runID: String) async throws(CacheError) {
        try await transaction { connection in
            var binds = PostgresBindings()
            binds.append(runID)
            var row: Int?
            for try await id in try await connection.query(PostgresQuery(
                unsafeSQL: "SELECT id FROM runs WHERE run_id = $1", binds: binds), logger: self.logger).decode(Int.self) {
                row = id
            }
            guard let row else { throw CacheError.notFound(what: "run \(runID)") }
            try await self.insertEvents(events, run: row, on: connection)
        }
    }

    public func finishRun(_ runID: String, status: RunStatus, summary: JSONValue, at date: Date) async throws(CacheError) {
        var binds = PostgresBindings()
        binds.append(status.rawValue)
        binds.append(summary.canonicalString)
        binds.append(Timestamp.string(from: date))
        binds.append(runID)
        let updated = try await withConnection { connection in
            var found = false
            for try await _ in try await connection.query(PostgresQuery(unsafeSQL: """
                UPDATE runs SET status = $1, summary = $2, finished_at = $3 WHERE run_id = $4 RETURNING id
                """, binds: binds), logger: logger) { found = true }
            return found
        }
        guard updated else { throw .notFound(what: "run \(runID)") }
    }

    public func runs(includingEvents: Bool) async throws(CacheError) -> [StoredRun] {
        try await withConnection { connection in try await self.runs(on: connection, includingEvents: includingEvents) }
    }

    public func run(_ runID: String) async throws(CacheError) -> StoredRun? {
        try await withConnection { connection in try await self.runs(on: connection, only: runID).first }
    }

    func runs(on connection: PostgresConnection, includingEvents: Bool = true, only runID: String? = nil) async throws
        -> [StoredRun]
    {
        var binds = PostgresBindings()
        if let runID { binds.append(runID) }
        var result: [(Int, StoredRun)] = []
        for try await row in try await connection.query(PostgresQuery(unsafeSQL: """
            SELECT id, run_id, created_at, finished_at, status, config, summary FROM runs
            \(runID == nil ? "" : "WHERE run_id = $1") ORDER BY created_at COLLATE "C", id
            """, binds: binds), logger: logger) {
            let c = Columns(row)
            result.append((try c.int(0), StoredRun(
                runID: try c.string(1), createdAt: try c.string(2), finishedAt: try c.optionalString(3),
                status: RunStatus(rawValue: try c.string(4)), config: try JSONValue(parsing: try c.string(5)),
                summary: try c.optionalString(6).map { try JSONValue(parsing: $0) })))
        }
        guard includingEvents else { return result.map(\.1) }
        var runs: [StoredRun] = []
        for (id, var run) in result {
            var eventBinds = PostgresBindings()
            eventBinds.append(id)
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: """
                SELECT seq, kind, task_id, try, payload FROM run_events WHERE run = $1 ORDER BY seq
                """, binds: eventBinds), logger: logger) {
                let c = Columns(row)
                run.events.append(RunEvent(sequence: try c.int(0), kind: RunEventKind(rawValue: try c.string(1)), taskID: try c.optionalString(2),
                                           tryNumber: try c.optionalInt(3),
                                           payload: try JSONValue(parsing: try c.string(4))))
            }
            runs.append(run)
        }
        return runs
    }
}
