import Foundation
import PostgresStore
import Recorder
import Testing
import TestSupport

/// Each way of not getting a usable PostgreSQL cache: a clear error, the right exit status, no password shown.
@Suite("PostgreSQL failures", .enabled(if: TestPostgres.shouldRun, Comment(rawValue: TestPostgres.skipReason)))
struct PostgresFailureTests {
    @Test func aRefusedConnectionIsUnreachable() async throws {
        // A port nothing listens on: bound and closed again.
        let port = try freePort()
        await #expect {
            _ = try await PostgresCache.open(url: "postgres://someone:pw@127.0.0.1:\(port)/db",
                                             options: .init(connectTimeout: .seconds(5)))
        } throws: { error in
            guard case CacheError.unreachable(let location, _) = error else { return false }
            return location == "postgres://someone@127.0.0.1:\(port)/db"
        }
        let result = try await runProductAsync("align", ["cache", "stats", "--cache", "postgres://someone:pw@127.0.0.1:\(port)/db"])
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains("cannot reach the cache database postgres://someone@127.0.0.1:\(port)/db"))
        #expect(!result.stderr.contains(":pw@"))
    }

    @Test func aWrongPasswordIsAccessDeniedAndNeverPrinted() async throws {
        let server = try #require(TestPostgres.serverURL)
        var components = try #require(URLComponents(string: server))
        components.password = "not-the-password-4711"
        let wrong = try #require(components.string)
        await #expect {
            _ = try await PostgresCache.open(url: wrong)
        } throws: { error in
            guard case CacheError.accessDenied = error else { return false }
            return !"\(error)".contains("4711")
        }
        let result = try await runProductAsync("align", ["runs", "--cache", wrong])
        #expect(result.status == 77, "\(result.stderr)")
        #expect(result.stderr.contains("refused the credentials"))
        #expect(!result.stderr.contains("4711"))
    }

    @Test func aBadURLIsAUsageError() async throws {
        let result = try await runProductAsync("align", ["cache", "verify", "--cache", "postgres://u:secretpw@host:0x/db"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("not a usable PostgreSQL cache URL"))
        #expect(!result.stderr.contains("secretpw"))
    }

    @Test func aNewerSchemaIsRefusedAndLeftUntouched() async throws {
        try await TestPostgres.withDatabase { url in
            let store = try await PostgresCache.open(url: url)
            await store.close()
            try await PostgresAdmin.execute(url: url, ["UPDATE align_meta SET value = '99' WHERE name = 'schema_version'"])
            await #expect {
                _ = try await PostgresCache.open(url: url)
            } throws: { error in
                guard case CacheError.newerSchema(_, 99, let supported) = error else { return false }
                return supported >= 1
            }
            let result = try await runProductAsync("align", ["cache", "stats", "--cache", url])
            #expect(result.status == 65, "\(result.stderr)")
            #expect(result.stderr.contains("newer than this align understands"))
        }
    }

    @Test func aDatabaseOfAnotherApplicationIsNotACacheAndAnEmptyOneIsOnlyCreatedByRecording() async throws {
        try await TestPostgres.withDatabase { url in
            await #expect(throws: CacheError.self) {
                _ = try await PostgresCache.open(url: url, options: .init(createIfMissing: false))
            }
            try await PostgresAdmin.execute(url: url, ["CREATE TABLE blobs (x int)"])
            await #expect {
                _ = try await PostgresCache.open(url: url)
            } throws: { error in
                guard case CacheError.notACache = error else { return false }
                return true
            }
        }
    }

    @Test func aDamagedBlobIsNeverServedAndVerifyListsIt() async throws {
        try await TestPostgres.withDatabase { url in
            let store = try await PostgresCache.open(url: url)
            let request = try sampleRequest(marker: "to be damaged")
            _ = try await store.record(sampleInteraction(request, response: Array("intact answer".utf8)),
                                       policy: .keepExisting)
            let hash = CacheKey(hashing: Array("intact answer".utf8)).hex
            try await PostgresAdmin.execute(url: url, [
                "UPDATE blobs SET data = overlay(data placing '\\x58'::bytea from 3) WHERE hash = '\\x\(hash)'::bytea",
            ])
            await #expect {
                _ = try await store.lookup(request.key, includingRequest: false)
            } throws: { error in
                guard case CacheError.corruptBlob(let owner, _, _) = error else { return false }
                return owner.contains(request.key.description)
            }
            let report = try await store.verify()
            #expect(report.problems.map(\.kind).contains("corrupt-blob"))
            await store.close()
            let result = try await runProductAsync("align", ["cache", "verify", "--cache", url])
            #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        }
    }

    private func freePort() throws -> Int {
        let socket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
