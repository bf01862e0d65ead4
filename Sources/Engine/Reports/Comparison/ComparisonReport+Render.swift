import Foundation
import Recorder

extension ComparisonReport {
    /// The comparison as a table: a row per run, rates with 95% Wilson intervals, costs, and against the baseline
    /// the correct tasks gained with the exact McNemar p-value; then the repeat groups.
    public func text() -> String {
        // EvalPlus columns only where some run has EvalPlus inputs, so other comparisons print as before.
        let plus = rows.contains { $0.correctPlus != nil }
        var headers = ["run", "cell", "tasks", "aligned [95% CI]", "correct [95% CI]", "false align."]
        if plus { headers += ["correct+ [95% CI]", "false align.+ (of aligned)"] }
        headers += ["test validity", "tries", "pass@1", "tokens", "cost", "$/correct", "vs baseline", "$/gained"]
        var table = TextTable(header: headers)
        for row in rows {
            let versus: String
            if row.runID == baselineRunID {
                versus = "baseline"
            } else if let test = row.versusBaseline, let gained = row.correctGained {
                versus = (gained > 0 ? "+" : "") + "\(gained) (p\(Self.pValue(test.pValue)))"
            } else {
                versus = ""
            }
            var cells = [row.runID, row.label, "\(row.correct.total)", row.aligned.map(Self.rate) ?? "–",
                         Self.rate(row.correct), row.falseAlignment.map { "\($0.count) " + Self.percent($0.value) } ?? "–"]
            if plus {
                cells += [row.correctPlus.map(Self.rate) ?? "–",
                          row.falseAlignmentPlusOfAligned.map { "\($0.count) " + Self.percent($0.value) } ?? "–"]
            }
            cells += [row.testValidity.map { Self.percent($0.value) } ?? "–", String(format: "%.2f", row.meanTries),
                      row.passAtK[1].map { String(format: "%.1f%%", $0 * 100) } ?? "–",
                      "\(row.inputTokens + row.outputTokens)", row.comparedCost.map(Self.dollars) ?? "–",
                      row.costPerCorrect.map(Self.dollars) ?? "–", versus,
                      row.marginalCostPerCorrectGained.map(Self.dollars) ?? "–"]
            table.rows.append(cells)
        }
        var lines = [table.rendered]
        lines.append("")
        lines.append("cost: all calls of a run (live or from the cache) at "
            + (priceModel.map { "\($0)'s prices" } ?? "their own model's prices (– where unpriced: name a model with --prices-of)")
            + "; vs baseline: correct tasks gained on the same tasks, exact McNemar p (two-sided)")
        if !repeatGroups.isEmpty {
            lines.append("")
            var repeats = TextTable("repeated configuration", "repeats", "correct mean ± sd", "aligned mean ± sd")
            for group in repeatGroups {
                repeats.add(group.label, "\(group.runIDs.count)", Self.spread(group.correct),
                            group.aligned.map(Self.spread) ?? "–")
            }
            lines.append(repeats.rendered)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The comparison as JSON: `baseline`, `price_model`, `rows` (rates as {count, total, rate, low, high}, money as
    /// exact decimal strings), `repeats`.
    public var json: JSONValue {
        func rate(_ rate: Rate?) -> JSONValue {
            guard let rate else { return .null }
            let interval = rate.interval
            return ["count": .number(Double(rate.count)), "total": .number(Double(rate.total)),
                    "rate": rate.value.map(JSONValue.number) ?? .null,
                    "low": interval.map { .number($0.low) } ?? .null, "high": interval.map { .number($0.high) } ?? .null]
        }
        func money(_ value: Money?) -> JSONValue { value.map { .string($0.formatted(decimals: 12)) } ?? .null }
        let rows: [JSONValue] = rows.map { row in
            var members: [String: JSONValue] = [
                "run": .string(row.runID), "label": .string(row.label), "configuration": row.report.configuration.json,
                "tasks": .number(Double(row.correct.total)), "aligned": rate(row.aligned), "correct": rate(row.correct),
                "false_alignment": rate(row.falseAlignment), "false_alignment_of_aligned": rate(row.falseAlignmentOfAligned),
                "test_validity": rate(row.testValidity), "tries_mean": .number(row.meanTries),
                "correct_plus": rate(row.correctPlus), "false_alignment_plus_of_aligned": rate(row.falseAlignmentPlusOfAligned),
                "pass_at_k": .object(Dictionary(uniqueKeysWithValues: row.passAtK.map { ("\($0.key)", .number($0.value)) })),
                "model_calls": .number(Double(row.modelCalls)),
                "tokens": ["input": .number(Double(row.inputTokens)), "output": .number(Double(row.outputTokens))],
                "spent_usd": money(row.spent), "cost_usd": money(row.callCost), "cost_at_prices_usd": money(row.costAtPrices),
                "cost_per_correct_usd": money(row.costPerCorrect),
                "marginal_cost_per_correct_gained_usd": money(row.marginalCostPerCorrectGained),
                "correct_gained": row.correctGained.map { .number(Double($0)) } ?? .null,
            ]
            if let test = row.versusBaseline {
                members["mcnemar"] = ["pairs": .number(Double(test.pairs)), "baseline_only": .number(Double(test.baselineOnly)),
                                      "other_only": .number(Double(test.otherOnly)), "p_value": .number(test.pValue)]
            } else {
                members["mcnemar"] = .null
            }
            return .object(members)
        }
        let repeats: [JSONValue] = repeatGroups.map { group in
            func spread(_ spread: Spread?) -> JSONValue {
                guard let spread else { return .null }
                return ["n": .number(Double(spread.count)), "mean": .number(spread.mean), "sd": .number(spread.standardDeviation)]
            }
            return ["label": .string(group.label), "runs": .array(group.runIDs.map(JSONValue.string)),
                    "correct": spread(group.correct), "aligned": spread(group.aligned)]
        }
        return ["baseline": baselineRunID.map(JSONValue.string) ?? .null,
                "price_model": priceModel.map(JSONValue.string) ?? .null,
                "rows": .array(rows), "repeats": .array(repeats)]
    }

    /// The rows as CSV (RFC 4180): one line per run, rates as count, total, rate, low, high.
    public func csv() -> String {
        var header = ["run", "label", "strategy", "tasks"]
        func rateColumns(_ name: String) -> [String] {
            [name, "\(name)_total", "\(name)_rate", "\(name)_low", "\(name)_high"]
        }
        for name in ["aligned", "correct", "false_alignment", "test_validity"] { header += rateColumns(name) }
        header += ["tries_mean", "pass_at_1", "pass_at_5", "pass_at_10", "model_calls", "input_tokens", "output_tokens",
                   "spent_usd", "cost_usd", "cost_at_prices_usd", "cost_per_correct_usd", "correct_gained",
                   "mcnemar_p", "marginal_cost_per_correct_gained_usd"]
        // EvalPlus columns last, so the earlier columns keep their places.
        header += rateColumns("correct_plus") + rateColumns("false_alignment_plus_of_aligned")
        var lines = [header.joined(separator: ",")]
        func number(_ value: Double?) -> String { value.map { String(format: "%.6f", $0) } ?? "" }
        func money(_ value: Money?) -> String { value.map { $0.formatted(decimals: 12) } ?? "" }
        func rateCells(_ rate: Rate?) -> [String] {
            guard let rate else { return ["", "", "", "", ""] }
            return ["\(rate.count)", "\(rate.total)", number(rate.value), number(rate.interval?.low),
                    number(rate.interval?.high)]
        }
        for row in rows {
            var cells = [row.runID, row.label, row.report.configuration.loop.strategy.rawValue, "\(row.correct.total)"]
            for rate in [row.aligned, row.correct, row.falseAlignment, row.testValidity] { cells += rateCells(rate) }
            cells += [number(row.meanTries), number(row.passAtK[1]), number(row.passAtK[5]), number(row.passAtK[10]),
                      "\(row.modelCalls)", "\(row.inputTokens)", "\(row.outputTokens)", money(row.spent),
                      money(row.callCost), money(row.costAtPrices), money(row.costPerCorrect),
                      row.correctGained.map(String.init) ?? "", number(row.versusBaseline?.pValue),
                      money(row.marginalCostPerCorrectGained)]
            cells += rateCells(row.correctPlus) + rateCells(row.falseAlignmentPlusOfAligned)
            lines.append(cells.map(Self.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func csvField(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "–" }

    /// `7/10 70.0% [39.7, 89.2]`.
    static func rate(_ rate: Rate) -> String {
        guard let interval = rate.interval else { return "\(rate.count)/\(rate.total)" }
        return "\(rate.count) " + percent(rate.value)
            + String(format: " [%.1f, %.1f]", interval.low * 100, interval.high * 100)
    }

    package static func pValue(_ p: Double) -> String { p < 0.001 ? "<0.001" : "=" + String(format: "%.3f", p) }

    package static func dollars(_ money: Money) -> String { "$" + money.formatted(decimals: 4) }

    static func spread(_ spread: Spread) -> String {
        String(format: "%.1f%% ± %.1f", spread.mean * 100, spread.standardDeviation * 100)
    }
}
