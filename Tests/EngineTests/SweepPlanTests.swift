import Engine
import Recorder
import Testing

/// A sweep's plan: repeats numbered apart, cells recorded in grid order, skipped cells told and not run.
@Suite struct SweepPlanTests {
    let base = RunConfiguration(tasksPath: "t.jsonl", tasksDigest: "d", taskIDs: ["a"], provider: .log, logPath: "l",
                                baseURL: nil, loop: LoopConfiguration(judge: false, settings: ModelSettings(model: "m")),
                                formatModel: nil, jobs: 1)

    @Test func repeatsAreNumberedApartAndASingleRunIsNot() {
        #expect(base.repeats(1).map(\.repeatIndex) == [nil])
        #expect(base.repeats(3).map(\.repeatIndex) == [1, 2, 3])
        #expect(base.repeats(3).allSatisfy { $0.taskIDs == base.taskIDs && $0.loop == base.loop })
    }

    @Test func cellsAreRecordedInGridOrderWithTheirRepeats() async throws {
        let plan = try SweepPlan(grid: ["strategy=direct,self-align", "tests=1,3"], base: base, repeats: 2,
                                 sweepID: "sweep-test")
        #expect(plan.cells.count == 4 && plan.runnable.count == 3)
        var skipped: [String] = []
        var recorded: [String] = []
        let runIDs = try await plan.record(skipped: { skipped.append($0.label) }) { cell, number, index, configuration in
            #expect(configuration.sweepID == "sweep-test" && configuration.repeatIndex == index)
            recorded.append("\(number) \(cell.label) #\(index)")
            return "run-\(recorded.count)"
        }
        #expect(skipped == ["strategy=direct tests=3"])
        #expect(recorded == ["1 strategy=direct #1", "1 strategy=direct #2", "2 strategy=self-align tests=1 #1",
                             "2 strategy=self-align tests=1 #2", "3 strategy=self-align tests=3 #1",
                             "3 strategy=self-align tests=3 #2"])
        #expect(runIDs == (1...6).map { "run-\($0)" })
        #expect(SweepPlan.newID().hasPrefix("sweep-"))
    }
}
