/// What a model call was for: the `phase` of a `model_call` event.
public enum ModelCallPhase: StoredWord {
    /// Writing the program.
    case code
    /// Writing the unit tests.
    case tests
    /// Judging which of code and tests a failure is to blame on.
    case judge
    /// Checking the answers' format.
    case formatCheck
    /// A call made through `align proxy`.
    case proxy
    /// A phase this version does not write.
    case other(String)

    public static let known: [ModelCallPhase] = [.code, .tests, .judge, .formatCheck, .proxy]

    public var rawValue: String {
        switch self {
        case .code: "code"
        case .tests: "tests"
        case .judge: "judge"
        case .formatCheck: "format_check"
        case .proxy: "proxy"
        case .other(let spelling): spelling
        }
    }
}
