import Replay

/// A sweep about to be recorded: its id, its grid's cells over a base configuration, and how often each runs.
public struct SweepPlan: Sendable {
    /// `sweep-YYYYMMDD-HHMMSS-xxxx`, the tag every cell's run carries.
    public let sweepID: String
    /// Every cell in grid order, skipped ones included (they say why).
    public let cells: [SweepGrid.Cell]
    /// Runs of each cell (`--repeat`).
    public let repeats: Int

    /// Plans the sweep of `grid` (`NAME=V1,V2,…` each) over `base`.
    /// - Throws: `RunConfigurationError` for a grid that cannot be read or applied.
    public init(grid: [String], base: RunConfiguration, repeats: Int, sweepID: String = SweepPlan.newID()) throws {
        self.sweepID = sweepID
        self.cells = try SweepGrid(grid).cells(over: base, sweepID: sweepID)
        self.repeats = repeats
    }

    /// A new sweep id, from the time as a run id is.
    public static func newID() -> String { "sweep-" + RunRunner.newRunID().dropFirst(4) }

    /// The cells that run (not the same run as an earlier cell).
    public var runnable: [SweepGrid.Cell] { cells.filter { $0.skipped == nil } }

    /// Checks, before any cell runs, that a published log holds what every cell's last repeat will ask of it.
    /// - Throws: `RunConfigurationError` naming the log and what it lacks.
    public func checkLogs(mode: CacheMode) throws {
        for cell in runnable { try RunRunner.checkLog(for: cell.configuration.repeats(repeats).last!, mode: mode) }
    }

    /// Records every runnable cell's repeats in grid order through `record` (which stores one run and returns its
    /// id), telling `skipped` of each cell that does not run; returns the run ids in order.
    /// - Parameters:
    ///   - record: records one repeat: the cell, its number among the runnable cells (from 1), the repeat (from 1)
    ///     and the configuration to run.
    public func record(skipped: (SweepGrid.Cell) -> Void,
                       _ record: (SweepGrid.Cell, Int, Int, RunConfiguration) async throws -> String)
        async throws -> [String]
    {
        var runIDs: [String] = []
        var number = 0
        for cell in cells {
            guard cell.skipped == nil else {
                skipped(cell)
                continue
            }
            number += 1
            for (index, configuration) in cell.configuration.repeats(repeats).enumerated() {
                runIDs.append(try await record(cell, number, index + 1, configuration))
            }
        }
        return runIDs
    }
}
