import Recorder

/// A run's results as rates: aligned, correct, false alignment, test validity, tries, tokens, and by try.
public struct RunSummary: Sendable, Equatable {
    /// The strategy the run used.
    public var strategy: String
    /// Tasks run, and tasks that could not be run to the end.
    public var tasks: Int
    public var errors: Int
    /// Tasks aligned, correct, and aligned but incorrect.
    public var aligned: Int
    public var correct: Int
    public var falseAlignment: Int
    /// Own final tests valid against the reference, of all own final tests; tasks whose tests are all valid.
    public var validTests: Int
    public var totalTests: Int
    public var tasksWithAllTestsValid: Int
    public var tasksWithTests: Int
    /// Tries used in all; model calls; tokens.
    public var tries: Int
    public var modelCalls: Int
    public var inputTokens: Int
    public var outputTokens: Int
    /// Tasks aligned by try k (index k−1), and tasks whose code after try k passes the hidden tests.
    public var alignedByTry: [Int]
    public var correctByTry: [Int]
    /// Under EvalPlus's inputs (HumanEval+ / MBPP+), when the tasks had them: tasks correct, aligned but incorrect,
    /// and correct by try; nil otherwise. `plusTasks` is how many tasks had EvalPlus inputs.
    public var plusTasks: Int
    public var correctPlus: Int?
    public var falseAlignmentPlus: Int?
    public var correctPlusByTry: [Int]?
    /// Tasks with a hidden-test verdict that depended on timing.
    public var timingSensitive: Int
    /// pass@k by k (1, 5, 10 where the samples allow), for strategies that sample programs (`sample`, `codet`);
    /// empty otherwise.
    public var passAtK: [Int: Double]

    /// Sums up `results` of a run configured as `loop` (its try budget).
    public init(loop: LoopConfiguration, results: [TaskResult]) {
        self.init(strategy: loop.strategy.rawValue, results: results, budget: loop.budget)
    }

    /// Sums up `results` for a run with try budget `budget`.
    public init(strategy: String, results: [TaskResult], budget: Int) {
        self.strategy = strategy
        tasks = results.count
        errors = results.count { $0.error != nil }
        aligned = results.count(where: \.aligned)
        correct = results.count(where: \.correct)
        falseAlignment = results.count(where: \.falseAlignment)
        validTests = results.reduce(0) { $0 + $1.validTests }
        totalTests = results.reduce(0) { $0 + $1.totalTests }
        tasksWithTests = results.count { $0.totalTests > 0 }
        tasksWithAllTestsValid = results.count { $0.totalTests > 0 && $0.validTests == $0.totalTests }
        tries = results.reduce(0) { $0 + $1.tries }
        modelCalls = results.reduce(0) { $0 + $1.modelCalls }
        inputTokens = results.reduce(0) { $0 + $1.inputTokens }
        outputTokens = results.reduce(0) { $0 + $1.outputTokens }
        let budget = max(1, budget)
        alignedByTry = (1...budget).map { attempt in results.count { ($0.alignedAtTry ?? .max) <= attempt } }
        correctByTry = (0..<budget).map { index in
            results.count { index < $0.correctByTry.count ? $0.correctByTry[index] : $0.correct }
        }
        let withPlus = results.filter { $0.correctPlus != nil }
        plusTasks = withPlus.count
        timingSensitive = results.count(where: \.timingSensitive)
        if !withPlus.isEmpty {
            correctPlus = withPlus.count { $0.correctPlus == true }
            falseAlignmentPlus = withPlus.count { $0.falseAlignmentPlus == true }
            correctPlusByTry = (0..<budget).map { index in
                withPlus.count { result in
                    let byTry = result.correctPlusByTry ?? []
                    return index < byTry.count ? byTry[index] : result.correctPlus == true
                }
            }
        }
        let fewest = results.compactMap(\.samples).min() ?? 0
        passAtK = [:]
        for k in PassAtK.reportedKs(samples: fewest) { passAtK[k] = PassAtK.mean(results, k: k) }
    }

    /// A share as a percentage with one decimal, or "–" for nothing to divide by.
    public static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "–" }
        let tenths = (part * 1000 + whole / 2) / whole
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// The summary as stored with a run and printed by `--json`.
    public var json: JSONValue {
        func number(_ value: Int) -> JSONValue { .number(Double(value)) }
        var members: [String: JSONValue] = [
            "strategy": .string(strategy), "tasks": number(tasks), "errors": number(errors), "aligned": number(aligned),
            "correct": number(correct), "false_alignment": number(falseAlignment), "valid_tests": number(validTests),
            "total_tests": number(totalTests), "tasks_with_tests": number(tasksWithTests),
            "tasks_all_tests_valid": number(tasksWithAllTestsValid), "tries": number(tries),
            "model_calls": number(modelCalls),
            "tokens": ["input": number(inputTokens), "output": number(outputTokens)],
            "aligned_by_try": .array(alignedByTry.map(number)), "correct_by_try": .array(correctByTry.map(number)),
        ]
        // Only when there is something to say, so that summaries without EvalPlus inputs keep their stored form.
        if let correctPlus, let falseAlignmentPlus, let correctPlusByTry {
            members["plus"] = ["tasks": number(plusTasks), "correct": number(correctPlus),
                               "false_alignment": number(falseAlignmentPlus),
                               "correct_by_try": .array(correctPlusByTry.map(number))]
        }
        if timingSensitive > 0 { members["timing_sensitive"] = number(timingSensitive) }
        // Only where programs were sampled, so summaries stored before pass@k existed keep their bytes.
        if !passAtK.isEmpty {
            members["pass_at_k"] = .object(Dictionary(uniqueKeysWithValues: passAtK.map { ("\($0.key)", .number($0.value)) }))
        }
        return .object(members)
    }
}
