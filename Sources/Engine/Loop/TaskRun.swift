import Recorder

/// A task's result and the events that led to it.
public struct TaskRun: Sendable {
    /// The task's position in the run.
    public var index: Int
    /// The result.
    public var result: TaskResult
    /// The events, in order.
    public var events: [LoopEvent]

    /// Builds a task run.
    public init(index: Int, result: TaskResult, events: [LoopEvent]) {
        self.index = index
        self.result = result
        self.events = events
    }

    /// The events as a run stores them, numbered on from `sequence` (the last number already used).
    public func runEvents(after sequence: Int) -> [RunEvent] {
        events.enumerated().map { offset, event in
            RunEvent(sequence: sequence + offset + 1, kind: event.kind, taskID: result.taskID,
                     tryNumber: event.tryNumber, payload: event.payload)
        }
    }
}
