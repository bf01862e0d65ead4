import Foundation
@testable import Recorder
import Testing
import TestSupport

/// `CostReport` over a cache built by each test: runs made through the store API with `model_call` events as
/// docs/runs.md specifies, and the interactions they name recorded beside them.
@Suite("Costs")
struct CostReportTests {
    let directory = TemporaryDirectory("costs")
    let table = PriceTable.builtIn

    /// Records a call and returns its `model_call` payload.
    private func record(_ store: CacheStore, marker: String, model: String, usage: TokenUsage, at day: String,
                        phase: ModelCallPhase, source: CallSource, provider: String = "openai") throws -> JSONValue
    {
        let request = try sampleRequest(marker: marker, model: model)
        var interaction = sampleInteraction(request, response: chatCompletion(size: 300), model: model)
        interaction.usage = usage
        interaction.recordedAt = try #require(Timestamp.date(from: day))
        try store.record(interaction)
        return Self.payload(key: request.key.description, model: model, usage: usage, phase: phase, source: source,
                            provider: provider)
    }

    static func payload(key: String, model: String, usage: TokenUsage, phase: ModelCallPhase, source: CallSource,
                        provider: String = "openai") -> JSONValue
    {
        func number(_ value: Int?) -> JSONValue { .number(Double(value ?? 0)) }
        return .object([
            "phase": .string(phase.rawValue), "key": .string(key), "source": .string(source.rawValue),
            "provider": .string(provider), "model": .string(model),
            "usage": .object(["input": number(usage.input), "cached_input": number(usage.cachedInput),
                              "cache_write": number(usage.cacheWrite), "output": number(usage.output),
                              "reasoning": number(usage.reasoning)]),
        ])
    }

    private func withSource(_ payload: JSONValue, _ source: CallSource) -> JSONValue {
        var members = payload.objectValue ?? [:]
        members["source"] = .string(source.rawValue)
        return .object(members)
    }

    /// A store with run `r1` (three live calls over two tasks and tries) and run `r2`, its replay from the cache.
    private func twoRuns() throws -> CacheStore {
        let store = try CacheStore(path: directory.path("c.sqlite"))
        // gpt-4o-mini $0.15 / $0.075 cached / $0.60: 1000 in (200 cached), 100 out
        //   → 800 × 0.15 + 200 × 0.075 + 100 × 0.6 = 120 + 15 + 60 = 195 µ$.
        let code1 = try record(store, marker: "code-1", model: "gpt-4o-mini",
                               usage: TokenUsage(input: 1000, cachedInput: 200, output: 100), at: "2026-11-01",
                               phase: .code, source: .live)
        // gpt-4o-mini 500 in, 50 out → 75 + 30 = 105 µ$.
        let tests1 = try record(store, marker: "tests-1", model: "gpt-4o-mini",
                                usage: TokenUsage(input: 500, output: 50), at: "2026-11-01",
                                phase: .tests, source: .live)
        // claude-3-5-haiku: 2000 in (1000 read, 500 written), 200 out
        //   → 500 × 0.8 + 1000 × 0.08 + 500 × 1.0 + 200 × 4 = 400 + 80 + 500 + 800 = 1780 µ$.
        let code2 = try record(store, marker: "code-2", model: "claude-3-5-haiku-20241022",
                               usage: TokenUsage(input: 2000, cachedInput: 1000, cacheWrite: 500, output: 200),
                               at: "2026-11-01", phase: .code, source: .live, provider: "anthropic")
        let events = [
            RunEvent(sequence: 0, kind: .modelCall, taskID: "HumanEval/0", tryNumber: 1, payload: code1),
            RunEvent(sequence: 1, kind: .modelCall, taskID: "HumanEval/0", tryNumber: 1, payload: tests1),
            RunEvent(sequence: 2, kind: .tryResult, taskID: "HumanEval/0", tryNumber: 1,
                     payload: .object(["aligned": .bool(false)])),
            RunEvent(sequence: 3, kind: .modelCall, taskID: "HumanEval/0", tryNumber: 2, payload: code2),
        ]
        try store.recordRun(StoredRun(runID: "r1", createdAt: "2026-11-01T09:00:00.000Z", status: .finished,
                                      config: .object([:]), events: events))
        let replayed = events.map { event in
            var copy = event
            if event.kind == .modelCall { copy.payload = withSource(event.payload, .cache) }
            return copy
        }
        try store.recordRun(StoredRun(runID: "r2", createdAt: "2026-11-20T09:00:00.000Z", status: .finished,
                                      config: .object([:]), events: replayed))
        return store
    }

