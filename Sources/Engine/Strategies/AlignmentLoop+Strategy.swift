import Replay

extension AlignmentLoop {
    /// The type that implements the configured strategy.
    var strategy: any TaskStrategy {
        switch configuration.strategy {
        case .direct: DirectStrategy()
        case .selfAlign: SelfAlignStrategy()
        case .codet: CodeTStrategy()
        case .sample: SampleStrategy()
        }
    }

    /// Runs the strategy on `task`; model calls are numbered in `scope` (one per task, so `--jobs N` replays the same).
    /// - Throws: `ReplayMiss`, `CacheError`, a sandbox failure, an unreachable provider or a rejected key, which stop
    ///   the run; a provider's refusal of one request (any other `UpstreamFailure`) ends only this task, recorded in
    ///   its result.
    public func run(_ task: CodingTask, index: Int, scope: CallScope) async throws -> TaskRun {
        try await run(task, using: strategy, index: index, scope: scope)
    }
}
