import Recorder

/// One step of a task, as stored in the run's events (see docs/runs.md).
public struct LoopEvent: Sendable, Equatable {
    /// The kind of its payload.
    public var kind: RunEventKind
    /// The try it belongs to (nil for the task's result).
    public var tryNumber: Int?
    /// What happened.
    public var payload: JSONValue

    /// An event carrying a typed payload.
    public init(tryNumber: Int?, _ payload: some RunEventPayload) {
        kind = type(of: payload).kind
        self.tryNumber = tryNumber
        self.payload = payload.json
    }

    /// The payload read as `type`, or nil when the event is of another kind.
    public func read<Payload: RunEventPayload>(_ type: Payload.Type) throws(RunEventError) -> Payload? {
        guard kind == Payload.kind else { return nil }
        return try Payload(json: payload)
    }
}

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
