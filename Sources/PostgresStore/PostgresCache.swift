import Foundation
import NIOSSL
import PostgresNIO
import Recorder
import Synchronization

/// A SelfAlign cache in a PostgreSQL database, shared by every machine that records into it.
///
/// The same content addressing as the SQLite file (blobs by SHA-256 of the raw bytes, zlib-compressed, proved on
/// every read), the same keys, runs and events. Each write is one transaction, so a writer that dies leaves nothing
/// half-written. A miss that several processes take at once makes one live call: `claim` holds a transaction-level
/// advisory lock on the key while the leader calls upstream.
public final class PostgresCache: Sendable {
    /// How a cache is opened.
    public struct Options: Sendable {
        /// Create the schema when the database has none (recording commands); otherwise it must be there.
        public var createIfMissing: Bool
        /// What is blanked out of stored responses and imported requests.
        public var redaction: Redaction
        /// How long a process waits for another's claim on a key before it makes the call itself.
        public var claimTimeout: Duration
        /// How long connecting may take.
        public var connectTimeout: Duration
        /// Idle connections kept open.
        public var maxIdleConnections: Int

        /// Builds options; the defaults suit recording.
        public init(createIfMissing: Bool = true, redaction: Redaction = .default, claimTimeout: Duration = .seconds(120),
                    connectTimeout: Duration = .seconds(10), maxIdleConnections: Int = 8)
        {
            self.createIfMissing = createIfMissing
            self.redaction = redaction
            self.claimTimeout = claimTimeout
            self.connectTimeout = connectTimeout
            self.maxIdleConnections = maxIdleConnections
        }
    }

    /// Where the cache is (printable: no password).
    public let location: PostgresLocation
    /// The options it was opened with.
    public let options: Options
    /// `postgres://user@host:port/db`.
    public let identity: StoreIdentity
    let configuration: PostgresConnection.Configuration
    let logger: Logger
    private let idle = Mutex<[PostgresConnection]>([])
    private let nextID = Atomic<Int>(1)
    private let closed = Atomic<Bool>(false)

    private init(location: PostgresLocation, options: Options) throws(CacheError) {
        self.location = location
        self.options = options
        identity = StoreIdentity(location.description)
        var logger = Logger(label: "align.postgres")
        logger.logLevel = .critical
        self.logger = logger
        let tls: PostgresConnection.Configuration.TLS
        do {
            switch location.tls {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        } catch {
            throw .backend(location: location.description, reason: "cannot set up TLS: \(error)")
        }
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: tls)
        configuration.options.connectTimeout = .nanoseconds(
            options.connectTimeout.components.seconds * 1_000_000_000
                + options.connectTimeout.components.attoseconds / 1_000_000_000)
        self.configuration = configuration
    }

    /// Connects, checks that the database holds a cache of a schema this build knows (creating or migrating it when
    /// allowed), and returns the open cache.
    /// - Throws: `CacheError.unreachable`, `.accessDenied`, `.notACache`, `.newerSchema`: each before anything is
    ///   written.
    public static func open(_ location: PostgresLocation, options: Options = Options()) async throws(CacheError)
        -> PostgresCache
    {
        let cache = try PostgresCache(location: location, options: options)
        do {
            try await cache.prepareSchema()
        } catch {
            await cache.close()
            throw error
        }
        return cache
    }

    /// Opens the cache named by `url` (see `PostgresLocation` for what the environment supplies).
    public static func open(url: String, options: Options = Options(),
                            environment: [String: String] = ProcessInfo.processInfo.environment)
        async throws(CacheError) -> PostgresCache
    {
        try await open(try PostgresLocation(url: url, environment: environment), options: options)
    }

    // MARK: Connections

    /// Runs `body` on a connection of the pool (opening one when none is idle), mapping errors to `CacheError`.
    func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws(CacheError) -> T {
        let connection = try await checkOut()
        do {
            let result = try await body(connection)
            checkIn(connection)
            return result
        } catch {
            // A connection whose query failed may be mid-transaction: it is not reused.
            try? await connection.close()
            throw map(error)
        }
    }

