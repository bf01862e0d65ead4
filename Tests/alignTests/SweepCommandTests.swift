import Foundation
import Recorder
import Testing
import TestSupport

/// `align sweep | compare | replay --sweep` end to end on the shipped sweep fixture (fixtures/make-sweep-10): every
/// cell replays offline, and `align compare` agrees with statistics worked out by hand.
@Suite("align sweep", .serialized)
struct SweepCommandTests {
    let directory = TemporaryDirectory("sweep-cli")
    let tasks = fixturePath("tasks/humaneval-10.jsonl")
    let log = fixturePath("tasks/agentcoder-humaneval-10.json.gz")

    private func align(_ arguments: [String]) async throws -> ProcessOutput {
        try await runProductAsync("align", arguments, environment: ["PATH": "/usr/bin:/bin"])
    }

    private func fixtureCopy(_ name: String) throws -> String {
        let copy = directory.path(name)
        try FileManager.default.copyItem(atPath: fixturePath("sweep-10.sqlite"), toPath: copy)
        return copy
    }

    private func runs(_ cache: String) async throws -> [JSONValue] {
        let listed = try await align(["runs", "--cache", cache, "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        return try JSONValue(parsing: listed.stdout).arrayValue ?? []
    }

    @Test func theSweepFixtureReplaysAndCompareAgreesWithHandComputations() async throws {
        let cache = try fixtureCopy("sweep.sqlite")
        let stored = try await runs(cache)
        let sweep = try #require(stored.first?["configuration"]?["sweep"]?.stringValue)
        #expect(stored.count == 7)      // direct once (its tests=3 and tests=5 cells are the same run), 3 × self-align, 3 × codet
        let replayed = try await align(["replay", "--sweep", sweep, "--cache", cache, "--no-progress"])
        #expect(replayed.status == 0, "\(replayed.stderr)")
        #expect(replayed.stdout.split(separator: "\n").filter { $0.hasPrefix("identical: run") }.count == 7)
        #expect(replayed.stdout.contains("identical: sweep \(sweep) · 7 runs"))

        let compared = try await align(["compare", "--sweep", sweep, "--cache", cache, "--json"])
        #expect(compared.status == 0, "\(compared.stderr)")
        let report = try JSONValue(parsing: compared.stdout)
        let rows = report["rows"]?.arrayValue ?? []
        func row(_ label: String) throws -> JSONValue { try #require(rows.first { $0["label"]?.stringValue == label }) }

        // The baseline is the direct run. If a re-recording changes these counts, work the figures below out again.
        let direct = try row("strategy=direct")
        #expect(report["baseline"] == direct["run"])
        #expect(direct["correct"]?["count"] == 6 && direct["correct"]?["total"] == 10)
        // Wilson 95% for 6 of 10, z = 1.959964, z² = 3.841459:
        //   centre = (0.6 + 3.841459/20) / (1 + 3.841459/10) = 0.792073 / 1.384146 = 0.572246
        //   half   = 1.959964 · √(0.6 · 0.4/10 + 3.841459/400) / 1.384146 = 1.959964 · 0.183313 / 1.384146 = 0.259575
        //   → [0.312671, 0.831821]
        let low = try #require(direct["correct"]?["low"]?.doubleValue)
        let high = try #require(direct["correct"]?["high"]?.doubleValue)
        #expect(abs(low - 0.312671) < 1e-5 && abs(high - 0.831821) < 1e-5)

        // codet tests=3 against direct: 1 task only direct gets right, 3 only codet:
        //   exact McNemar, n = 4, p = 2 · (C(4,0) + C(4,1)) / 2⁴ = 2 · 5/16 = 0.625.
        let codet3 = try row("strategy=codet tests=3")
        #expect(codet3["mcnemar"]?["baseline_only"] == 1 && codet3["mcnemar"]?["other_only"] == 3)
        #expect(codet3["mcnemar"]?["p_value"] == 0.625)
        #expect(codet3["correct_gained"] == 2)

        // pass@k of codet tests=1 from its per-task sample counts (n = 5 programs each):
        //   pass@1 = mean of c/5; pass@5 = 1 − C(5−c, 5)/C(5, 5) = share of tasks with c ≥ 1.
        let codet1 = try row("strategy=codet tests=1")
        let shown = try await align(["show", try #require(codet1["run"]?.stringValue), "--cache", cache, "--json"])
        let counts = try JSONValue(parsing: shown.stdout)["tasks"]?.arrayValue?.compactMap { $0["samples_correct"]?.intValue } ?? []
        #expect(counts.count == 10)
        let passAt1 = Double(counts.reduce(0, +)) / 50
        let passAt5 = Double(counts.count { $0 >= 1 }) / 10
        #expect(abs((codet1["pass_at_k"]?["1"]?.doubleValue ?? -1) - passAt1) < 1e-12)
        #expect(abs((codet1["pass_at_k"]?["5"]?.doubleValue ?? -1) - passAt5) < 1e-12)

        // Text and CSV render the same rows.
        let text = try await align(["compare", "--sweep", sweep, "--cache", cache])
        #expect(text.status == 0 && text.stdout.contains("6 60.0% [31.3, 83.2]") && text.stdout.contains("+2 (p=0.625)"))
        let csv = try await align(["compare", "--sweep", sweep, "--cache", cache, "--csv", "--prices-of", "gpt-3.5-turbo-1106"])
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.count == 8 && lines[0].hasPrefix("run,label,strategy,tasks,aligned,"))
        // Every row has a cost at gpt-3.5-turbo-1106's prices (column 33), though the log's own model is unpriced.
        #expect(lines.dropFirst().allSatisfy { !$0.split(separator: ",", omittingEmptySubsequences: false)[33].isEmpty })
    }

    @Test func aSweepSkipsCellsThatDoNotApplyAndReplaysFromTheCache() async throws {
        let cache = try fixtureCopy("small.sqlite")
        let swept = try await align(["sweep", "--grid", "strategy=direct,codet", "--grid", "tries=1,3", "--tests", "5",
                                     "--tasks", tasks, "--only", "HumanEval/0,HumanEval/2", "--provider", "log:" + log,
                                     "--judge", "off", "--mode", "replay", "--cache", cache, "--no-progress"])
        #expect(swept.status == 0, "\(swept.stderr)")
        #expect(swept.stderr.contains("skipped  strategy=direct tries=3: direct does not use tries=3"))
        #expect(swept.stderr.contains("skipped  strategy=codet tries=3: codet does not use tries=3"))
        #expect(try await runs(cache).count == 9)
        let bad = try await align(["sweep", "--grid", "temperature=0,1", "--tasks", tasks, "--provider", "log:" + log,
                                   "--cache", cache])
        #expect(bad.status == 65 && bad.stderr.contains("NAME=V1,V2"))
    }

    @Test func askingTheLogForMoreThanItHoldsIsAClearErrorAndRepeatsAreGrouped() async throws {
        let cache = try fixtureCopy("repeat.sqlite")
        let common = ["--tasks", tasks, "--only", "HumanEval/0,HumanEval/7,HumanEval/8", "--provider", "log:" + log,
                      "--cache", cache, "--no-progress"]
        let tooMany = try await align(["run"] + common + ["--strategy", "sample", "--samples", "6"])
        #expect(tooMany.status == 65 && tooMany.stderr.contains("6 programs per task") && tooMany.stderr.contains("holds 5"))
        let tooManyRepeats = try await align(["run"] + common + ["--strategy", "direct", "--repeat", "6"])
        #expect(tooManyRepeats.status == 65 && tooManyRepeats.stderr.contains("repeat 6"))
        #expect(try await runs(cache).count == 7)      // nothing ran

        // Repeat r of direct gets the log's program r: new samples, recorded once, replayed the same.
        let repeated = try await align(["run"] + common + ["--strategy", "direct", "--repeat", "3", "--json"])
        #expect(repeated.status == 0, "\(repeated.stderr)")
        let all = try await runs(cache)
        let ids = all.filter { $0["configuration"]?["repeat"] != nil }.compactMap { $0["run"]?.stringValue }
        #expect(ids.count == 3)
        #expect(all.compactMap { $0["configuration"]?["repeat"]?.intValue }.sorted() == [1, 2, 3])
        for id in ids {
            let replay = try await align(["replay", id, "--cache", cache, "--no-progress"])
            #expect(replay.status == 0, "\(replay.stderr)")
        }
        let compared = try await align(["compare"] + ids + ["--cache", cache, "--json"])
        let groups = try JSONValue(parsing: compared.stdout)["repeats"]?.arrayValue ?? []
        #expect(groups.count == 1 && groups.first?["runs"]?.arrayValue?.count == 3)
        let correct = (try JSONValue(parsing: compared.stdout)["rows"]?.arrayValue ?? []).compactMap { $0["correct"]?["rate"]?.doubleValue }
        let mean = correct.reduce(0, +) / 3
        #expect(abs((groups.first?["correct"]?["mean"]?.doubleValue ?? -1) - mean) < 1e-12)
    }

    /// HumanEval+ beside HumanEval: compare's EvalPlus columns are the stored summary's, with Wilson intervals, and
    /// appear only where a run has EvalPlus inputs (the 10-task sweep has none).
    @Test func compareShowsHumanEvalPlusBesideHumanEvalWhereARunHasIt() async throws {
        let cache = directory.path("h164.sqlite")
        try FileManager.default.copyItem(atPath: fixturePath("humaneval-164.sqlite"), toPath: cache)
        let stored = try await runs(cache)
        let ids = stored.compactMap { $0["run"]?.stringValue ?? $0["id"]?.stringValue }
        #expect(ids.count == 2)
        let compared = try await align(["compare"] + ids + ["--cache", cache, "--json"])
        #expect(compared.status == 0, "\(compared.stderr)")
        let rows = try #require(JSONValue(parsing: compared.stdout)["rows"]?.arrayValue)
        for (id, row) in zip(ids, rows) {
            let shown = try await align(["show", id, "--cache", cache, "--json"])
            let plus = try #require(JSONValue(parsing: shown.stdout)["summary"]?["plus"])
            #expect(row["correct_plus"]?["count"] == plus["correct"])
            #expect(row["correct_plus"]?["total"] == plus["tasks"])
        }
        // 127 of 164 correct under HumanEval+ for the self-align run: Wilson, z = 1.959964, by hand:
        // centre (127 + z²/2) / (164 + z²) = 128.92073 / 167.84146 = 0.768110; half-width
        // z·sqrt(127·37/164 + z²/4) / (164 + z²) = 1.959964 · sqrt(28.652439 + 0.960365) / 167.84146 = 0.063546,
        // so [0.704564, 0.831656].
        let selfAlign = try #require(rows.first { $0["configuration"]?["loop"]?["strategy"]?.stringValue == "self-align" })
        #expect(selfAlign["correct_plus"]?["count"]?.intValue == 127)
        let low = try #require(selfAlign["correct_plus"]?["low"]?.doubleValue)
        let high = try #require(selfAlign["correct_plus"]?["high"]?.doubleValue)
        #expect(abs(low - 0.704564) < 1e-5 && abs(high - 0.831656) < 1e-5, "\(low) \(high)")
        #expect(selfAlign["false_alignment_plus_of_aligned"]?["count"]?.intValue == 15)
        #expect(selfAlign["false_alignment_plus_of_aligned"]?["total"]?.intValue == 124)
        let text = try await align(["compare"] + ids + ["--cache", cache])
        #expect(text.stdout.contains("correct+ [95% CI]") && text.stdout.contains("127 77.4% [70.5, 83.2]"))
        let plain = try await align(["compare", "--sweep", "sweep-", "--cache", try fixtureCopy("plain.sqlite")])
        #expect(plain.status == 0 && !plain.stdout.contains("correct+"))
    }
}