    @Test func aRunSpendsWhatItsLiveCallsCost() async throws {
        let report = try await CostReport.run("r1", in: try twoRuns(), table: table, by: [.task, .try, .phase])
        // 195 + 105 + 1780 = 2080 µ$.
        #expect(report.total.spent.description == "0.00208")
        #expect(report.total.saved == .zero)
        #expect(report.total.liveCalls == 3)
        #expect(report.total.cacheCalls == 0)
        #expect(report.groups.map(\.values) == [["HumanEval/0", "1", "code"], ["HumanEval/0", "1", "tests"],
                                                ["HumanEval/0", "2", "code"]])
        #expect(report.groups.map(\.summary.spent.description) == ["0.000195", "0.000105", "0.00178"])
        #expect(report.total.tokens.uncachedInput == 800 + 500 + 500)
        #expect(report.total.tokens.cachedInput == 1200)
        #expect(report.total.tokens.cacheWrite == 500)
        #expect(report.total.tokens.output == 350)
    }

    @Test func aRunReplayedFromTheCacheSpendsNothingAndSavesWhatTheRecordingSpent() async throws {
        let store = try twoRuns()
        let replay = try await CostReport.run("r2", in: store, table: table)
        #expect(replay.total.spent == .zero)
        #expect(replay.total.liveCalls == 0)
        #expect(replay.total.cacheCalls == 3)
        #expect(replay.total.saved.description == "0.00208")
        #expect(replay.total.saved == (try await CostReport.run("r1", in: store, table: table)).total.spent)
        // Priced at the day the calls were recorded (2026-11-01), not the day of the replay.
        #expect(replay.calls.allSatisfy { $0.record.recordedAt.hasPrefix("2026-11-01") })

        // The whole cache: each call spent once when recorded; the replay's three saved.
        let all = try await CostReport.all(in: store, table: table, by: [.run])
        #expect(all.total.spent.description == "0.00208")
        #expect(all.total.saved.description == "0.00208")
        #expect(all.groups.map(\.values) == [["r1"], ["r2"]])
        #expect(all.groups[0].summary.spent.description == "0.00208")
        #expect(all.groups[1].summary.saved.description == "0.00208")
    }

    @Test func sumsEqualThePerCallFiguresAddedUp() async throws {
        let store = try twoRuns()
        for report in [try await CostReport.run("r1", in: store, table: table, by: [.model, .phase]),
                       try await CostReport.all(in: store, table: table, by: CostDimension.allCases)]
        {
            let live = report.calls.filter { $0.record.source == .live }.compactMap { $0.pricing.cost?.total }
            let cache = report.calls.filter { $0.record.source == .cache }.compactMap { $0.pricing.cost?.total }
            #expect(report.total.spent == live.reduce(.zero, +))
            #expect(report.total.saved == cache.reduce(.zero, +))
            #expect(report.groups.map(\.summary.spent).reduce(.zero, +) == report.total.spent)
            #expect(report.groups.map(\.summary.saved).reduce(.zero, +) == report.total.saved)
            #expect(report.groups.map(\.summary.calls).reduce(0, +) == report.calls.count)
            // Each call's parts add up to its total.
            for call in report.calls {
                let cost = try #require(call.pricing.cost)
                #expect(cost.input + cost.cachedInput + cost.cacheWrite + cost.output == cost.total)
            }
        }
    }

    @Test func anUnknownModelIsFlaggedAndLeftOutOfTheSums() async throws {
        let store = try CacheStore(path: directory.path("u.sqlite"))
        let known = try record(store, marker: "a", model: "gpt-3.5-turbo-1106", usage: TokenUsage(input: 100, output: 10),
                               at: "2026-11-01", phase: .code, source: .live)
        let unknown = try record(store, marker: "b", model: "my-finetune-v7", usage: TokenUsage(input: 100, output: 10),
                                 at: "2026-11-01", phase: .code, source: .live)
        try store.recordRun(StoredRun(runID: "u", createdAt: "2026-11-01T00:00:00.000Z", status: .finished,
                                      config: .object([:]), events: [
                                          RunEvent(sequence: 0, kind: .modelCall, taskID: "t", tryNumber: 1, payload: known),
                                          RunEvent(sequence: 1, kind: .modelCall, taskID: "t", tryNumber: 1, payload: unknown),
                                      ]))
        let report = try await CostReport.run("u", in: store, table: table)
        // gpt-3.5-turbo-1106 $1 / $2: 100 + 20 = 120 µ$; the unknown model adds nothing and is counted as unpriced.
        #expect(report.total.spent.description == "0.00012")
        #expect(report.total.unpricedLive == 1)
        #expect(report.unpricedCalls.map(\.call.model) == ["my-finetune-v7"])
        #expect(report.groups.first { $0.values == ["my-finetune-v7"] }?.summary.unpriced == 1)
        #expect(report.groups.first { $0.values == ["my-finetune-v7"] }?.summary.spent == .zero)
    }

    @Test func repriceAppliesAnotherModelsPricesToTheSameUsage() async throws {
        let report = try await CostReport.run("r1", in: try twoRuns(), table: table, reprice: "gpt-4o")
        // At gpt-4o ($2.50 / $1.25 cached / $10; no cache-write rate, so writes are priced as input):
        //   800 × 2.5 + 200 × 1.25 + 100 × 10 = 2000 + 250 + 1000 = 3250
        //   500 × 2.5 + 50 × 10 = 1250 + 500 = 1750
        //   500 × 2.5 + 1000 × 1.25 + 500 × 2.5 + 200 × 10 = 1250 + 1250 + 1250 + 2000 = 5750  → 10750 µ$.
        #expect(report.total.repricedSpent?.description == "0.01075")
        #expect(report.total.repricedSaved == .zero)
        #expect(report.total.spent.description == "0.00208")
    }

    @Test func anUnknownRunIsAClearError() async throws {
        let store = try twoRuns()
        await #expect(throws: CostAuditError.unknownRun(id: "nope", available: ["r1", "r2"])) {
            try await CostReport.run("nope", in: store, table: table)
        }
    }

    @Test func exportsAreStableAndAgreeWithTheSums() async throws {
        let store = try twoRuns()
        let first = try await CostReport.all(in: store, table: table, by: [.run, .model])
        let second = try await CostReport.all(in: store, table: table, by: [.run, .model])
        #expect(first.jsonValue.canonicalBytes == second.jsonValue.canonicalBytes)
        #expect(first.csv == second.csv)
        let lines = first.csv.split(separator: "\n").map(String.init)
        #expect(lines.first == "run,model,live_calls,cache_calls,input_tokens,uncached_input_tokens,cached_input_tokens,"
                + "cache_write_tokens,output_tokens,reasoning_tokens,spent_usd,saved_usd,unpriced_calls")
        #expect(lines.last == "total,,3,3,7000,3600,2400,1000,700,0,0.00208,0.00208,0")
        #expect(first.jsonValue["total"]?["spent_usd"] == .string("0.00208"))
    }
}
