import PostgresNIO
import Recorder
import Synchronization

extension PostgresCache {
    /// Takes a transaction-level advisory lock on `key` on a connection of its own, held until the claim ends: a
    /// second process missing the same key waits here, then finds the leader's answer stored. After
    /// `options.claimTimeout` the waiter goes on without the claim (it makes the call itself), and a leader that
    /// dies releases the lock with its connection.
    public func claim(_ key: CacheKey) async throws(CacheError) -> any FlightClaim {
        let connection = try await checkOut()
        let lockKey = key.digest.prefix(8).reduce(Int64(0)) { ($0 << 8) | Int64($1) }
        let milliseconds = options.claimTimeout.components.seconds * 1000
            + options.claimTimeout.components.attoseconds / 1_000_000_000_000_000
        do {
            try await connection.query("BEGIN", logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: "SET LOCAL lock_timeout = \(max(1, milliseconds))"),
                                       logger: logger)
            try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
            return PostgresClaim(cache: self, connection: connection)
        } catch {
            try? await connection.close()
            if let error = error as? PSQLError, error.serverInfo?[.sqlState] == "55P03" { return LocalClaim() }
            throw map(error)
        }
    }
}

/// A held advisory lock: its transaction commits (and the lock goes) when the claim ends.
final class PostgresClaim: FlightClaim {
    private let cache: PostgresCache
    private let connection: PostgresConnection
    private let ended = Atomic<Bool>(false)

    init(cache: PostgresCache, connection: PostgresConnection) {
        self.cache = cache
        self.connection = connection
    }

    func end() async {
        guard !ended.exchange(true, ordering: .relaxed) else { return }
        do {
            try await connection.query("COMMIT", logger: cache.logger)
            cache.checkIn(connection)
        } catch {
            try? await connection.close()
        }
    }
}
