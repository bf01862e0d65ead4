import Foundation
import Logging
import PostgresNIO

/// Databases the benchmark makes on the server it is given, and drops at the end.
final class BenchmarkDatabases {
    let server: URLComponents
    private var made: [String] = []

    init(server text: String) async throws {
        guard let components = URLComponents(string: text) else { fatalError("not a URL: \(text)") }
        server = components
    }

    /// A new empty database (dropped first if a killed run left it), as a URL.
    func make(_ name: String) async throws -> String {
        try await execute(["DROP DATABASE IF EXISTS \(name) WITH (FORCE)", "CREATE DATABASE \(name)"])
        made.append(name)
        var url = server
        url.path = "/" + name
        return url.string!
    }

    func dropAll() async throws {
        try await execute(made.map { "DROP DATABASE IF EXISTS \($0) WITH (FORCE)" })
    }

    private func execute(_ statements: [String]) async throws {
        var logger = Logger(label: "store-benchmark")
        logger.logLevel = .critical
        let connection = try await PostgresConnection.connect(
            configuration: .init(host: server.host ?? "127.0.0.1", port: server.port ?? 5432,
                                 username: server.user ?? "postgres", password: server.password,
                                 database: String(server.path.dropFirst()), tls: .disable),
            id: 1, logger: logger)
        for statement in statements { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
        try await connection.close()
    }
}
