import Replay

/// What a strategy does with one task: the generation (and any execution against its own tests) that leaves the
/// task's final program, tests and events in the state. The evaluation on the hidden tests is shared and comes
/// after. A new strategy is a new type conforming to this (in Strategies/), chosen in `AlignmentLoop.strategy`.
protocol TaskStrategy: Sendable {
    /// Generates for `state.task` through `loop`'s steps, numbering model calls in `scope`.
    func generate(_ state: inout TaskState, loop: AlignmentLoop, scope: CallScope) async throws
}
