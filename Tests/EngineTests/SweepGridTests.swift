@testable import Engine
import Recorder
import Testing

/// Grids of levels: cells in grid order, levels a strategy does not use skipped as the same run, bad grids refused.
@Suite struct SweepGridTests {
    let base = RunConfiguration(tasksPath: "t.jsonl", tasksDigest: "d", taskIDs: ["a"], provider: .log, logPath: "l",
                                baseURL: nil, loop: LoopConfiguration(judge: false, settings: ModelSettings(model: "m")),
                                formatModel: nil, jobs: 1)

    @Test func cellsSkipLevelsAStrategyDoesNotUse() throws {
        let cells = try SweepGrid(["strategy=direct,self-align,codet", "tests=1,3"]).cells(over: base, sweepID: "s")
        #expect(cells.map(\.label) == ["strategy=direct", "strategy=direct tests=3", "strategy=self-align tests=1",
                                       "strategy=self-align tests=3", "strategy=codet tests=1", "strategy=codet tests=3"])
        #expect(cells.map { $0.skipped != nil } == [false, true, false, false, false, false])
        #expect(cells[1].skipped?.contains("direct does not use tests=3") == true)
        #expect(cells[0].configuration.loop.tests == nil && cells[3].configuration.loop.tests == 3)
        #expect(cells.allSatisfy { $0.configuration.sweepID == "s" })
        let tries = try SweepGrid(["strategy=codet,self-align", "tries=1,5"]).cells(over: base, sweepID: "s")
        #expect(tries.map { $0.skipped != nil } == [false, true, false, false])
    }

    @Test func badGridsAreClearErrors() {
        #expect(throws: RunConfigurationError.self) { try SweepGrid(["temperature=0,1"]) }
        #expect(throws: RunConfigurationError.self) { try SweepGrid(["tests=0"]) }
        #expect(throws: RunConfigurationError.self) { try SweepGrid(["strategy=best"]) }
        #expect(throws: RunConfigurationError.self) { try SweepGrid(["tests=1", "tests=3"]) }
    }
}
