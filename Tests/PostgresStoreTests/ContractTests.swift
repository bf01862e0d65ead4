import Recorder
import Testing
import TestSupport

/// The store contract on the SQLite file.
@Suite("Store contract: SQLite")
struct SQLiteContractTests {
    @Test(arguments: ContractCheck.all)
    func check(_ check: ContractCheck) async throws {
        try await Backends.withSQLite(check.body)
    }
}

/// The same contract on a PostgreSQL database (skipped, saying why, when no test server runs; failing under CI).
@Suite("Store contract: PostgreSQL",
       .enabled(if: TestPostgres.shouldRun, Comment(rawValue: TestPostgres.skipReason)))
struct PostgresContractTests {
    @Test(arguments: ContractCheck.all)
    func check(_ check: ContractCheck) async throws {
        try await Backends.withPostgres(check.body)
    }

    @Test func aFileAndADatabaseHoldingTheSameRecordsExportTheSameBytes() async throws {
        try await Backends.withSQLite { file in
            try await StoreContract.fill(file)
            try await Backends.withPostgres { database in
                let merged = try await CacheMerge.merge(from: file, into: database)
                #expect(merged.interactionsAdded == 3 && merged.executionsAdded == 1 && merged.runsAdded == 1)
                let original = try await StoreContract.exportText(file)
                let copied = try await StoreContract.exportText(database)
                #expect(copied == original)
                try await Backends.withSQLite { back in
                    _ = try await CacheMerge.merge(from: database, into: back)
                    let returned = try await StoreContract.exportText(back)
                    #expect(returned == original)
                }
            }
        }
    }
}
