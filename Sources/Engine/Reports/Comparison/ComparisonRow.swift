import Recorder

/// One run in a comparison: its rates with 95% Wilson intervals, what it cost, and — against the baseline — the
/// paired McNemar test and the cost of each correct task gained.
public struct ComparisonRow: Sendable {
    /// The run, and its label (the sweep cell, else strategy and levels).
    public var runID: String
    public var label: String
    /// The run's full report (configuration, summary, every task's result).
    public var report: RunReport
    /// Tasks aligned (nil for a strategy that writes no tests), correct, falsely aligned (of all tasks and of the
    /// aligned ones), and own tests valid on the reference solution (of all own tests).
    public var aligned: Rate?
    public var correct: Rate
    public var falseAlignment: Rate?
    public var falseAlignmentOfAligned: Rate?
    public var testValidity: Rate?
    /// Under EvalPlus's inputs (HumanEval+ / MBPP+; nil when the run had none): tasks correct, and tasks aligned but
    /// wrong there, of the aligned ones (nil also for a strategy that writes no tests).
    public var correctPlus: Rate?
    public var falseAlignmentPlusOfAligned: Rate?
    /// Mean tries per task.
    public var meanTries: Double
    /// pass@k (sampling strategies), by k.
    public var passAtK: [Int: Double]
    /// Model calls and tokens.
    public var modelCalls: Int
    public var inputTokens: Int
    public var outputTokens: Int
    /// What the run spent live (cells sharing a cache spend nothing on calls another cell made first).
    public var spent: Money?
    /// What all the run's calls cost at their own model's prices, live and cache-served alike; nil when some are
    /// unpriced (a published log's model).
    public var callCost: Money?
    /// What all the run's calls cost at `ComparisonReport.priceModel`'s prices.
    public var costAtPrices: Money?
    /// The cost compared: at the named model's prices when given, else `callCost`.
    public var comparedCost: Money? { costAtPrices ?? callCost }
    /// `comparedCost` / correct tasks.
    public var costPerCorrect: Money?
    /// Against the baseline: the paired test on correctness, the correct tasks gained (may be negative), and the
    /// extra cost of each one gained (nil unless some are gained and both costs are known).
    public var versusBaseline: McNemar?
    public var correctGained: Int?
    public var marginalCostPerCorrectGained: Money?
}

/// The repeats of one configuration (runs equal but for `--repeat`'s index): mean and spread across repeats.
public struct RepeatGroup: Sendable {
    /// The label and runs of the repeats.
    public var label: String
    public var runIDs: [String]
    /// The correct share, aligned share (nil without tests), and pass@1 share across the repeats.
    public var correct: Spread
    public var aligned: Spread?
}
