import Foundation
import PostgresStore
import Recorder
import TestSupport

/// Fresh caches of each backend for one test.
enum Backends {
    static func withSQLite(_ body: (any CacheBackend) async throws -> Void) async throws {
        let directory = TemporaryDirectory("contract")
        let store = try CacheStore(path: directory.path("cache.sqlite"))
        try await body(store)
        await store.close()
    }

    static func withPostgres(_ body: (any CacheBackend) async throws -> Void) async throws {
        try await TestPostgres.withDatabase { url in
            let store = try await PostgresCache.open(url: url)
            do {
                try await body(store)
                await store.close()
            } catch {
                await store.close()
                throw error
            }
        }
    }
}
