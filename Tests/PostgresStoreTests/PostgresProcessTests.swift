import Foundation
import PostgresStore
import Recorder
import Testing
import TestSupport
import TestTraits

/// Many processes and machines on one PostgreSQL cache: concurrent writers, a killed writer, one live call for a
/// shared miss, and the fixture runs replayed from the database.
@Suite("PostgreSQL across processes", .serialized, .heavy,
       .enabled(if: TestPostgres.shouldRun, Comment(rawValue: TestPostgres.skipReason)))
struct PostgresProcessTests {
    let directory = TemporaryDirectory("pgprocesses")

    private func align(_ arguments: [String], environment: [String: String] = [:]) async throws -> ProcessOutput {
        try await runProductAsync("align", arguments, environment: ["PATH": "/usr/bin:/bin"].merging(environment) { $1 })
    }

    private nonisolated func stress(_ cache: String, writer: String, count: Int, output: Pipe, error: Pipe? = nil) throws -> Process {
        let process = Process()
        process.executableURL = productsDirectory().appendingPathComponent("recorder-stress")
        process.arguments = [cache, writer, String(count)]
        process.standardOutput = output
        process.standardError = error ?? FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func eightProcessesRecordTwoHundredFiftyEachAndAllTwoThousandAreThere() async throws {
        try await TestPostgres.withDatabase { url in
            // The schema is created once up front, as the first recording command on a new database would.
            await (try await PostgresCache.open(url: url)).close()
            // Blocking waits on the children run on a thread of their own, never on the test's cooperative pool.
            let (keys, failures) = try await onOwnThread { () -> (Set<String>, [String]) in
                let outputs = (0..<8).map { _ in Pipe() }
                let errors = (0..<8).map { _ in Pipe() }
                let children = try (0..<8).map { try stress(url, writer: "w\($0)", count: 250, output: outputs[$0],
                                                            error: errors[$0]) }
                var keys = Set<String>()
                var failures: [String] = []
                for (index, child) in children.enumerated() {
                    let printed = String(decoding: outputs[index].fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    let stderr = String(decoding: errors[index].fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    child.waitUntilExit()
                    if child.terminationStatus != 0 { failures.append("writer \(index) failed: \(stderr)") }
                    keys.formUnion(printed.split(separator: "\n").map(String.init))
                }
                return (keys, failures)
            }
            #expect(failures.isEmpty, "\(failures)")
            #expect(keys.count == 2_000)
            let store = try await PostgresCache.open(url: url, options: .init(createIfMissing: false))
            #expect(try await store.stats().interactions == 2_000)
            for key in keys {
                let hit = try await store.lookup(CacheKey(parsing: key), includingRequest: false)
                #expect(hit != nil)
            }
            let report = try await store.verify()
            #expect(report.isClean)
            await store.close()
        }
    }

    @Test func aWriterKilledMidRecordLeavesACacheThatVerifies() async throws {
        try await TestPostgres.withDatabase { url in
            await (try await PostgresCache.open(url: url)).close()
            let acknowledged = try await onOwnThread { () -> Set<String> in
                var generator = SplitMix64(seed: 12)
                var acknowledged = Set<String>()
                for round in 0..<6 {
                    let output = Pipe()
                    let child = try stress(url, writer: "round\(round)", count: 0, output: output)
                    // Killed once it is writing (however long a loaded machine takes to start it), at a random moment.
                    var early = Data()
                    while early.count(where: { $0 == UInt8(ascii: "\n") }) < 5 {
                        let chunk = output.fileHandleForReading.availableData
                        if chunk.isEmpty { break }
                        early.append(chunk)
                    }
                    usleep(UInt32(generator.next() % 300_000))
                    kill(child.processIdentifier, SIGKILL)
                    child.waitUntilExit()
                    if child.terminationReason != .uncaughtSignal { Issue.record("round \(round) was not killed") }
                    early.append(output.fileHandleForReading.readDataToEndOfFile())
                    let printed = String(decoding: early, as: UTF8.self)
                    // Only complete lines count: a line is printed after `record` returned.
                    acknowledged.formUnion(printed.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                        .map(String.init))
                }
                return acknowledged
            }
            #expect(acknowledged.count > 20)
            let result = try await align(["cache", "verify", "--cache", url])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            let store = try await PostgresCache.open(url: url, options: .init(createIfMissing: false))
            for key in acknowledged {
                let hit = try await store.lookup(CacheKey(parsing: key), includingRequest: false)
                #expect(hit != nil, "lost \(key)")
            }
            // Nothing half-written: every interaction has both its blobs, and no blob is orphaned by a dead writer.
            let orphans = try await store.prune(InteractionFilter(), dryRun: true)
            #expect(orphans.blobsRemoved == 0)
            await store.close()
        }
    }

    @Test func twoProcessesMissingTheSameKeyMakeOneUpstreamCall() async throws {
        try await TestPostgres.withDatabase { url in
            let server = try await onOwnThread { try FakeProvider() }   // its start blocks on a pipe
            defer { server.stop() }
            let environment = ["OPENAI_API_KEY": fakeAPIKey("flight")]
            // SLOW: the server takes 0.4 s, so the second process misses while the first is still waiting.
            let arguments = ["chat", "--cache", url, "--model", "gpt-4o-mini", "--base-url", server.baseURL,
                             "--prompt", "SLOW one answer for two machines", "--json"]
            await (try await PostgresCache.open(url: url)).close()
            async let first = align(arguments, environment: environment)
            async let second = align(arguments, environment: environment)
            let results = try await [first, second]
            for result in results { #expect(result.status == 0, "\(result.stderr)") }
            let sources = try results.map { try JSONValue(parsing: $0.stdout)["source"]?.stringValue }
            #expect(sources.sorted { ($0 ?? "") < ($1 ?? "") } == ["cache", "live"])
            #expect(try JSONValue(parsing: results[0].stdout)["text"] == JSONValue(parsing: results[1].stdout)["text"])
            #expect(try await server.calls().total == 1)
        }
    }

    @Test func theFixtureRunsMergedIntoPostgreSQLReplayIdentically() async throws {
        try await TestPostgres.withDatabase { url in
            let copy = directory.path("run-cache.sqlite")
            try FileManager.default.copyItem(atPath: fixturePath("run-cache.sqlite"), toPath: copy)
            let merged = try await align(["cache", "merge", "--cache", url, copy, "--json"])
            #expect(merged.status == 0, "\(merged.stderr)")
            let listed = try await align(["runs", "--cache", url, "--json"])
            let ids = try JSONValue(parsing: listed.stdout).arrayValue?.compactMap { $0["run"]?.stringValue } ?? []
            #expect(ids.count == 2)
            for id in ids {
                let replayed = try await align(["replay", id, "--cache", url, "--no-progress"])
                #expect(replayed.status == 0, "\(replayed.stderr)")
                #expect(replayed.stdout.hasPrefix("identical"), "\(replayed.stdout)")
            }
            // And back to a file for offline replay: the same export as the fixture's.
            let home = directory.path("home.sqlite")
            let back = try await align(["cache", "merge", "--cache", home, url])
            #expect(back.status == 0, "\(back.stderr)")
            let original = try await align(["cache", "export", "--cache", copy])
            let returned = try await align(["cache", "export", "--cache", home])
            let fromDatabase = try await align(["cache", "export", "--cache", url])
            #expect(original.stdout == returned.stdout && original.stdout == fromDatabase.stdout)
            #expect(!original.stdout.isEmpty)
            // The run's stored configuration never holds the database password.
            #expect(!fromDatabase.stdout.contains(try #require(URLComponents(string: url)?.password)))
        }
    }

    @Test func twoMachinesRunAShardEachIntoOneDatabaseAndEitherCombinesAndReplaysThem() async throws {
        try await TestPostgres.withDatabase { url in
            let common = ["run", "--tasks", fixturePath("tasks/humaneval-10.jsonl"), "--limit", "4",
                          "--provider", "log:" + fixturePath("tasks/agentcoder-humaneval-10.json.gz"), "--judge", "off",
                          "--min-tests", "3", "--cache", url, "--no-progress", "--json"]
            await (try await PostgresCache.open(url: url)).close()
            async let first = align(common + ["--shard", "1/2"])
            async let second = align(common + ["--shard", "2/2"])
            let shards = try await [first, second]
            var ids: [String] = []
            for shard in shards {
                #expect(shard.status == 0, "\(shard.stderr)")
                let line = try #require(shard.stderr.split(separator: "\n").first { $0.hasPrefix("stored as run ") })
                ids.append(String(line.dropFirst("stored as run ".count).split(separator: " ")[0]))
            }
            let combined = try await align(["runs", "combine", "--cache", url, "--json"] + ids)
            #expect(combined.status == 0, "\(combined.stderr)")
            let tasks = try JSONValue(parsing: combined.stdout)["tasks"]?.arrayValue?.compactMap { $0["task"]?.stringValue }
            #expect(tasks == ["HumanEval/0", "HumanEval/1", "HumanEval/2", "HumanEval/3"])
            for id in ids {
                let replayed = try await align(["replay", id, "--cache", url, "--no-progress"])
                #expect(replayed.status == 0 && replayed.stdout.hasPrefix("identical"), "\(replayed.stderr)")
            }
        }
    }
}
