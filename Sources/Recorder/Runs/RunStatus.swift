/// Where a stored run stands: its `status`.
public enum RunStatus: StoredWord {
    /// Started and not (yet) finished: still going, or stopped without a word.
    case running
    /// Every task ran to its result.
    case finished
    /// Stopped by an error (the run's summary says which).
    case failed
    /// The calls `align proxy` made under one run id (such a run stays open).
    case proxy
    /// A status this version does not write.
    case other(String)

    public static let known: [RunStatus] = [.running, .finished, .failed, .proxy]

    public var rawValue: String {
        switch self {
        case .running: "running"
        case .finished: "finished"
        case .failed: "failed"
        case .proxy: "proxy"
        case .other(let spelling): spelling
        }
    }
}
