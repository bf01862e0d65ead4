/// A stored run: its configuration, status and events.
public struct StoredRun: Sendable, Equatable {
    public var runID: String
    public var createdAt: String
    public var finishedAt: String?
    public var status: RunStatus
    public var config: JSONValue
    public var summary: JSONValue?
    public var events: [RunEvent]

    /// Builds a run record.
    public init(runID: String, createdAt: String, finishedAt: String? = nil, status: RunStatus, config: JSONValue,
                summary: JSONValue? = nil, events: [RunEvent] = [])
    {
        self.runID = runID
        self.createdAt = createdAt
        self.finishedAt = finishedAt
        self.status = status
        self.config = config
        self.summary = summary
        self.events = events
    }
}