    /// Runs `body` inside one transaction; a thrown error rolls it back.
    func transaction<T: Sendable>(_ body: @escaping (PostgresConnection) async throws -> T) async throws(CacheError) -> T {
        try await withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            let result = try await body(connection)
            try await connection.query("COMMIT", logger: logger)
            return result
        }
    }

    func checkOut() async throws(CacheError) -> PostgresConnection {
        if closed.load(ordering: .relaxed) { throw .invalidArgument("the cache \(identity) was closed") }
        while let connection = idle.withLock({ $0.popLast() }) {
            if !connection.isClosed { return connection }
        }
        do {
            return try await PostgresConnection.connect(
                configuration: configuration, id: nextID.wrappingAdd(1, ordering: .relaxed).oldValue, logger: logger)
        } catch {
            throw map(error)
        }
    }

    func checkIn(_ connection: PostgresConnection) {
        let keep = !closed.load(ordering: .relaxed) && !connection.isClosed && idle.withLock { idle -> Bool in
            guard idle.count < options.maxIdleConnections else { return false }
            idle.append(connection)
            return true
        }
        if !keep { Task { try? await connection.close() } }
    }

    deinit {
        // Idle connections close when the cache goes; each is kept alive until its channel has closed.
        for connection in idle.withLock({ $0 }) {
            connection.close().whenComplete { _ in _ = connection }
        }
    }

    /// Closes every idle connection; the cache must not be used afterwards.
    public func close() async {
        closed.store(true, ordering: .relaxed)
        for connection in idle.withLock({ idle in defer { idle.removeAll() }; return idle }) {
            try? await connection.close()
        }
    }

    // MARK: Errors

    /// A PostgresNIO error as a `CacheError` that names the cache, without its password, and says what to do.
    func map(_ error: any Error) -> CacheError {
        if let error = error as? CacheError { return error }
        let where_ = identity.description
        if let error = error as? PSQLError {
            if let info = error.serverInfo {
                let state = info[.sqlState] ?? ""
                let message = info[.message] ?? "the server refused"
                switch state {
                case "28P01", "28000": return .accessDenied(location: where_, reason: message)
                case "3D000": return .unreachable(location: where_, reason: message)
                case "57P03", "53300": return .unreachable(location: where_, reason: message)
                case "55P03", "40P01": return .busy(location: where_, waitedSeconds: 0)
                default: return .backend(location: where_, reason: "\(message) (SQLSTATE \(state))")
                }
            }
            switch error.code {
            case .authMechanismRequiresPassword:
                return .accessDenied(location: where_, reason: "the server asks for a password and none was given")
            case .unsupportedAuthMechanism:
                return .accessDenied(location: where_, reason: "the server asks for an authentication method this "
                                     + "client does not support (use scram-sha-256, md5 or trust)")
            case .sslUnsupported:
                return .unreachable(location: where_, reason: "the server does not offer TLS, which sslmode=require needs")
            case .connectionError, .serverClosedConnection, .uncleanShutdown:
                let underlying = error.underlying.map { "\($0)" } ?? "the connection failed"
                return .unreachable(location: where_, reason: underlying)
            default:
                return .backend(location: where_, reason: "\(error.code)")
            }
        }
        if error is PostgresDecodingError {
            return .notACache(location: where_, reason: "a column has an unexpected type")
        }
        if let error = error as? IOError {
            return .unreachable(location: where_, reason: "\(error)")
        }
        let text = "\(error)"
        if text.localizedCaseInsensitiveContains("refused") || text.localizedCaseInsensitiveContains("connect") {
            return .unreachable(location: where_, reason: text)
        }
        return .backend(location: where_, reason: text)
    }
}

extension PostgresCache: InteractionStore, ExecutionStore, RunStore, CacheMaintenance {}
