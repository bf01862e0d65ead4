import Recorder

/// `align costs` as a person reads it: a table of groups and a total, then what was spent, saved and left unpriced.
struct CostsText {
    let report: CostReport
    let pricesFile: String?

    var rendered: String {
        var lines = [header, "", table.rendered, ""]
        let total = report.total
        lines.append("spent live:        $\(total.spent.formatted(decimals: 6)) on \(total.liveCalls) call(s)")
        lines.append("served from cache: \(total.cacheCalls) call(s), which would have cost "
                     + "$\(total.saved.formatted(decimals: 6))")
        if let model = report.reprice {
            lines.append("at \(model)'s prices: spent $\((total.repricedSpent ?? .zero).formatted(decimals: 6)), "
                         + "saved $\((total.repricedSaved ?? .zero).formatted(decimals: 6))"
                         + (total.repricedUnpriced > 0 ? " (\(total.repricedUnpriced) call(s) unpriced)" : ""))
        }
        lines.append(tokens("tokens live", total.liveTokens))
        if total.cacheCalls > 0 { lines.append(tokens("tokens from cache", total.cacheTokens)) }
        let unpriced = report.unpricedCalls
        if unpriced.isEmpty {
            lines.append("unpriced: none")
        } else {
            lines.append("unpriced: \(unpriced.count) call(s), not counted in any sum:")
            var reasons: [String: Int] = [:]
            for entry in unpriced { reasons[entry.reason, default: 0] += 1 }
            for (reason, count) in reasons.sorted(by: { $0.key < $1.key }) { lines.append("  \(count) × \(reason)") }
        }
        return lines.joined(separator: "\n")
    }

    var header: String {
        let version = report.priceTableVersion
        let short = String(version.prefix(7 + 12))
        return "costs of \(report.scope) · price table \(short) (" + (pricesFile.map { "built-in + \($0)" } ?? "built-in")
            + ") · each call at the price in force on the day it was recorded"
    }

    var table: Table {
        var table = Table(header: report.dimensions.map(\.rawValue) + [
            "live", "from cache", "in", "cache read", "cache write", "out", "spent $", "saved $", "unpriced",
        ] + (report.reprice.map { ["spent $ at \($0)", "saved $ at \($0)"] } ?? []))
        func cells(_ values: [String], _ summary: CostSummary) -> [String] {
            let tokens = summary.tokens
            var row = values + [summary.liveCalls, summary.cacheCalls, tokens.uncachedInput, tokens.cachedInput,
                                tokens.cacheWrite, tokens.output].map(String.init)
            row += [summary.spent.formatted(decimals: 6), summary.saved.formatted(decimals: 6),
                    String(summary.unpriced)]
            if report.reprice != nil {
                row += [(summary.repricedSpent ?? .zero).formatted(decimals: 6),
                        (summary.repricedSaved ?? .zero).formatted(decimals: 6)]
            }
            return row
        }
        for group in report.groups { table.rows.append(cells(group.values, group.summary)) }
        table.rows.append(cells(["total"] + Array(repeating: "", count: max(0, report.dimensions.count - 1)),
                                report.total))
        return table
    }

    func tokens(_ label: String, _ totals: TokenTotals) -> String {
        "\(label): input \(totals.input) (uncached \(totals.uncachedInput), cache read \(totals.cachedInput), "
            + "cache write \(totals.cacheWrite)), output \(totals.output) (reasoning \(totals.reasoning))"
    }
}
