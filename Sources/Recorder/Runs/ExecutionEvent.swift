/// An `execution` event: one sandbox execution of a task, with the key of its stored outcome.
public struct ExecutionEvent: RunEventPayload {
    public static let kind = RunEventKind.execution

    /// `format`, `own_tests`, `hidden_tests`, `validity`, or `agreement` (CodeT: a program against the test pool).
    public var purpose: String
    /// The execution's cache key (`sha256:…`).
    public var key: String
    /// `live` (run in the sandbox now) or `cache`.
    public var source: CallSource
    /// Tests that passed, of all tests run.
    public var passed: Int
    public var total: Int

    /// Builds an event.
    public init(purpose: String, key: String, source: CallSource, passed: Int, total: Int) {
        self.purpose = purpose
        self.key = key
        self.source = source
        self.passed = passed
        self.total = total
    }
}
