/// The kinds of run events (docs/runs.md), each with its own payload type.
public enum RunEventKind: StoredWord {
    /// A model call: `ModelCallEvent`.
    case modelCall
    /// A sandbox execution: `ExecutionEvent`.
    case execution
    /// The end of one try: `TryResultEvent`.
    case tryResult
    /// A task's result: `TaskResult`.
    case taskResult
    /// A kind this version does not write (its events are kept, and read by no payload type).
    case other(String)

    public static let known: [RunEventKind] = [.modelCall, .execution, .tryResult, .taskResult]

    public var rawValue: String {
        switch self {
        case .modelCall: "model_call"
        case .execution: "execution"
        case .tryResult: "try_result"
        case .taskResult: "task_result"
        case .other(let spelling): spelling
        }
    }
}

/// The payload of one kind of run event, stored as its JSON object.
public protocol RunEventPayload: Codable, Sendable, Equatable {
    /// The kind of event this payload belongs to.
    static var kind: RunEventKind { get }
}

extension RunEventPayload {
    /// The payload as stored in `run_events.payload`.
    public var json: JSONValue { JSONValue(encoding: self) }

    /// Reads a stored payload.
    /// - Throws: `RunEventError` naming the event kind when the payload does not have this type's members.
    public init(json: JSONValue) throws(RunEventError) {
        do {
            self = try json.decoded(as: Self.self)
        } catch {
            throw RunEventError(kind: Self.kind.rawValue, reason: "\(error)")
        }
    }
}
