import Recorder

/// What the loop achieved on one task, measured honestly against the benchmark's hidden tests.
public struct TaskResult: Sendable, Equatable {
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
    /// EvalPlus's criterion on the final code: its base and plus inputs both pass (nil: the task has no EvalPlus
    /// inputs).
    public var correctPlus: Bool?
    /// The same for the code held after try 1, 2, … (nil without EvalPlus inputs).
    public var correctPlusByTry: [Bool]?
    /// Some hidden-test verdict of the task depended on timing (a timeout that did not repeat, or a result reached
    /// past half the limit).
    public var timingSensitive = false

    /// Aligned on its own tests but wrong on the hidden ones.
    public var falseAlignment: Bool { aligned && !correct }
    /// Aligned on its own tests but wrong under EvalPlus's inputs (nil without them).
    public var falseAlignmentPlus: Bool? { correctPlus.map { aligned && !$0 } }
    /// The share of own tests that are valid against the reference solution (nil without tests).
    public var validity: Double? { totalTests == 0 ? nil : Double(validTests) / Double(totalTests) }

    /// The result as stored in a `task_result` event and printed by `--json`.
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "task": .string(taskID), "aligned": .bool(aligned), "aligned_at_try": alignedAtTry.map { .number(Double($0)) } ?? .null,
            "correct": .bool(correct), "false_alignment": .bool(falseAlignment),
            "valid_tests": .number(Double(validTests)), "total_tests": .number(Double(totalTests)),
            "tries": .number(Double(tries)), "correct_by_try": .array(correctByTry.map(JSONValue.bool)),
            "tokens": ["input": .number(Double(inputTokens)), "output": .number(Double(outputTokens))],
            "model_calls": .number(Double(modelCalls)),
            "final_code": finalCode.map(JSONValue.string) ?? .null, "final_tests": .array(finalTests.map(JSONValue.string)),
            "error": error.map(JSONValue.string) ?? .null,
        ]
        // Only when there is something to say, so that results without EvalPlus inputs keep their stored form.
        if let correctPlus {
            members["correct_plus"] = .bool(correctPlus)
            members["false_alignment_plus"] = .bool(aligned && !correctPlus)
            members["correct_plus_by_try"] = .array((correctPlusByTry ?? []).map(JSONValue.bool))
        }
        if timingSensitive { members["timing_sensitive"] = .bool(true) }
        return .object(members)
    }

    /// Reads a stored result.
    public init(json: JSONValue) throws {
        guard let id = json["task"]?.stringValue else { throw FormatProblem("a task result lacks 'task'") }
        taskID = id
        aligned = json["aligned"]?.boolValue ?? false
        alignedAtTry = json["aligned_at_try"]?.intValue
        correct = json["correct"]?.boolValue ?? false
        validTests = json["valid_tests"]?.intValue ?? 0
        totalTests = json["total_tests"]?.intValue ?? 0
        tries = json["tries"]?.intValue ?? 0
        correctByTry = json["correct_by_try"]?.arrayValue?.compactMap(\.boolValue) ?? []
        inputTokens = json["tokens"]?["input"]?.intValue ?? 0
        outputTokens = json["tokens"]?["output"]?.intValue ?? 0
        modelCalls = json["model_calls"]?.intValue ?? 0
        finalCode = json["final_code"]?.stringValue
        finalTests = json["final_tests"]?.arrayValue?.compactMap(\.stringValue) ?? []
        error = json["error"]?.stringValue
        correctPlus = json["correct_plus"]?.boolValue
        correctPlusByTry = json["correct_plus_by_try"]?.arrayValue?.compactMap(\.boolValue)
        timingSensitive = json["timing_sensitive"]?.boolValue ?? false
    }

    init(taskID: String) {
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
}

/// One step of a task, as stored in the run's events (see docs/runs.md).
public struct LoopEvent: Sendable, Equatable {
    /// `model_call`, `execution`, `try_result` or `task_result`.
    public var kind: String
    /// The try it belongs to (nil for the task's result).
    public var tryNumber: Int?
    /// What happened.
    public var payload: JSONValue
}

/// A task's result and the events that led to it.
public struct TaskRun: Sendable {
    /// The task's position in the run.
    public var index: Int
    /// The result.
    public var result: TaskResult
    /// The events, in order.
    public var events: [LoopEvent]

    /// The events as a run stores them, numbered on from `sequence` (the last number already used).
    public func runEvents(after sequence: Int) -> [RunEvent] {
        events.enumerated().map { offset, event in
            RunEvent(sequence: sequence + offset + 1, kind: event.kind, taskID: result.taskID,
                     tryNumber: event.tryNumber, payload: event.payload)
        }
    }
}
