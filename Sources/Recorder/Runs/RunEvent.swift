/// One step of a run: a model call, an execution, a verdict — with the keys it used.
public struct RunEvent: Sendable, Equatable {
    /// Order within the run, from 0.
    public var sequence: Int
    /// What happened: the kind of its payload.
    public var kind: RunEventKind
    /// The task it belongs to.
    public var taskID: String?
    /// The try it belongs to, from 1.
    public var tryNumber: Int?
    /// Tokens, keys of its model calls and executions, outcome: whatever the Engine records.
    public var payload: JSONValue

    /// Builds an event.
    public init(sequence: Int, kind: RunEventKind, taskID: String? = nil, tryNumber: Int? = nil, payload: JSONValue = .object([:])) {
        self.sequence = sequence
        self.kind = kind
        self.taskID = taskID
        self.tryNumber = tryNumber
        self.payload = payload
    }
}
