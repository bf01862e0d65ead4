import Recorder

/// One model output read from a file, scored against its task: code on the hidden tests, tests on the reference.
public struct ScoredOutput: Sendable, Equatable {
    /// The task.
    public var taskID: String
    /// The line it came from.
    public var line: Int
    /// Whether the code passes the hidden tests (nil: the line has no code).
    public var correct: Bool?
    /// Own tests that pass on the reference solution, of all (0/0: the line has no tests).
    public var validTests: Int
    public var totalTests: Int
    /// What the file claims (`is_solved`, `passed`), for comparison with what was measured.
    public var claimedCorrect: Bool?
}

/// Scores published or generated outputs (JSON Lines) with the sandbox: the honest check of a log's own claims.
///
/// Each line has `task_id` and any of: `code` or `solution` (a whole program; a list in `solution` is read as
/// tests), `completion` (a function body, appended to the task's prompt unless it defines the function itself),
/// `tests` (an array of tests, or one block split into single tests). `is_solved` / `passed` are read as claims.
public struct OutputEvaluation: Sendable {
    /// Where code runs.
    public let executor: any CodeExecutor
    /// Limits of every execution.
    public let limits: SandboxLimits
    /// The member that holds the program, when not the first of `code`, `solution`, `completion` (AgentCoder's MBPP
    /// files keep the benchmark's reference in `code` and the model's program in `completion`).
    public let codeField: String?

    /// Builds an evaluation.
    public init(executor: any CodeExecutor, limits: SandboxLimits = .standard, codeField: String? = nil) {
        self.executor = executor
        self.limits = limits
        self.codeField = codeField
    }

    /// Scores every line of `lines` whose task is in `tasks`.
    /// - Throws: `TaskFileError` for a malformed line or an unknown task; execution errors.
    public func score(lines: [UInt8], path: String, tasks: [CodingTask]) async throws -> [ScoredOutput] {
        let byID = Dictionary(tasks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var scored: [ScoredOutput] = []
        for (number, record) in try TaskLoader.records(lines, path: path).records {
            guard var id = record["task_id"]?.stringValue ?? record["task_id"]?.intValue.map({ "Mbpp/\($0)" }) else {
                throw TaskFileError(path: path, line: number, reason: "missing 'task_id'")
            }
            if byID[id] == nil, byID["Mbpp/\(id)"] != nil { id = "Mbpp/\(id)" }
            guard let task = byID[id] else {
                throw TaskFileError(path: path, line: number, reason: "task '\(id)' is not in the task file")
            }
            var code = codeField.map { record[$0]?.stringValue } ?? (record["code"]?.stringValue ?? record["solution"]?.stringValue)
            if code == nil, codeField == nil || codeField == "completion", let completion = record["completion"]?.stringValue {
                code = completion.contains("def \(task.entryPoint)(") ? completion : task.prompt + completion
            }
            var tests: [String] = []
            if let array = (record["tests"] ?? record["solution"])?.arrayValue {
                tests = array.compactMap(\.stringValue)
            } else if let block = record["tests"]?.stringValue {
                tests = PythonSource.splitTests(block)
            } else if let listed = record["solution"]?.stringValue, listed.hasPrefix("['assert") || listed.hasPrefix("[\"assert") {
                // Reflexion's generated-tests logs store the list as Python's repr.
                tests = PythonSource.splitTests(Self.unquotedPythonList(listed))
                code = nil
            }
            var output = ScoredOutput(taskID: id, line: number, correct: nil, validTests: 0, totalTests: 0,
                                      claimedCorrect: Self.claim(record["is_solved"] ?? record["passed"]))
            if let code {
                let run = try await executor.execute(ExecutionRequest(kind: .tests, code: task.runnable(code), tests: task.hiddenTests,
                                                                      limits: limits))
                output.correct = run.outcome.allPassed
            }
            if !tests.isEmpty {
                let run = try await executor.execute(ExecutionRequest(kind: .tests, code: task.referenceSolution, tests: tests, limits: limits))
                output.validTests = run.outcome.passed
                output.totalTests = run.outcome.tests.count
            }
            scored.append(output)
        }
        return scored
    }

    private static func claim(_ value: JSONValue?) -> Bool? {
        if let flag = value?.boolValue { return flag }
        switch value?.stringValue?.lowercased() {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }

    /// `['assert a', "assert b"]` → the asserts one per line (Python string escapes `\\`, `\'`, `\"`, `\n` undone).
    static func unquotedPythonList(_ text: String) -> String {
        var items: [String] = []
        var current = ""
        var quote: Character?
        var escaped = false
        for character in text {
            if let open = quote {
                if escaped {
                    switch character {
                    case "n": current.append("\n")
                    case "t": current.append("\t")
                    default: current.append(character)
                    }
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == open {
                    items.append(current)
                    current = ""
                    quote = nil
                } else {
                    current.append(character)
                }
            } else if character == "'" || character == "\"" {
                quote = character
            }
        }
        return items.joined(separator: "\n")
    }
}
