import Foundation
import PostgresNIO
import Recorder

/// Plain SQL against a database, for tests and benchmarks that make and drop their own databases (never used by
/// `align` itself).
package enum PostgresAdmin {
    /// Runs `statements` one after another on one connection to the database `url` names.
    package static func execute(url: String, _ statements: [String],
                                environment: [String: String] = ProcessInfo.processInfo.environment) async throws
    {
        let location = try PostgresLocation(url: url, environment: environment)
        var logger = Logger(label: "align.postgres.admin")
        logger.logLevel = .critical
        let connection = try await PostgresConnection.connect(
            configuration: .init(host: location.host, port: location.port, username: location.user,
                                 password: location.password, database: location.database, tls: .disable),
            id: 0, logger: logger)
        do {
            for statement in statements { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
            try await connection.close()
        } catch {
            try? await connection.close()
            throw CacheError.backend(location: location.description, reason: String(reflecting: error))
        }
    }

    /// `url` with its database replaced by `database`.
    package static func url(_ url: String, database: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + database
        return components.string ?? url
    }
}
