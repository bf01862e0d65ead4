import Foundation
import Recorder
import Testing
import TestSupport

/// `align run --shard I/N` and `align runs combine`: shards of one configuration are one run.
@Suite("Sharded runs", .serialized)
struct ShardTests {
    let directory = TemporaryDirectory("shards")
    let tasks = fixturePath("tasks/humaneval-10.jsonl")
    let log = fixturePath("tasks/agentcoder-humaneval-10.json.gz")

    private func align(_ arguments: [String]) async throws -> ProcessOutput {
        try await runProductAsync("align", arguments, environment: ["PATH": "/usr/bin:/bin"])
    }

    private func common(_ cache: String) -> [String] {
        ["--tasks", tasks, "--limit", "5", "--provider", "log:" + log, "--judge", "off", "--min-tests", "3",
         "--cache", cache, "--no-progress", "--json"]
    }

    private func runID(_ output: ProcessOutput) throws -> String {
        let line = try #require(output.stderr.split(separator: "\n").first { $0.hasPrefix("stored as run ") })
        return String(line.dropFirst("stored as run ".count).split(separator: " ")[0])
    }

    @Test func threeShardsCombineIntoTheWholeRun() async throws {
        let cache = directory.path("shards.sqlite")
        let whole = try await align(["run"] + common(directory.path("whole.sqlite")))
        #expect(whole.status == 0, "\(whole.stderr)")
        var ids: [String] = []
        var shardTasks: [[String]] = []
        for index in [2, 1, 3] {
            let shard = try await align(["run"] + common(cache) + ["--shard", "\(index)/3"])
            #expect(shard.status == 0, "\(shard.stderr)")
            ids.append(try runID(shard))
            let results = try JSONValue(parsing: shard.stdout)
            shardTasks.append(results["tasks"]?.arrayValue?.compactMap { $0["task"]?.stringValue } ?? [])
        }
        // Every third task from the I-th, in task order.
        #expect(shardTasks[1] == ["HumanEval/0", "HumanEval/3"])
        #expect(shardTasks[0] == ["HumanEval/1", "HumanEval/4"])
        #expect(shardTasks[2] == ["HumanEval/2"])

        let combined = try await align(["runs", "combine", "--cache", cache, "--json"] + ids)
        #expect(combined.status == 0, "\(combined.stderr)")
        let joined = try JSONValue(parsing: combined.stdout)
        let reference = try JSONValue(parsing: whole.stdout)
        for member in ["configuration", "summary", "tasks"] {
            #expect(joined[member] == reference[member], "\(member) differs")
        }
        #expect(joined["runs"]?.arrayValue?.count == 3)
        #expect(joined["cost"]?["live_calls"] == reference["cost"]?["live_calls"])
        let text = try await align(["runs", "combine", "--cache", cache] + ids)
        #expect(text.stdout.contains("combined 3 shards"))
        #expect(text.stdout.contains("after try"))

        // Each shard replays on its own.
        let replayed = try await align(["replay", ids[0], "--cache", cache, "--no-progress"])
        #expect(replayed.status == 0 && replayed.stdout.hasPrefix("identical"), "\(replayed.stderr)")

        // A missing shard, a shard named twice, and a shard of another configuration are refused.
        let missing = try await align(["runs", "combine", "--cache", cache, ids[0], ids[1]])
        #expect(missing.status == 64 && missing.stderr.contains(
            "error: shard 3/3 is missing: combining needs all 3 (record it with `align run … --shard 3/3`)\n"),
                "\(missing.stderr)")
        let twice = try await align(["runs", "combine", "--cache", cache, ids[0], ids[0], ids[2]])
        #expect(twice.status == 64 && twice.stderr.contains("name each shard once"), "\(twice.stderr)")
        let other = try await align(["run"] + common(cache).map { $0 == "3" ? "4" : $0 } + ["--shard", "3/3"])
        #expect(other.status == 0, "\(other.stderr)")
        let mixed = try await align(["runs", "combine", "--cache", cache, ids[0], ids[1], try runID(other)])
        #expect(mixed.status == 64, "\(mixed.stderr)")
        #expect(mixed.stderr.contains("differ in `loop.min_tests`"), "\(mixed.stderr)")
        let bad = try await align(["run"] + common(cache) + ["--shard", "4/3"])
        #expect(bad.status == 64 && bad.stderr.contains("1 ≤ I ≤ N"), "\(bad.stderr)")
    }
}
