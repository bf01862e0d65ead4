import Foundation
import Recorder
import Testing
import TestSupport

/// `align run | runs | show | replay | eval` end to end: the built binary on the fixture tasks and the published log.
@Suite("align run", .serialized)
struct RunCommandTests {
    let directory = TemporaryDirectory("run-cli")
    let tasks = fixturePath("tasks/humaneval-10.jsonl")
    let log = fixturePath("tasks/agentcoder-humaneval-10.json.gz")

    private func align(_ arguments: [String]) async throws -> ProcessOutput {
        try await runProductAsync("align", arguments, environment: ["PATH": "/usr/bin:/bin"])
    }

    private func runIDs(_ cache: String) async throws -> [String] {
        let listed = try await align(["runs", "--cache", cache, "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        return try JSONValue(parsing: listed.stdout).arrayValue?.compactMap { $0["run"]?.stringValue } ?? []
    }

    @Test func recordShowReplayAndReplayMode() async throws {
        let cache = directory.path("runs.sqlite")
        let common = ["--tasks", tasks, "--limit", "4", "--provider", "log:" + log, "--judge", "off", "--min-tests", "3",
                      "--cache", cache, "--no-progress"]
        let recorded = try await align(["run"] + common + ["--jobs", "2", "--json"])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let results = try JSONValue(parsing: recorded.stdout)
        #expect(results["summary"]?["tasks"]?.intValue == 4)
        #expect(results["tasks"]?.arrayValue?.count == 4)
        #expect(results["cost"]?["live_calls"]?.intValue == results["summary"]?["model_calls"]?.intValue)

        let ids = try await runIDs(cache)
        #expect(ids.count == 1)
        let shown = try await align(["show", ids[0], "--cache", cache, "--json"])
        #expect(shown.status == 0)
        var withoutCost = results.objectValue ?? [:]
        withoutCost["cost"] = nil
        #expect(try JSONValue(parsing: shown.stdout) == .object(withoutCost))
        let table = try await align(["show", String(ids[0].prefix(20)), "--cache", cache, "--show-tasks"])
        #expect(table.stdout.contains("aligned (own tests pass)") && table.stdout.contains("HumanEval/3"))

        let replayed = try await align(["replay", ids[0], "--cache", cache, "--no-progress"])
        #expect(replayed.status == 0, "\(replayed.stderr)")
        #expect(replayed.stdout.hasPrefix("identical: run \(ids[0])"))
        let reexecuted = try await align(["replay", ids[0], "--cache", cache, "--no-progress", "--reexecute"])
        #expect(reexecuted.status == 0, "\(reexecuted.stderr)")
        #expect(reexecuted.stderr.contains("every execution's outcome matches the stored one"))

        // The same configuration on the same cache prints the same bytes, offline, whatever --jobs is.
        let first = try await align(["run"] + common + ["--mode", "replay", "--json"])
        let second = try await align(["run"] + common + ["--mode", "replay", "--json", "--jobs", "3"])
        #expect(first.status == 0 && second.status == 0, "\(first.stderr)\(second.stderr)")
        var a = try JSONValue(parsing: first.stdout).objectValue ?? [:], b = try JSONValue(parsing: second.stdout).objectValue ?? [:]
        #expect(a["cost"]?["live_calls"] == 0)
        a["configuration"] = nil
        b["configuration"] = nil
        #expect(JSONValue.object(a).canonicalBytes == JSONValue.object(b).canonicalBytes)
        let third = try await align(["run"] + common + ["--mode", "replay", "--json"])
        #expect(third.stdout == first.stdout)

        // A changed setting in strict replay is a miss (exit 3) that names what differs.
        let miss = try await align(["run"] + common.map { $0 == "3" ? "4" : $0 } + ["--mode", "replay"])
        #expect(miss.status == 3)
        #expect(miss.stderr.contains("replay miss") && miss.stderr.contains("minItems"))
        #expect(try await runIDs(cache).count == 5)
    }

    @Test func replayFindsADivergenceInTheStoredRun() async throws {
        let cache = directory.path("tampered.sqlite")
        let recorded = try await align(["run", "--tasks", tasks, "--only", "HumanEval/7,HumanEval/8", "--provider", "log:" + log,
                                  "--judge", "off", "--min-tests", "3", "--cache", cache, "--no-progress"])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let id = try #require(try await runIDs(cache).first)
        // Edit one stored result the way a bug or a hand would: the replay must notice.
        let edit = Process()
        edit.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        edit.arguments = ["-c", """
            import sqlite3, json, sys
            db = sqlite3.connect(sys.argv[1])
            seq, payload = db.execute("SELECT seq, payload FROM run_events WHERE kind = 'task_result' AND task_id = 'HumanEval/8'").fetchone()
            p = json.loads(payload); p['correct'] = not p['correct']
            db.execute("UPDATE run_events SET payload = ? WHERE seq = ?", (json.dumps(p), seq)); db.commit()
            """, cache]
        try edit.run()
        edit.waitUntilExit()
        #expect(edit.terminationStatus == 0)
        let replayed = try await align(["replay", id, "--cache", cache, "--no-progress"])
        #expect(replayed.status == 1)
        #expect(replayed.stderr.contains("diverged") && replayed.stderr.contains("HumanEval/8") && replayed.stderr.contains("`correct`"))
    }

    @Test func badInputIsAClearError() async throws {
        let cache = directory.path("bad.sqlite")
        let broken = directory.path("broken.jsonl")
        try "{\"task_id\": \"x\"}\n".write(toFile: broken, atomically: true, encoding: .utf8)
        let malformed = try await align(["run", "--tasks", broken, "--provider", "openai", "--model", "m", "--cache", cache])
        #expect(malformed.status == 65)
        #expect(malformed.stderr.contains("\(broken):1:"))
        let unknownRun = try await align(["show", "run-nope", "--cache", fixturePath("sample-cache.sqlite")])
        #expect(unknownRun.status == 65)
        let badStrategy = try await align(["run", "--tasks", tasks, "--provider", "openai", "--model", "m", "--strategy", "best", "--cache", cache])
        #expect(badStrategy.status == 64 && badStrategy.stderr.contains("self-align") && badStrategy.stderr.contains("codet"))
        let badProvider = try await align(["run", "--tasks", tasks, "--provider", "gemini", "--model", "m", "--cache", cache])
        #expect(badProvider.status == 64)
        // An unreachable provider would fail every task alike: it stops the run (exit 4), stored as failed.
        let unreachable = try await align(["run", "--tasks", tasks, "--limit", "2", "--provider", "openai-compatible",
                                           "--base-url", "http://127.0.0.1:9", "--model", "m", "--retries", "0",
                                           "--cache", cache, "--no-progress"])
        #expect(unreachable.status == 4, "\(unreachable.stderr)")
        let listed = try await align(["runs", "--cache", cache, "--json"])
        #expect(try JSONValue(parsing: listed.stdout).arrayValue?.last?["status"] == "failed")
    }

    @Test(arguments: ["run-cache.sqlite", "humaneval-164.sqlite"])
    func theShippedRunFixturesReplayIdentically(fixture: String) async throws {
        let copy = directory.path(fixture)
        try FileManager.default.copyItem(atPath: fixturePath(fixture), toPath: copy)
        let ids = try await runIDs(copy)
        #expect(ids.count == 2)
        for id in ids {
            let replayed = try await align(["replay", id, "--cache", copy, "--no-progress"])
            #expect(replayed.status == 0, "\(replayed.stderr)")
            #expect(replayed.stdout.hasPrefix("identical"))
            // The costs of the run add up to its calls, priced one by one.
            let costs = try await align(["costs", id, "--cache", copy, "--reprice", "gpt-3.5-turbo-1106", "--json"])
            #expect(costs.status == 0, "\(costs.stderr)")
            let report = try JSONValue(parsing: costs.stdout)
            let calls = report["calls"]?.arrayValue ?? []
            #expect(!calls.isEmpty)
            let perCall = calls.compactMap { $0["repriced"]?["total_usd"]?.stringValue.flatMap { Decimal(string: $0) } }.reduce(0, +)
            let spent = report["total"]?["repriced_spent_usd"]?.stringValue.flatMap { Decimal(string: $0) }
            let saved = report["total"]?["repriced_saved_usd"]?.stringValue.flatMap { Decimal(string: $0) }
            #expect(perCall > 0 && (spent ?? -1) + (saved ?? -1) == perCall, "\(costs.stdout.prefix(400))")
        }
    }

    @Test func evalScoresPublishedOutputs() async throws {
        let outputs = directory.path("outputs.jsonl")
        let lines: [JSONValue] = [
            ["task_id": "HumanEval/8", "completion": "    return sum(numbers), __import__('math').prod(numbers)\n", "is_solved": true],
            ["task_id": "HumanEval/8", "code": "def sum_product(numbers):\n    return 0, 0\n", "is_solved": "True"],
            ["task_id": "HumanEval/7", "tests": ["assert filter_by_substring([], 'a') == []", "assert filter_by_substring(['a'], 'a') == []"]],
        ]
        try lines.map(\.canonicalString).joined(separator: "\n").write(toFile: outputs, atomically: true, encoding: .utf8)
        let scored = try await align(["eval", "--tasks", tasks, "--outputs", outputs, "--json"])
        #expect(scored.status == 0, "\(scored.stderr)")
        let report = try JSONValue(parsing: scored.stdout)
        #expect(report["with_code"] == 2 && report["correct"] == 1)
        #expect(report["claims"] == 2 && report["claims_confirmed"] == 1)
        #expect(report["valid_tests"] == 1 && report["total_tests"] == 2)
        let unknown = directory.path("unknown.jsonl")
        try "{\"task_id\": \"HumanEval/99\", \"code\": \"x\"}\n".write(toFile: unknown, atomically: true, encoding: .utf8)
        let refused = try await align(["eval", "--tasks", tasks, "--outputs", unknown])
        #expect(refused.status == 65 && refused.stderr.contains("\(unknown):1:"))
    }
}
