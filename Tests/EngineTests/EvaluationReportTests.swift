import Engine
import Recorder
import Testing

/// Scored outputs grouped and rendered as `align eval` prints them, from outputs built in the test.
@Suite struct EvaluationReportTests {
    let scored: [ScoredOutput] = {
        var right = ScoredOutput(taskID: "t/0", line: 1, correct: true, validTests: 2, totalTests: 2, claimedCorrect: true)
        right.program = .ran
        right.correctPlus = false
        right.plusFailure = "plus input 3 fails"
        var wrong = ScoredOutput(taskID: "t/1", line: 2, correct: false, validTests: 1, totalTests: 3, claimedCorrect: true)
        wrong.program = .ran
        wrong.failure = "assert f(1) == 2"
        wrong.correctPlus = false
        var empty = ScoredOutput(taskID: "t/2", line: 3, correct: nil, validTests: 0, totalTests: 0, claimedCorrect: nil)
        empty.program = .empty
        return [right, wrong, empty]
    }()

    @Test func groupsTheOutputs() {
        let report = EvaluationReport(scored)
        #expect(report.withCode.map(\.line) == [1, 2] && report.withPlus.count == 2 && report.claimed.count == 2)
        #expect(report.disagreements.map(\.taskID) == ["t/1"])
        #expect(report.officialPassPlusFail.map(\.taskID) == ["t/0"])
        #expect(report.empty.map(\.line) == [3] && report.unparsable.isEmpty && report.timingSensitive.isEmpty)
        #expect(report.validTests == (3, 5))
    }

    @Test func rendersTextAndJSON() {
        let report = EvaluationReport(scored)
        let text = report.text(showOutputs: false)
        #expect(text.hasPrefix("measure"))
        #expect(text.contains("\ncode correct (official hidden tests pass)           1/2  50.0%\n"))
        #expect(text.contains("\n  official pass, EvalPlus fail                        1\n"))
        #expect(text.contains("claims the measurement contradicts:\n") && text.contains("assert f(1) == 2"))
        #expect(text.contains("official tests pass, EvalPlus inputs fail:\n") && text.contains("plus input 3 fails"))
        #expect(!text.contains("valid tests") && report.text(showOutputs: true).contains("valid tests"))
        let json = report.json
        #expect(json["outputs"] == 3 && json["correct"] == 1 && json["claims_confirmed"] == 1)
        #expect(json["valid_tests"] == 3 && json["total_tests"] == 5)
        #expect(json["plus"]?["official_pass_plus_fail"] == 1)
        #expect(json["disagreements"]?.arrayValue?.first?["reason"] == "assert f(1) == 2")
        #expect(json["lines"]?.arrayValue?.count == 3)
    }
}
