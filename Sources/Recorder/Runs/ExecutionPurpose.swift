/// What a sandbox execution was for: the `purpose` of an `execution` event.
public enum ExecutionPurpose: StoredWord {
    /// Checking that code or tests load (the format check).
    case format
    /// The task's own tests against its code, in the loop.
    case ownTests
    /// The benchmark's hidden tests against the final code, after the loop.
    case hiddenTests
    /// The own final tests against the reference solution.
    case validity
    /// CodeT: a program against the pool of generated tests.
    case agreement
    /// A purpose this version does not write.
    case other(String)

    public static let known: [ExecutionPurpose] = [.format, .ownTests, .hiddenTests, .validity, .agreement]

    public var rawValue: String {
        switch self {
        case .format: "format"
        case .ownTests: "own_tests"
        case .hiddenTests: "hidden_tests"
        case .validity: "validity"
        case .agreement: "agreement"
        case .other(let spelling): spelling
        }
    }

    /// Scoring after the loop (hidden tests, validity), rather than a step of a try.
    public var isScoring: Bool { self == .hiddenTests || self == .validity }
}
