extension RunEvent {
    /// An event carrying `payload`, of its payload type's kind.
    public init(sequence: Int, taskID: String? = nil, tryNumber: Int? = nil, _ payload: some RunEventPayload) {
        self.init(sequence: sequence, kind: type(of: payload).kind, taskID: taskID, tryNumber: tryNumber,
                  payload: payload.json)
    }

    /// The payload read as `type`, or nil when the event is of another kind.
    /// - Throws: `RunEventError` when the event is of `type`'s kind but its payload cannot be read as it.
    public func read<Payload: RunEventPayload>(_ type: Payload.Type) throws(RunEventError) -> Payload? {
        guard kind == Payload.kind else { return nil }
        return try Payload(json: payload)
    }
}
