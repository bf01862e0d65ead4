/// What the report is grouped by.
public enum CostDimension: String, Sendable, CaseIterable, Codable {
    /// The run that made the call (`-` for a call recorded outside any run).
    case run
    /// The task.
    case task
    /// The phase: `code`, `tests`, `judge`, `format_check`.
    case phase
    /// The try, from 1.
    case `try`
    /// The model that answered.
    case model

    /// This dimension's value for a call (`-` when the call has none).
    func value(of record: CallRecord) -> String {
        switch self {
        case .run: record.runID ?? "-"
        case .task: record.taskID ?? "-"
        case .phase: record.phase?.rawValue ?? "-"
        case .try: record.tryNumber.map(String.init) ?? "-"
        case .model: record.model
        }
    }
}
