import Foundation
@testable import Recorder
import Testing
import TestSupport

/// `align cache …` end to end: the built binary, its output and its exit statuses.
@Suite("align cache")
struct CacheCommandTests {
    let directory = TemporaryDirectory("cli")
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtureExport = repository.appendingPathComponent("fixtures/sample-cache.jsonl").path
    static let fixtureCache = repository.appendingPathComponent("fixtures/sample-cache.sqlite").path

    private func align(_ arguments: String..., environment: [String: String] = [:]) throws -> ProcessOutput {
        try runProduct("align", arguments, environment: ["PATH": "/usr/bin:/bin"].merging(environment) { $1 })
    }

    @Test func theShippedFixtureCacheMatchesItsExportAndVerifies() throws {
        // Copied first: opening a cache may write its -shm file, and the repository stays as it is.
        let copy = directory.path("fixture.sqlite")
        try FileManager.default.copyItem(atPath: Self.fixtureCache, toPath: copy)
        let exported = try align("cache", "export", "--cache", copy)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout == (try String(contentsOfFile: Self.fixtureExport, encoding: .utf8)))
        let verified = try align("cache", "verify", "--cache", copy)
        #expect(verified.status == 0)
        #expect(verified.stdout.hasPrefix("ok:"))
    }

    @Test func importStatsListShowAndExportWorkTogether() throws {
        let cache = directory.path("c.sqlite")
        let imported = try align("cache", "import", "--cache", cache, Self.fixtureExport)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("11 interaction(s) added"))

        let stats = try align("cache", "stats", "--cache", cache, "--json")
        let parsed = try JSONValue(parsing: stats.stdout)
        #expect(parsed["interactions"]?.intValue == 11)
        #expect(parsed["streamed_interactions"]?.intValue == 1)

        let list = try align("cache", "ls", "--model", "claude-3-5-haiku-20241022", "--json",
                             environment: ["ALIGN_CACHE": cache])
        let rows = try #require(try JSONValue(parsing: list.stdout).arrayValue)
        #expect(rows.count == 1)
        let key = try #require(rows.first?["key"]?.stringValue)

        let shown = try align("cache", "show", "--cache", cache, String(key.prefix(14)))
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("POST /v1/messages (anthropic, sample 0)"))
        #expect(shown.stdout.contains("anthropic-version: 2023-06-01"))

        let output = directory.path("out.jsonl")
        #expect(try align("cache", "export", "--cache", cache, "--output", output).status == 0)
        #expect(try String(contentsOfFile: output, encoding: .utf8)
                == (try String(contentsOfFile: Self.fixtureExport, encoding: .utf8)))
    }

    @Test func aMissingCacheIsAClearErrorAndIsNotCreated() throws {
        let cache = directory.path("missing.sqlite")
        for command in ["stats", "verify", "ls", "export", "prune"] {
            let result = try align("cache", command, "--cache", cache)
            #expect(result.status == 65, "\(command): \(result.status)")
            #expect(result.stderr.contains("no cache file at \(cache)"), "\(command): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: cache))
    }

    @Test func aFileThatIsNotACacheIsRefusedAndLeftAlone() throws {
        let path = directory.path("readme.txt")
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: path))
        for arguments in [["stats", "--cache", path], ["import", "--cache", path, Self.fixtureExport],
                          ["merge", "--cache", directory.path("t.sqlite"), path]] {
            let result = try runProduct("align", ["cache"] + arguments)
            #expect(result.status == 65, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("is not a SelfAlign cache"))
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "hello\n")
        #expect(!FileManager.default.fileExists(atPath: directory.path("t.sqlite")))
    }

    @Test func verifyExitsOneOnDamage() throws {
        let cache = directory.path("damaged.sqlite")
        #expect(try align("cache", "import", "--cache", cache, Self.fixtureExport).status == 0)
        // Damage one stored blob from outside, as a bad disk would.
        let store = try CacheStore(path: cache, options: .existingOnly)
        let victim = try #require(try store.list(limit: 1).first)
        #expect(try align("cache", "verify", "--cache", cache).status == 0)
        try corruptResponse(of: victim.key, in: cache)
        let result = try align("cache", "verify", "--cache", cache)
        #expect(result.status == 1)
        #expect(result.stdout.contains("corrupt-blob"))
        #expect(result.stdout.contains(victim.key))
        let shown = try align("cache", "show", "--cache", cache, victim.key)
        #expect(shown.status == 66)
        #expect(shown.stderr.contains("corrupt cache entry"))
        #expect(shown.stderr.hasSuffix("; it is not served. Run `align cache verify` to list every damaged entry, and "
                                       + "re-record them (mode refresh)\n"), "\(shown.stderr)")
    }

    @Test func mergeAndPruneReportWhatTheyDid() throws {
        let first = directory.path("first.sqlite")
        let second = directory.path("second.sqlite")
        #expect(try align("cache", "import", "--cache", first, Self.fixtureExport).status == 0)
        let merged = try align("cache", "merge", "--cache", second, first)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout.contains("11 interaction(s) added"))
        let dry = try align("cache", "prune", "--cache", second, "--provider", "anthropic", "--dry-run")
        #expect(dry.stdout.hasPrefix("would remove 1 interaction(s)"))
        let pruned = try align("cache", "prune", "--cache", second, "--provider", "anthropic", "--vacuum")
        #expect(pruned.stdout.hasPrefix("removed 1 interaction(s)"))
        let stats = try JSONValue(parsing: try align("cache", "stats", "--cache", second, "--json").stdout)
        #expect(stats["interactions"]?.intValue == 10)
    }

    @Test func badArgumentsSayWhatToDo() throws {
        let noCache = try align("cache", "stats")
        #expect(noCache.status == 64)
        #expect(noCache.stderr.contains("pass --cache FILE or set ALIGN_CACHE"))
        let badDate = try align("cache", "prune", "--cache", "x.sqlite", "--before", "last tuesday")
        #expect(badDate.status == 64)
        #expect(badDate.stderr.contains("YYYY-MM-DD"))
        let badKey = try align("cache", "show", "--cache", Self.fixtureCache, "zz-not-hex")
        #expect(badKey.status == 64 || badKey.status == 65)
        #expect(badKey.stderr.contains("not a key"))
    }
}

/// Flips a bit of the response blob of the interaction with `key`, through a connection outside the store.
private func corruptResponse(of key: String, in path: String) throws {
    let connection = try SQLiteConnection(path: path, mode: .existing, busyTimeoutMilliseconds: 5_000)
    let digest = try CacheKey(parsing: key).digest
    let find = try connection.prepare(
        "SELECT b.id, b.data FROM interactions i JOIN blobs b ON b.id = i.response_blob WHERE i.key = ?")
    try find.bind(bytes: digest, at: 1)
    #expect(try find.step())
    let blob = find.int64(0)
    var data = find.bytes(1)
    find.finalize()
    data[data.count / 2] ^= 0x10
    let update = try connection.prepare("UPDATE blobs SET data = ? WHERE id = ?")
    try update.bind(bytes: data, at: 1)
    try update.bind(blob, at: 2)
    try update.run()
    update.finalize()
}
