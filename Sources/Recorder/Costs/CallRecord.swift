/// One model call to price, with where it belongs.
public struct CallRecord: Sendable, Equatable {
    /// The run, when the call belongs to one.
    public var runID: String?
    /// The task.
    public var taskID: String?
    /// The phase (`code`, `tests`, `judge`, `format_check`).
    public var phase: ModelCallPhase?
    /// The try, from 1.
    public var tryNumber: Int?
    /// The interaction's key (`sha256:…`).
    public var key: String
    /// Spent or saved.
    public var source: CallSource
    /// The provider.
    public var provider: String
    /// The model priced: the one that answered when the store knows it, else the one asked for.
    public var model: String
    /// When the call was originally recorded: the day whose prices apply, to live and cache-served calls alike.
    public var recordedAt: String
    /// The token counts the provider returned.
    public var usage: TokenUsage
    /// The HTTP status, when known; a failed call that reported no usage costs nothing.
    public var status: Int?

    /// Builds a record.
    public init(runID: String? = nil, taskID: String? = nil, phase: ModelCallPhase? = nil, tryNumber: Int? = nil, key: String,
                source: CallSource, provider: String, model: String, recordedAt: String, usage: TokenUsage,
                status: Int? = nil)
    {
        self.runID = runID
        self.taskID = taskID
        self.phase = phase
        self.tryNumber = tryNumber
        self.key = key
        self.source = source
        self.provider = provider
        self.model = model
        self.recordedAt = recordedAt
        self.usage = usage
        self.status = status
    }
}
