/// An `execution` event: one sandbox execution of a task, with the key of its stored outcome.
public struct ExecutionEvent: RunEventPayload {
    public static let kind = RunEventKind.execution

    /// What the execution was for.
    public var purpose: ExecutionPurpose
    /// The execution's cache key (`sha256:…`).
    public var key: String
    /// `live` (run in the sandbox now) or `cache`.
    public var source: CallSource
    /// Tests that passed, of all tests run.
    public var passed: Int
    public var total: Int
    /// A `hidden_tests` execution's time limit derives from this measurement of the reference (its key).
    public var calibration: String?
    /// With EvalPlus inputs, the program's run on them.
    public var plus: PlusExecution?

    /// A program's run on EvalPlus's inputs (HumanEval+ / MBPP+).
    public struct PlusExecution: Codable, Sendable, Equatable {
        /// The execution's cache key, and where its outcome came from.
        public var key: String
        public var source: CallSource
        /// The key of the reference's run on the inputs (the oracle).
        public var reference: String
        /// Input groups (base, plus) that passed, of all.
        public var passed: Int
        public var total: Int

        /// Builds one.
        public init(key: String, source: CallSource, reference: String, passed: Int, total: Int) {
            self.key = key
            self.source = source
            self.reference = reference
            self.passed = passed
            self.total = total
        }
    }

    /// Builds an event.
    public init(purpose: ExecutionPurpose, key: String, source: CallSource, passed: Int, total: Int, calibration: String? = nil,
                plus: PlusExecution? = nil)
    {
        self.purpose = purpose
        self.key = key
        self.source = source
        self.passed = passed
        self.total = total
        self.calibration = calibration
        self.plus = plus
    }
}
