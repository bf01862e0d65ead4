import PostgresNIO
import Recorder

extension PostgresCache {
    /// The schema version the database holds now (0 when it holds none).
    func schemaVersion(on connection: PostgresConnection) async throws -> Int {
        let rows = try await connection.query(
            "SELECT value FROM align_meta WHERE name = 'schema_version'", logger: logger)
        for try await value in rows.decode(String.self) { return Int(value) ?? -1 }
        return 0
    }

    /// Checks that the database is ours and current, creating the schema in an empty one and migrating an old one.
    ///
    /// Everything is read before anything is written, so a foreign database or a newer schema is left untouched.
    func prepareSchema() async throws(CacheError) {
        let location = identity.description
        let mayCreate = options.createIfMissing
        try await withConnection { connection in
            var hasMarker = false
            for try await present in try await connection.query(
                "SELECT to_regclass('align_meta') IS NOT NULL", logger: logger).decode(Bool.self) { hasMarker = present }
            var version = 0
            if hasMarker {
                var application: String?
                for try await value in try await connection.query(
                    "SELECT value FROM align_meta WHERE name = 'application'", logger: logger).decode(String.self) {
                    application = value
                }
                guard application == PostgresSchema.application else {
                    throw CacheError.notACache(location: location, reason: "its align_meta table belongs to another "
                                               + "application")
                }
                version = try await schemaVersion(on: connection)
                if version > PostgresSchema.currentVersion || version < 0 {
                    throw CacheError.newerSchema(location: location, found: version,
                                                 supported: PostgresSchema.currentVersion)
                }
                if version == PostgresSchema.currentVersion { return }
            } else {
                let names = PostgresSchema.tables.map { "'\($0)'" }.joined(separator: ", ")
                var foreign = 0
                for try await count in try await connection.query(PostgresQuery(unsafeSQL: """
                    SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename IN (\(names))
                    """), logger: logger).decode(Int.self) { foreign = count }
                if foreign > 0 {
                    throw CacheError.notACache(location: location, reason: "it has tables named like a cache's but no "
                                               + "align_meta marker")
                }
                guard mayCreate else {
                    throw CacheError.notACache(location: location, reason: "the database holds no cache yet; record "
                                               + "into it first (a recording command creates it)")
                }
            }
            // Another process may be creating or migrating the same database: one at a time, and the version is
            // read again under the lock.
            try await connection.query("BEGIN", logger: logger)
            try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLock))", logger: logger)
            var current = 0
            for try await present in try await connection.query(
                "SELECT to_regclass('align_meta') IS NOT NULL", logger: logger).decode(Bool.self) where present {
                current = try await schemaVersion(on: connection)
            }
            if current > PostgresSchema.currentVersion {
                throw CacheError.newerSchema(location: location, found: current, supported: PostgresSchema.currentVersion)
            }
            while current < PostgresSchema.currentVersion {
                for statement in PostgresSchema.migrations[current] {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                current += 1
                try await connection.query(
                    "UPDATE align_meta SET value = \(String(current)) WHERE name = 'schema_version'", logger: logger)
            }
            try await connection.query("COMMIT", logger: logger)
        }
    }
}
