import CSQLite

/// An error that SQLite itself returned, with the statement that failed.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The extended result code (`SQLITE_BUSY`, `SQLITE_CORRUPT`, …).
    public let code: Int32
    /// SQLite's own message for the failure.
    public let message: String
    /// The SQL that failed, when there was one.
    public let sql: String?

    /// The primary result code, without the extended bits.
    public var primaryCode: Int32 { code & 0xff }

    /// True for the codes that mean "another connection holds the lock".
    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }

    /// True when the file is not a SQLite database (or is encrypted / garbage).
    public var isNotADatabase: Bool { primaryCode == SQLITE_NOTADB }

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql { text += " (in: \(sql.prefix(120)))" }
        return text
    }

    init(code: Int32, connection: OpaquePointer?, sql: String? = nil) {
        self.code = code
        if let connection, let cMessage = sqlite3_errmsg(connection) {
            self.message = String(cString: cMessage)
        } else {
            self.message = String(cString: sqlite3_errstr(code))
        }
        self.sql = sql
    }
}
