/// Scored outputs (`OutputEvaluation.score`) grouped for reporting: the rates, official tests and EvalPlus's side
/// by side, the programs that could not run, and every claim the measurement contradicts. `align eval` prints its
/// `text` or `json` (Reports/EvaluationReport+Text.swift, +JSON.swift).
public struct EvaluationReport: Sendable {
    /// Every scored output, in file order.
    public let scored: [ScoredOutput]
    /// The outputs whose program was run against the hidden tests.
    public let withCode: [ScoredOutput]
    /// Of those, the ones also run on EvalPlus inputs.
    public let withPlus: [ScoredOutput]
    /// Of `withCode`, the ones that claim to be correct or not.
    public let claimed: [ScoredOutput]
    /// The outputs that came with tests of their own.
    public let withTests: [ScoredOutput]

    /// Groups `scored`.
    public init(_ scored: [ScoredOutput]) {
        self.scored = scored
        withCode = scored.filter { $0.correct != nil }
        withPlus = withCode.filter { $0.correctPlus != nil }
        claimed = withCode.filter { $0.claimedCorrect != nil }
        withTests = scored.filter { $0.totalTests > 0 }
    }

    /// The outputs with an empty program.
    public var empty: [ScoredOutput] { scored.filter { $0.program == .empty } }
    /// The outputs whose program does not parse.
    public var unparsable: [ScoredOutput] {
        scored.filter { if case .unparsable = $0.program { return true } else { return false } }
    }
    /// The claims the measurement contradicts.
    public var disagreements: [ScoredOutput] { claimed.filter(\.disagrees) }
    /// The outputs whose verdict depended on timing.
    public var timingSensitive: [ScoredOutput] { scored.filter(\.timingSensitive) }
    /// The outputs that pass the official tests and fail EvalPlus's inputs.
    public var officialPassPlusFail: [ScoredOutput] { withPlus.filter { $0.correct == true && $0.correctPlus == false } }
    /// Tests of the outputs' own that pass on the reference, and all of them.
    public var validTests: (valid: Int, total: Int) {
        (withTests.reduce(0) { $0 + $1.validTests }, withTests.reduce(0) { $0 + $1.totalTests })
    }
}
