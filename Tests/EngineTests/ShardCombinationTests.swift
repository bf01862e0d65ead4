@testable import Engine
import Recorder
import Testing
import TestSupport

/// Shard runs built in a fresh store: combined in task order with their costs summed, or refused by name.
@Suite struct ShardCombinationTests {
    let directory = TemporaryDirectory("shard-combination")
    let taskIDs = ["a", "b", "c"]

    /// A finished shard `index`/`count` of the three tasks, each task with one live call of `tokens` input tokens.
    private func shard(_ index: Int, of count: Int, minTests: Int = 3, tokens: Int = 100) throws -> StoredRun {
        var configuration = RunConfiguration(
            tasksPath: "t.jsonl", tasksDigest: "d", taskIDs: RunShard.select(taskIDs, index: index, count: count),
            provider: .log, logPath: "l", baseURL: nil,
            loop: LoopConfiguration(minTests: minTests, judge: false, settings: ModelSettings(model: "gpt-4o-mini")),
            formatModel: nil, jobs: 1)
        configuration.shard = RunShard(index: index, count: count, allTaskIDs: taskIDs)
        var events: [RunEvent] = []
        for task in configuration.taskIDs {
            let call = ModelCallEvent(phase: .code, key: "sha256:\(task)\(index)", source: .live, provider: "openai",
                                      model: "gpt-4o-mini", usage: TokenUsage(input: tokens, output: 10))
            events.append(RunEvent(sequence: events.count + 1, taskID: task, tryNumber: 1, call))
            events.append(RunEvent(sequence: events.count + 1, taskID: task, TaskResult(taskID: task)))
        }
        return StoredRun(runID: "run-\(index)-of-\(count)-\(minTests)", createdAt: "2026-12-01T00:00:00.000Z",
                         status: .finished, config: configuration.json, events: events)
    }

    @Test func shardsCombineInTaskOrderWithTheirCostsSummed() async throws {
        let store = try CacheStore(path: directory.path("cache.sqlite"))
        let runs = [try shard(2, of: 2), try shard(1, of: 2)]
        for run in runs { _ = try store.recordRun(run) }
        let combined = try ShardCombination(runs)
        #expect(combined.runs.map(\.runID) == ["run-1-of-2-3", "run-2-of-2-3"])
        #expect(combined.results.map(\.taskID) == taskIDs)
        #expect(combined.configuration.taskIDs == taskIDs && combined.configuration.shard == nil)
        #expect(combined.unfinishedRuns.isEmpty)

        let costs = try await combined.costs(in: store, table: .builtIn)
        var each: [CostSummary] = []
        for run in runs { each.append(try await CostReport.run(run.runID, in: store, table: .builtIn).total) }
        #expect(costs.liveCalls == 3 && costs.liveTokens.input == 300 && costs.spent > .zero)
        #expect(costs.spent == each[0].spent + each[1].spent)
        #expect(costs == CostSummary(summing: each.reversed()))

        let json = combined.json(of: combined.report)
        #expect(json["runs"] == .array(combined.runs.map { .string($0.runID) }))
    }

    @Test func summingKeepsRepricingOnlyWhereThereWasSome() {
        var repriced = CostSummary()
        repriced.liveCalls = 2
        repriced.unpricedCache = 1
        repriced.repricedSpent = Money(picodollars: 5)
        var plain = CostSummary()
        plain.cacheCalls = 3
        plain.saved = Money(picodollars: 7)
        let sum = CostSummary(summing: [repriced, plain])
        #expect(sum.calls == 5 && sum.unpriced == 1 && sum.saved == Money(picodollars: 7))
        #expect(sum.repricedSpent == Money(picodollars: 5) && sum.repricedSaved == nil)
        #expect(CostSummary(summing: [plain, plain]).repricedSpent == nil)
    }

    @Test func incompleteOrMixedShardsAreRefusedByName() throws {
        #expect(throws: ShardCombinationError.missingShard(index: 2, count: 2)) { try ShardCombination([try shard(1, of: 2)]) }
        #expect(throws: ShardCombinationError.repeatedShard(index: 1, count: 2)) {
            try ShardCombination([try shard(1, of: 2), try shard(1, of: 2)])
        }
        #expect(throws: ShardCombinationError.differentConfiguration(runID: "run-2-of-2-4", reference: "run-1-of-2-3",
                                                                     member: "loop.min_tests")) {
            try ShardCombination([try shard(1, of: 2), try shard(2, of: 2, minTests: 4)])
        }
        #expect(throws: ShardCombinationError.noRuns) { try ShardCombination([]) }
        var whole = try shard(1, of: 1)
        var configuration = try RunConfiguration(json: whole.config)
        configuration.shard = nil
        whole.config = configuration.json
        #expect(throws: ShardCombinationError.notAShard(runID: "run-1-of-1-3")) { try ShardCombination([whole]) }
    }
}
