import Foundation
import PostgresStore
import Recorder
import Testing
import TestSupport

/// Reading a cache URL and the standard PG* variables and password file; the password never printed.
@Suite("PostgreSQL location")
struct PostgresLocationTests {
    let directory = TemporaryDirectory("pglocation")

    @Test func theURLGivesEverythingAndItsDescriptionHasNoPassword() throws {
        let location = try PostgresLocation(url: "postgres://alice:s3cr%40t@db.example:6543/cache?sslmode=disable",
                                            environment: [:])
        #expect(location.host == "db.example" && location.port == 6543 && location.user == "alice")
        #expect(location.database == "cache" && location.tls == .disable)
        #expect(location.description == "postgres://alice@db.example:6543/cache")
        #expect(!"\(location)".contains("s3cr"))
    }

    @Test func whatTheURLLeavesOutComesFromTheEnvironmentAndThePasswordFile() throws {
        let passfile = directory.path("pgpass")
        try "# comment\nother:5432:*:bob:wrong\ndbhost:5433:*:bob:from\\:file\n".write(
            toFile: passfile, atomically: true, encoding: .utf8)
        let environment = ["PGHOST": "dbhost", "PGPORT": "5433", "PGUSER": "bob", "PGDATABASE": "shared",
                           "PGPASSFILE": passfile]
        let location = try PostgresLocation(url: "postgres://", environment: environment)
        #expect(location.description == "postgres://bob@dbhost:5433/shared")
        #expect(location.tls == .prefer)
        let withVariable = try PostgresLocation(url: "postgresql:///other", environment: environment.merging(
            ["PGPASSWORD": "from-variable"]) { $1 })
        #expect(withVariable.database == "other")
        // Which password was found is only observable by logging in; the parser's own lookup is checked here.
        #expect(PostgresLocation.password(inPasswordFile: passfile, host: "dbhost", port: 5433, database: "shared",
                                          user: "bob") == "from:file")
        #expect(PostgresLocation.password(inPasswordFile: passfile, host: "dbhost", port: 5432, database: "shared",
                                          user: "bob") == nil)
    }

    @Test func aMalformedURLIsAUsageErrorThatHidesThePassword() {
        for url in ["postgres://eve:hunter2@host:99999/db", "postgres://eve:hunter2@host/db/extra",
                    "postgres://eve:hunter2@host/db?sslmode=sometimes", "postgres://eve:hunter2@host/db?application=x"] {
            #expect {
                _ = try PostgresLocation(url: url, environment: [:])
            } throws: { error in
                guard case CacheError.invalidArgument(let message) = error else { return false }
                return !message.contains("hunter2") && message.contains("postgres://USER@HOST:PORT/DATABASE")
            }
        }
        #expect(PostgresLocation.redacted("postgres://eve:hunter2@host/db") == "postgres://eve:***@host/db")
        #expect(PostgresLocation.redacted("postgres://eve@host/db") == "postgres://eve@host/db")
    }
}
