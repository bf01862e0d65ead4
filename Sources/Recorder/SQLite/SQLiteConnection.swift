import CSQLite

/// One connection to a SQLite file. Not thread-safe: the store hands each connection to one caller at a time.
final class SQLiteConnection: @unchecked Sendable {
    /// How a connection opens its file.
    enum OpenMode {
        /// The file must already exist.
        case existing
        /// The file is created when it is missing.
        case createIfMissing
    }

    let handle: OpaquePointer
    let path: String
    private var statementCache: [String: SQLiteStatement] = [:]
    // Cached statements handed out since the last `resetCachedStatements`.
    private var handedOut: [SQLiteStatement] = []

    /// Opens `path`.
    /// - Throws: `SQLiteError` when SQLite cannot open the file.
    init(path: String, mode: OpenMode, busyTimeoutMilliseconds: Int32) throws {
        var db: OpaquePointer?
        var flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        if mode == .createIfMissing { flags |= SQLITE_OPEN_CREATE }
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let error = SQLiteError(code: code, connection: db)
            sqlite3_close_v2(db)
            throw error
        }
        self.handle = db
        self.path = path
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
    }

    deinit {
        for statement in statementCache.values { statement.finalize() }
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if let errorMessage { sqlite3_free(errorMessage) }
        guard code == SQLITE_OK else { throw SQLiteError(code: code, connection: handle, sql: sql) }
    }

    /// A new prepared statement, owned by the caller.
    func prepare(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw SQLiteError(code: code, connection: handle, sql: sql)
        }
        return SQLiteStatement(handle: statement, connection: self, sql: sql)
    }

    /// A prepared statement kept for the life of the connection, reset and unbound before it is handed out.
    func cached(_ sql: String) throws -> SQLiteStatement {
        if let statement = statementCache[sql] {
            statement.reset()
            handedOut.append(statement)
            return statement
        }
        let statement = try prepare(sql)
        statementCache[sql] = statement
        handedOut.append(statement)
        return statement
    }

    /// Resets every cached statement handed out since the last call.
    ///
    /// A statement that has returned a row and was not reset keeps its read transaction open: the connection then
    /// stays on an old snapshot, and in WAL mode its next write fails at once with SQLITE_BUSY_SNAPSHOT. So every
    /// store operation ends with this.
    func resetCachedStatements() {
        for statement in handedOut { sqlite3_reset(statement.handle) }
        handedOut.removeAll(keepingCapacity: true)
    }

    /// The rowid of the last row this connection inserted.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// How many rows the last statement changed.
    var changes: Int { Int(sqlite3_changes64(handle)) }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, rolling back when it throws.
    ///
    /// IMMEDIATE takes the write lock up front, so the busy timeout applies while waiting for it; a deferred
    /// transaction that upgrades later can fail with SQLITE_BUSY at once, which no timeout can wait out.
    func writeTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` inside a read transaction, so that every query in it sees one snapshot.
    func readTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        defer { try? execute("COMMIT") }
        return try body()
    }

    /// The single integer that a query such as `PRAGMA user_version` returns.
    func scalarInt(_ sql: String) throws -> Int64? {
        let statement = try prepare(sql)
        defer { statement.finalize() }
        guard try statement.step() else { return nil }
        return statement.isNull(0) ? nil : statement.int64(0)
    }
}
