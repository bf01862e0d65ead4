import Recorder
import Testing
import TestSupport

/// Runs found by id prefix and sweeps by their `sweep` member, in a fresh cache per test.
@Suite struct RunLookupTests {
    let directory = TemporaryDirectory("run-lookup")

    private func store(_ runs: [(id: String, sweep: String?)]) throws -> CacheStore {
        let store = try CacheStore(path: directory.path("cache.sqlite"))
        for (index, run) in runs.enumerated() {
            var config: [String: JSONValue] = ["provider": "log"]
            if let sweep = run.sweep { config["sweep"] = .string(sweep) }
            _ = try store.recordRun(StoredRun(runID: run.id, createdAt: "2026-12-01T00:00:0\(index).000Z",
                                              status: .finished, config: .object(config),
                                              events: [RunEvent(sequence: 1, kind: .taskResult, taskID: "t")]))
        }
        return store
    }

    @Test func aRunIsFoundByItsIdOrAUniquePrefix() async throws {
        let store = try store([("run-abc", nil), ("run-abd", nil), ("run-x", nil)])
        #expect(try await store.run(matching: "run-x").runID == "run-x")
        let found = try await store.run(matching: "run-abc")
        #expect(found.runID == "run-abc" && found.events.count == 1, "read with its events")
        #expect(try await store.run(matching: "run-abd").runID == "run-abd")
        await #expect(throws: RunLookupError(.run, "run-ab", matches: ["run-abc", "run-abd"], in: store.identity)) {
            try await store.run(matching: "run-ab")
        }
        let missing = await #expect(throws: RunLookupError.self) { try await store.run(matching: "nope") }
        #expect(missing?.isMissing == true && missing?.description == "run nope is not in this cache")
    }

    @Test func aSweepsRunsAreThoseWithItsSweepMemberInCreationOrder() async throws {
        let store = try store([("r1", "sweep-a1"), ("r2", nil), ("r3", "sweep-b"), ("r4", "sweep-a1"), ("r5", "sweep-a")])
        #expect(try await store.sweepRuns(matching: "sweep-a1").map(\.runID) == ["r1", "r4"])
        #expect(try await store.sweepRuns(matching: "sweep-b").map(\.runID) == ["r3"])
        // An exact id wins over the longer ids it is a prefix of; a prefix must be unique.
        #expect(try await store.sweepRuns(matching: "sweep-a").map(\.runID) == ["r5"])
        let several = await #expect(throws: RunLookupError.self) { try await store.sweepRuns(matching: "sweep-") }
        #expect(several?.description == "'sweep-' matches 3 sweeps: sweep-a, sweep-a1, sweep-b …")
        await #expect(throws: RunLookupError(.sweep, "other", matches: [], in: store.identity)) {
            try await store.sweepRuns(matching: "other")
        }
    }

    @Test func comparedRunsPutAnOutsideBaselineFirst() async throws {
        let store = try store([("r1", "s"), ("r2", "s"), ("base", nil)])
        let sweep = try await store.comparedRuns([], sweep: "s", baseline: "ba")
        #expect(sweep.runs.map(\.runID) == ["base", "r1", "r2"] && sweep.baselineID == "base")
        let named = try await store.comparedRuns(["r2", "r1"], sweep: nil, baseline: "r1")
        #expect(named.runs.map(\.runID) == ["r2", "r1"] && named.baselineID == "r1")
        let plain = try await store.comparedRuns(["r1"], sweep: nil, baseline: nil)
        #expect(plain.runs.map(\.runID) == ["r1"] && plain.baselineID == nil)
    }
}
