import Foundation
import PostgresStore
import Recorder

/// The PostgreSQL server the tests use: `scripts/with-postgres` (which `.ci/run` uses) starts a throw-away cluster
/// and exports its URL as `ALIGN_TEST_POSTGRES_URL`.
///
/// Without it, PostgreSQL tests are skipped locally with a reason that says so, and fail under `CI=true`.
public enum TestPostgres {
    /// The server's URL (with the database `postgres`), when one was started for the tests.
    public static var serverURL: String? {
        ProcessInfo.processInfo.environment["ALIGN_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// True when the PostgreSQL tests should run: a server is there, or this is CI (where its absence is a failure).
    public static var shouldRun: Bool {
        serverURL != nil || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    /// Why the PostgreSQL tests are skipped.
    public static let skipReason = """
        no PostgreSQL for the tests: ALIGN_TEST_POSTGRES_URL is not set. Run `scripts/with-postgres swift test` \
        (as .ci/run does) to include them
        """

    /// Runs `body` with the URL (throw-away password included) of a new, empty database on the test server, and
    /// drops the database afterwards.
    /// - Throws: a clear error when no test server was started.
    public static func withDatabase<T>(_ body: (String) async throws -> T) async throws -> T {
        guard let serverURL else {
            throw CacheError.invalidArgument("""
                ALIGN_TEST_POSTGRES_URL is not set, so no PostgreSQL server is there for this test; run the tests \
                through scripts/with-postgres (as .ci/run does)
                """)
        }
        let name = "align_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16))"
        try await PostgresAdmin.execute(url: serverURL, ["CREATE DATABASE \(name)"])
        do {
            let result = try await body(PostgresAdmin.url(serverURL, database: name))
            try? await PostgresAdmin.execute(url: serverURL, ["DROP DATABASE IF EXISTS \(name) WITH (FORCE)"])
            return result
        } catch {
            try? await PostgresAdmin.execute(url: serverURL, ["DROP DATABASE IF EXISTS \(name) WITH (FORCE)"])
            throw error
        }
    }
}
