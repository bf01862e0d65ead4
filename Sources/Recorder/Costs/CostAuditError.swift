/// A cost audit that cannot be made as asked.
public enum CostAuditError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No run has this id; `available` lists the ids there are (the first few).
    case unknownRun(id: String, available: [String])

    public var description: String {
        switch self {
        case .unknownRun(let id, let available):
            available.isEmpty
                ? "no run '\(id)' in this cache: it holds no runs"
                : "no run '\(id)' in this cache; its runs are: " + available.joined(separator: ", ")
        }
    }
}
