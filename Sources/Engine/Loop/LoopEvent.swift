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
