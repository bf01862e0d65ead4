/// `align eval`'s text: a table of measures and rates, and a table for each kind of output worth a look.
extension EvaluationReport {
    /// The report as `align eval` prints it: the rates, then the outputs of each kind worth a look.
    /// - Parameter showOutputs: also list every output.
    public func text(showOutputs: Bool) -> String {
        let correct = withCode.count { $0.correct == true }
        let correctPlus = withPlus.count { $0.correctPlus == true }
        var table = TextTable("measure", "count", "rate")
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
            table.add("  official pass, EvalPlus fail", "\(officialPassPlusFail.count)", "")
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
            let (valid, total) = validTests
            let allValid = withTests.count { $0.validTests == $0.totalTests }
            table.add("tests valid (pass on reference)", "\(valid)/\(total)", RunSummary.percent(valid, of: total))
            table.add("outputs whose tests are all valid", "\(allValid)/\(withTests.count)", RunSummary.percent(allValid, of: withTests.count))
        }
        if !timingSensitive.isEmpty { table.add("timing-sensitive verdicts", "\(timingSensitive.count)", "") }
        var sections = [table.rendered]
        func list(_ title: String, _ outputs: [ScoredOutput], _ detail: (ScoredOutput) -> String) {
            guard !outputs.isEmpty else { return }
            var rows = TextTable("line", "task", "claimed", "measured")
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
        list("official tests pass, EvalPlus inputs fail:", officialPassPlusFail) { String(($0.plusFailure ?? "fails").prefix(140)) }
        list("timing-sensitive verdicts:", timingSensitive) { output in
            "correct \(output.correct == true ? "yes" : "no")" + (output.correctPlus.map { ", EvalPlus \($0 ? "yes" : "no")" } ?? "")
        }
        if showOutputs {
            var lines = TextTable("line", "task", "correct", "EvalPlus", "claimed", "valid tests")
            for output in scored {
                lines.add("\(output.line)", output.taskID, output.correct.map { $0 ? "yes" : "no" } ?? "–",
                          output.correctPlus.map { $0 ? "yes" : "no" } ?? "–",
                          output.claimedCorrect.map { $0 ? "yes" : "no" } ?? "–", "\(output.validTests)/\(output.totalTests)")
            }
            sections.append(lines.rendered)
        }
        return sections.joined(separator: "\n\n") + "\n"
    }
}
