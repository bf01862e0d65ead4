import Engine
import Recorder

/// What `align eval` prints: the rates (official tests and EvalPlus's side by side), the programs that could not
/// run, and every claim the measurement contradicts, with the measured reason.
struct EvalReport {
    let scored: [ScoredOutput]
    let withCode: [ScoredOutput]
    let withPlus: [ScoredOutput]
    let claimed: [ScoredOutput]
    let withTests: [ScoredOutput]

    init(_ scored: [ScoredOutput]) {
        self.scored = scored
        withCode = scored.filter { $0.correct != nil }
        withPlus = withCode.filter { $0.correctPlus != nil }
        claimed = withCode.filter { $0.claimedCorrect != nil }
        withTests = scored.filter { $0.totalTests > 0 }
    }

    var empty: [ScoredOutput] { scored.filter { $0.program == .empty } }
    var unparsable: [ScoredOutput] { scored.filter { if case .unparsable = $0.program { return true } else { return false } } }
    var disagreements: [ScoredOutput] { claimed.filter(\.disagrees) }
    var timingSensitive: [ScoredOutput] { scored.filter(\.timingSensitive) }

    func text(showOutputs: Bool) -> String {
        let correct = withCode.count { $0.correct == true }
        let correctPlus = withPlus.count { $0.correctPlus == true }
        var table = Table("measure", "count", "rate")
        table.add("outputs", "\(scored.count)", "")
        if !withCode.isEmpty {
            table.add("code correct (official hidden tests pass)", "\(correct)/\(withCode.count)", RunSummary.percent(correct, of: withCode.count))
        }
        if !withPlus.isEmpty {
            let officialOnPlus = withPlus.count { $0.correct == true }
            if withPlus.count != withCode.count {
                table.add("  … on the tasks with EvalPlus inputs", "\(officialOnPlus)/\(withPlus.count)", RunSummary.percent(officialOnPlus, of: withPlus.count))
            }
            table.add("code correct under EvalPlus (base + plus inputs)", "\(correctPlus)/\(withPlus.count)", RunSummary.percent(correctPlus, of: withPlus.count))
            let caught = withPlus.count { $0.correct == true && $0.correctPlus == false }
            table.add("  official pass, EvalPlus fail", "\(caught)", "")
        }
        table.add("empty programs", "\(empty.count)", "")
        table.add("programs that do not parse", "\(unparsable.count)", "")
        if !claimed.isEmpty {
            let held = claimed.count - disagreements.count
            table.add("claims confirmed (is_solved / passed)", "\(held)/\(claimed.count)", RunSummary.percent(held, of: claimed.count))
            if !withPlus.isEmpty {
                let plusClaimed = claimed.filter { $0.correctPlus != nil }
                let plusHeld = plusClaimed.count { $0.claimedCorrect == $0.correctPlus }
                table.add("  … held under EvalPlus", "\(plusHeld)/\(plusClaimed.count)", RunSummary.percent(plusHeld, of: plusClaimed.count))
            }
        }
        if !withTests.isEmpty {
            let valid = withTests.reduce(0) { $0 + $1.validTests }, total = withTests.reduce(0) { $0 + $1.totalTests }
            let allValid = withTests.count { $0.validTests == $0.totalTests }
            table.add("tests valid (pass on reference)", "\(valid)/\(total)", RunSummary.percent(valid, of: total))
            table.add("outputs whose tests are all valid", "\(allValid)/\(withTests.count)", RunSummary.percent(allValid, of: withTests.count))
        }
        if !timingSensitive.isEmpty { table.add("timing-sensitive verdicts", "\(timingSensitive.count)", "") }
        var sections = [table.rendered]
        func list(_ title: String, _ outputs: [ScoredOutput], _ detail: (ScoredOutput) -> String) {
            guard !outputs.isEmpty else { return }
            var rows = Table("line", "task", "claimed", "measured")
            for output in outputs {
                rows.add("\(output.line)", output.taskID, output.claimedCorrect.map { $0 ? "solved" : "unsolved" } ?? "–", detail(output))
            }
            sections.append(title + "\n" + rows.rendered)
        }
        list("empty programs:", empty) { _ in "empty" }
        list("programs that do not parse:", unparsable) { output in
            if case .unparsable(let message) = output.program { return String(message.prefix(100)) }
            return ""
        }
        list("claims the measurement contradicts:", disagreements) { output in
            output.correct == true ? "passes the hidden tests" : String((output.failure ?? "fails").prefix(140))
        }
        let plusOnly = withPlus.filter { $0.correct == true && $0.correctPlus == false }
        list("official tests pass, EvalPlus inputs fail:", plusOnly) { String(($0.plusFailure ?? "fails").prefix(140)) }
        list("timing-sensitive verdicts:", timingSensitive) { output in
            "correct \(output.correct == true ? "yes" : "no")" + (output.correctPlus.map { ", EvalPlus \($0 ? "yes" : "no")" } ?? "")
        }
        if showOutputs {
            var lines = Table("line", "task", "correct", "EvalPlus", "claimed", "valid tests")
            for output in scored {
                lines.add("\(output.line)", output.taskID, output.correct.map { $0 ? "yes" : "no" } ?? "–",
                          output.correctPlus.map { $0 ? "yes" : "no" } ?? "–",
                          output.claimedCorrect.map { $0 ? "yes" : "no" } ?? "–", "\(output.validTests)/\(output.totalTests)")
            }
            sections.append(lines.rendered)
        }
        return sections.joined(separator: "\n\n") + "\n"
    }

