import Foundation

/// One sandbox execution, content-hashed like a model call so that replay needs no Python.
public struct ExecutionRecord: Sendable, Equatable {
    /// Hash of what determines the outcome: runner version, code, tests, limits (computed by the Engine).
    public var key: CacheKey
    /// The runner and its version.
    public var runner: String
    /// What was executed, as the runner describes it.
    public var input: [UInt8]
    /// The outcome, as the runner describes it.
    public var result: [UInt8]
    /// A one-word outcome for listings (`passed`, `failed`, `timeout`, …).
    public var status: String
    /// Wall time of the execution.
    public var durationMilliseconds: Double
    /// When it ran, as the store writes timestamps.
    public var recordedAt: String

    /// Builds a record.
    public init(key: CacheKey, runner: String, input: [UInt8], result: [UInt8], status: String,
                durationMilliseconds: Double, recordedAt: String = Timestamp.string(from: Date()))
    {
        self.key = key
        self.runner = runner
        self.input = input
        self.result = result
        self.status = status
        self.durationMilliseconds = durationMilliseconds
        self.recordedAt = recordedAt
    }
}

extension CacheStore {
    /// Stores an execution; returns false when its key was stored already (which is kept).
    @discardableResult
    public func recordExecution(_ execution: ExecutionRecord) throws(CacheError) -> Bool {
        try write { try insertExecution(execution, on: $0) }
    }

    /// Stores an execution under `policy`: `.replace` overwrites a stored one (the `refresh` mode).
    /// - Returns: whether it was inserted, kept as it was, or replaced.
    /// - Throws: `CacheError` when the write fails; nothing is half-written.
    @discardableResult
    public func recordExecution(_ execution: ExecutionRecord, policy: RecordConflictPolicy)
        throws(CacheError) -> RecordOutcome
    {
        try write { connection in
            if try insertExecution(execution, on: connection) { return .inserted }
            guard policy == .replace else { return .alreadyPresent }
            try replaceExecution(execution, on: connection)
            return .replaced
        }
    }

    /// The stored execution with `key`, its blobs proved; nil when there is none.
    public func execution(_ key: CacheKey) throws(CacheError) -> ExecutionRecord? {
        try read { connection in
            let statement = try connection.cached("""
                SELECT runner, input_blob, result_blob, status, duration_ms, recorded_at FROM executions WHERE key = ?
                """)
            try statement.bind(bytes: key.digest, at: 1)
            guard try statement.step() else { return nil }
            let owner = "execution \(key)"
            let (runner, inputID, resultID) = (statement.string(0), statement.int64(1), statement.int64(2))
            let (status, duration, recordedAt) = (statement.string(3), statement.double(4), statement.string(5))
            statement.reset()
            return ExecutionRecord(
                key: key, runner: runner, input: try loadBlob(id: inputID, owner: owner, on: connection),
                result: try loadBlob(id: resultID, owner: owner, on: connection), status: status,
                durationMilliseconds: duration, recordedAt: recordedAt)
        }
    }

    func insertExecution(_ execution: ExecutionRecord, on connection: SQLiteConnection) throws -> Bool {
        let existing = try connection.cached("SELECT 1 FROM executions WHERE key = ?")
        try existing.bind(bytes: execution.key.digest, at: 1)
        if try existing.step() { return false }
        let inputID = try storeBlob(PreparedBlob(execution.input), on: connection)
        let resultID = try storeBlob(PreparedBlob(execution.result), on: connection)
        let insert = try connection.cached("""
            INSERT INTO executions (key, runner, input_blob, result_blob, status, duration_ms, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        try insert.bind(bytes: execution.key.digest, at: 1)
        try insert.bind(execution.runner, at: 2)
        try insert.bind(inputID, at: 3)
        try insert.bind(resultID, at: 4)
        try insert.bind(execution.status, at: 5)
        try insert.bind(execution.durationMilliseconds, at: 6)
        try insert.bind(execution.recordedAt, at: 7)
        try insert.run()
        return true
    }

    func replaceExecution(_ execution: ExecutionRecord, on connection: SQLiteConnection) throws {
        let inputID = try storeBlob(PreparedBlob(execution.input), on: connection)
        let resultID = try storeBlob(PreparedBlob(execution.result), on: connection)
        let update = try connection.cached("""
            UPDATE executions SET runner = ?, input_blob = ?, result_blob = ?, status = ?, duration_ms = ?,
                recorded_at = ?
            WHERE key = ?
            """)
        try update.bind(execution.runner, at: 1)
        try update.bind(inputID, at: 2)
        try update.bind(resultID, at: 3)
        try update.bind(execution.status, at: 4)
        try update.bind(execution.durationMilliseconds, at: 5)
        try update.bind(execution.recordedAt, at: 6)
        try update.bind(bytes: execution.key.digest, at: 7)
        try update.run()
    }
}
