import CSQLite
import Foundation
import Synchronization

/// The cache file: content-addressed, zlib-compressed blobs and the interactions, executions and runs that use them.
///
/// One SQLite file in WAL mode. Inside a process, writes go through one connection, one at a time; reads use a
/// small pool of their own connections, so a lookup never waits for a write. Several processes may record into one
/// file at once: each write takes SQLite's write lock up front and waits up to the busy timeout for it.
public final class CacheStore: Sendable {
    /// How a store opens its file.
    public struct Options: Sendable {
        /// Create and initialise the file when it does not exist (recording commands); otherwise it must exist.
        public var createIfMissing: Bool
        /// How long a write waits for another process's write lock before failing.
        public var busyTimeout: Duration
        /// The most read connections kept open.
        public var maxReaders: Int
        /// What is blanked out of stored responses (request bodies are redacted when their identity is computed).
        public var redaction: Redaction

        /// Builds options; the defaults suit recording.
        public init(createIfMissing: Bool = true, busyTimeout: Duration = .seconds(60), maxReaders: Int = 4,
                    redaction: Redaction = .default)
        {
            self.createIfMissing = createIfMissing
            self.busyTimeout = busyTimeout
            self.maxReaders = maxReaders
            self.redaction = redaction
        }

        /// Options for commands that only read or repair an existing cache.
        public static let existingOnly = Options(createIfMissing: false)
    }

    /// The file's path as given.
    public let path: String
    /// The options it was opened with.
    public let options: Options
    let writer: Mutex<SQLiteConnection>
    private let idleReaders: Mutex<[SQLiteConnection]>

    /// Opens (and, when allowed, creates) the cache at `path`, migrating an older schema forward.
    /// - Throws: `CacheError` when the file is missing, is not a cache, or has a newer schema; nothing is written then.
    public init(path: String, options: Options = Options()) throws(CacheError) {
        self.path = path
        self.options = options
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if isDirectory.boolValue { throw .notACache(location: path, reason: "it is a directory") }
        if !exists && !options.createIfMissing { throw .fileNotFound(path: path) }
        let connection = try Self.wrap(path) {
            try SQLiteConnection(path: path, mode: options.createIfMissing ? .createIfMissing : .existing,
                                 busyTimeoutMilliseconds: Self.milliseconds(options.busyTimeout))
        }
        try Self.prepareSchema(connection, path: path, mayInitialise: options.createIfMissing)
        try Self.wrap(path) {
            try connection.execute("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
        }
        writer = Mutex(connection)
        idleReaders = Mutex([])
    }

    // MARK: Connections

    /// Runs `body` on the writer connection, inside one `BEGIN IMMEDIATE` transaction.
    func write<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws(CacheError) -> T {
        let path = path
        let timeout = options.busyTimeout
        return try Self.wrap(path, busyAfter: timeout) {
            try writer.withLock { connection in
                defer { connection.resetCachedStatements() }
                return try connection.writeTransaction { try body(connection) }
            }
        }
    }

    /// Runs `body` on a read connection from the pool, inside one read transaction (one consistent snapshot).
    func read<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws(CacheError) -> T {
        try readSingle { connection in try connection.readTransaction { try body(connection) } }
    }

    /// Runs `body` on a read connection from the pool without a surrounding transaction: for the single-statement
    /// hit path, where BEGIN/COMMIT would double the work.
    func readSingle<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws(CacheError) -> T {
        let path = path
        let timeout = options.busyTimeout
        return try Self.wrap(path, busyAfter: timeout) {
            let connection = try idleReaders.withLock { $0.popLast() } ?? openReader()
            defer { release(connection) }
            return try body(connection)
        }
    }

    private func release(_ connection: SQLiteConnection) {
        connection.resetCachedStatements()
        idleReaders.withLock { if $0.count < options.maxReaders { $0.append(connection) } }
    }

    private func openReader() throws -> SQLiteConnection {
        let connection = try SQLiteConnection(path: path, mode: .existing,
                                              busyTimeoutMilliseconds: Self.milliseconds(options.busyTimeout))
        // Reading pages through a memory map skips a copy per page: the SELECT on the hit path takes about 40% less
        // time on a 100k-interaction file (docs/benchmarks.md). The map is address space, not memory.
        try connection.execute("PRAGMA query_only = 1; PRAGMA mmap_size = 1073741824;")
        return connection
    }

    /// Maps SQLite's errors to `CacheError`, naming the file.
    static func wrap<T>(_ path: String, busyAfter timeout: Duration = .zero, _ body: () throws -> T) throws(CacheError) -> T {
        do {
            return try body()
        } catch let error as CacheError {
            throw error
        } catch let error as SQLiteError {
            if error.isBusy {
                throw .busy(location: path, waitedSeconds: Double(timeout.components.seconds))
            }
            if error.isNotADatabase {
                throw .notACache(location: path, reason: "not a SQLite database")
            }
            throw .backend(location: path, reason: "\(error)")
        } catch {
            throw .io(path: path, reason: "\(error)")
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        return Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }

    // MARK: Schema

    /// Checks that the file is ours and current, initialising a new file and migrating an old one.
    ///
    /// Everything is read before anything is written, so a foreign file or a newer schema leaves the file untouched.
    private static func prepareSchema(_ connection: SQLiteConnection, path: String, mayInitialise: Bool)
        throws(CacheError)
    {
        // One read transaction, so that the three facts come from one snapshot even while another process is
        // initialising the same file.
        let (applicationID, version, tableCount) = try wrap(path) {
            try connection.readTransaction {
                (try connection.scalarInt("PRAGMA application_id") ?? 0,
                 Int(try connection.scalarInt("PRAGMA user_version") ?? 0),
                 try connection.scalarInt("SELECT count(*) FROM sqlite_master") ?? 0)
            }
        }
        if applicationID == 0 && version == 0 && tableCount == 0 {
            guard mayInitialise else { throw .notACache(location: path, reason: "it is an empty database") }
        } else if applicationID != Schema.applicationID {
            throw .notACache(location: path, reason: "a SQLite database of another application, with \(tableCount) tables")
        } else if version > Schema.currentVersion {
            throw .newerSchema(location: path, found: version, supported: Schema.currentVersion)
        }
        guard version < Schema.currentVersion || applicationID != Schema.applicationID else {
            return try ensureWAL(connection, path: path)
        }
        try wrap(path) {
            // WAL first (outside any transaction, as SQLite requires), then the migrations in one transaction that
            // re-reads the version, since another process may have migrated the file meanwhile.
            _ = try connection.scalarInt("PRAGMA journal_mode = WAL")
            try connection.writeTransaction {
                var current = Int(try connection.scalarInt("PRAGMA user_version") ?? 0)
                let currentID = try connection.scalarInt("PRAGMA application_id") ?? 0
                if current == 0 && currentID == 0 {
                    try connection.execute("PRAGMA application_id = \(Schema.applicationID)")
                }
                while current < Schema.currentVersion {
                    try connection.execute(Schema.migrations[current])
                    current += 1
                    try connection.execute("PRAGMA user_version = \(current)")
                }
            }
        }
    }

    private static func ensureWAL(_ connection: SQLiteConnection, path: String) throws(CacheError) {
        try wrap(path) {
            let statement = try connection.prepare("PRAGMA journal_mode")
            defer { statement.finalize() }
            if try statement.step(), statement.string(0).lowercased() != "wal" {
                _ = try connection.scalarInt("PRAGMA journal_mode = WAL")
            }
        }
    }
}