    var json: JSONValue {
        func number(_ value: Int) -> JSONValue { .number(Double(value)) }
        func ids(_ outputs: [ScoredOutput]) -> JSONValue {
            .array(outputs.map { ["task": .string($0.taskID), "line": number($0.line)] })
        }
        let valid = withTests.reduce(0) { $0 + $1.validTests }, total = withTests.reduce(0) { $0 + $1.totalTests }
        var members: [String: JSONValue] = [
            "outputs": number(scored.count), "with_code": number(withCode.count),
            "correct": number(withCode.count { $0.correct == true }),
            "claims": number(claimed.count), "claims_confirmed": number(claimed.count - disagreements.count),
            "with_tests": number(withTests.count), "valid_tests": number(valid), "total_tests": number(total),
            "all_tests_valid": number(withTests.count { $0.validTests == $0.totalTests }),
            "empty": ids(empty), "unparsable": ids(unparsable), "timing_sensitive": ids(timingSensitive),
            "disagreements": .array(disagreements.map { output in
                ["task": .string(output.taskID), "line": number(output.line), "claimed_correct": .bool(output.claimedCorrect ?? false),
                 "correct": .bool(output.correct ?? false), "reason": output.failure.map(JSONValue.string) ?? .null]
            }),
            "lines": .array(scored.map { output in
                ["task": .string(output.taskID), "line": number(output.line),
                 "correct": output.correct.map(JSONValue.bool) ?? .null,
                 "correct_plus": output.correctPlus.map(JSONValue.bool) ?? .null,
                 "failure": output.failure.map(JSONValue.string) ?? .null,
                 "plus_failure": output.plusFailure.map(JSONValue.string) ?? .null,
                 "valid_tests": number(output.validTests), "total_tests": number(output.totalTests),
                 "claimed_correct": output.claimedCorrect.map(JSONValue.bool) ?? .null]
            }),
        ]
        if !withPlus.isEmpty {
            members["plus"] = ["with_code": number(withPlus.count), "correct": number(withPlus.count { $0.correctPlus == true }),
                               "official_pass_plus_fail": number(withPlus.count { $0.correct == true && $0.correctPlus == false })]
        }
        return .object(members)
    }
}
