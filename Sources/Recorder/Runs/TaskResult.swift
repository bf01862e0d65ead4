/// What a strategy achieved on one task, measured against the benchmark's hidden tests: the payload of a
/// `task_result` event.
public struct TaskResult: RunEventPayload {
    public static let kind = RunEventKind.taskResult

    /// The task.
    public var taskID: String
    /// Its own tests all passed on its final code (self-align only).
    public var aligned: Bool
    /// The try at which it aligned.
    public var alignedAtTry: Int?
    /// The hidden tests pass on the final code.
    public var correct: Bool
    /// Own final tests that pass on the reference solution, and how many there are.
    public var validTests: Int
    public var totalTests: Int
    /// Tries used (format failures included).
    public var tries: Int
    /// Whether the code held after try 1, 2, … (up to the budget) passes the hidden tests.
    public var correctByTry: [Bool]
    /// Tokens of every model call, by kind.
    public var inputTokens: Int
    public var outputTokens: Int
    /// Model calls made (or served).
    public var modelCalls: Int
    /// The final program and tests.
    public var finalCode: String?
    public var finalTests: [String]
    /// Why the task could not be run to the end (the provider refused, the log had no answer), if it could not.
    public var error: String?
    /// Programs sampled (`sample`, `codet`), and how many of them pass the hidden tests: what pass@k is estimated
    /// from. Nil for strategies that write one program at a time.
    public var samples: Int?
    public var samplesCorrect: Int?

    /// Aligned on its own tests but wrong on the hidden ones.
    public var falseAlignment: Bool { aligned && !correct }
    /// The share of own tests that are valid against the reference solution (nil without tests).
    public var validity: Double? { totalTests == 0 ? nil : Double(validTests) / Double(totalTests) }

    /// A result with nothing achieved yet.
    public init(taskID: String) {
        self.taskID = taskID
        aligned = false
        correct = false
        validTests = 0
        totalTests = 0
        tries = 0
        correctByTry = []
        inputTokens = 0
        outputTokens = 0
        modelCalls = 0
        finalTests = []
    }

    enum CodingKeys: String, CodingKey {
        case taskID = "task"
        case aligned
        case alignedAtTry = "aligned_at_try"
        case correct
        case falseAlignment = "false_alignment"
        case validTests = "valid_tests"
        case totalTests = "total_tests"
        case tries
        case correctByTry = "correct_by_try"
        case tokens
        case modelCalls = "model_calls"
        case finalCode = "final_code"
        case finalTests = "final_tests"
        case error
        case samples
        case samplesCorrect = "samples_correct"
    }

    enum TokenKeys: String, CodingKey { case input, output }

    /// Reads a stored result; members other than `task` default to nothing achieved.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(taskID: try container.decode(String.self, forKey: .taskID))
        aligned = try container.decodeIfPresent(Bool.self, forKey: .aligned) ?? false
        alignedAtTry = try container.decodeIfPresent(Int.self, forKey: .alignedAtTry)
        correct = try container.decodeIfPresent(Bool.self, forKey: .correct) ?? false
        validTests = try container.decodeIfPresent(Int.self, forKey: .validTests) ?? 0
        totalTests = try container.decodeIfPresent(Int.self, forKey: .totalTests) ?? 0
        tries = try container.decodeIfPresent(Int.self, forKey: .tries) ?? 0
        correctByTry = try container.decodeIfPresent([Bool].self, forKey: .correctByTry) ?? []
        if container.contains(.tokens), try !container.decodeNil(forKey: .tokens) {
            let tokens = try container.nestedContainer(keyedBy: TokenKeys.self, forKey: .tokens)
            inputTokens = try tokens.decodeIfPresent(Int.self, forKey: .input) ?? 0
            outputTokens = try tokens.decodeIfPresent(Int.self, forKey: .output) ?? 0
        }
        modelCalls = try container.decodeIfPresent(Int.self, forKey: .modelCalls) ?? 0
        finalCode = try container.decodeIfPresent(String.self, forKey: .finalCode)
        finalTests = try container.decodeIfPresent([String].self, forKey: .finalTests) ?? []
        error = try container.decodeIfPresent(String.self, forKey: .error)
        samples = try container.decodeIfPresent(Int.self, forKey: .samples)
        samplesCorrect = try container.decodeIfPresent(Int.self, forKey: .samplesCorrect)
    }

    /// Writes every member (null where there is nothing), the sample counts only where there are samples.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(taskID, forKey: .taskID)
        try container.encode(aligned, forKey: .aligned)
        try container.encode(alignedAtTry, forKey: .alignedAtTry)
        try container.encode(correct, forKey: .correct)
        try container.encode(falseAlignment, forKey: .falseAlignment)
        try container.encode(validTests, forKey: .validTests)
        try container.encode(totalTests, forKey: .totalTests)
        try container.encode(tries, forKey: .tries)
        try container.encode(correctByTry, forKey: .correctByTry)
        var tokens = container.nestedContainer(keyedBy: TokenKeys.self, forKey: .tokens)
        try tokens.encode(inputTokens, forKey: .input)
        try tokens.encode(outputTokens, forKey: .output)
        try container.encode(modelCalls, forKey: .modelCalls)
        try container.encode(finalCode, forKey: .finalCode)
        try container.encode(finalTests, forKey: .finalTests)
        try container.encode(error, forKey: .error)
        try container.encodeIfPresent(samples, forKey: .samples)
        try container.encodeIfPresent(samplesCorrect, forKey: .samplesCorrect)
    }
}
