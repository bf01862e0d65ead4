/// A `try_result` event: how one try of a task ended.
///
/// A try that failed the format check has only `aligned` (false) and `format_error`; a try whose tests ran also has
/// `passed`, `total` and what was blamed.
public struct TryResultEvent: RunEventPayload {
    public static let kind = RunEventKind.tryResult

    /// Every own test passed at this try.
    public var aligned: Bool
    /// Own tests that passed, of all own tests (nil when none ran).
    public var passed: Int?
    public var total: Int?
    /// Failures blamed on the code and on the tests (all of them with the judge off).
    public var blamedCode: Int?
    public var blamedTests: Int?
    /// Why the answers failed the format check, if they did.
    public var formatError: String?

    /// Builds an event.
    public init(aligned: Bool, passed: Int? = nil, total: Int? = nil, blamedCode: Int? = nil, blamedTests: Int? = nil,
                formatError: String? = nil)
    {
        self.aligned = aligned
        self.passed = passed
        self.total = total
        self.blamedCode = blamedCode
        self.blamedTests = blamedTests
        self.formatError = formatError
    }

    enum CodingKeys: String, CodingKey {
        case aligned, passed, total
        case blamedCode = "blamed_code"
        case blamedTests = "blamed_tests"
        case formatError = "format_error"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(aligned, forKey: .aligned)
        try container.encodeIfPresent(passed, forKey: .passed)
        try container.encodeIfPresent(total, forKey: .total)
        try container.encodeIfPresent(blamedCode, forKey: .blamedCode)
        try container.encodeIfPresent(blamedTests, forKey: .blamedTests)
        try container.encode(formatError, forKey: .formatError)
    }
}
