import Engine
import Foundation
import Recorder

/// The results of a run as a table and as JSON: the same for a run, `align show` and a replay.
enum ResultsReport {
    /// The results table: configuration line, rates, and the by-try table.
    static func text(setup: RunSetup, summary: RunSummary, results: [TaskResult], showTasks: Bool) -> String {
        let loop = setup.loop
        var lines: [String] = []
        let provider = setup.provider == "log" ? "log (\(setup.logPath.map { ($0 as NSString).lastPathComponent } ?? "?"))" : setup.provider
        lines.append("\(summary.strategy) · \(provider) · \(loop.settings.model) · \(summary.tasks) tasks · "
            + (loop.strategy == .selfAlign ? "tries \(loop.tries) · min tests \(loop.minTests) · judge \(loop.judge ? "on" : "off") · " : "")
            + "format check \(loop.formatCheck.rawValue)")
        lines.append("")
        var table = Table("measure", "tasks", "rate")
        let n = summary.tasks
        if loop.strategy == .selfAlign {
            table.add("aligned (own tests pass)", "\(summary.aligned)", RunSummary.percent(summary.aligned, of: n))
        }
        table.add("correct (hidden tests pass)", "\(summary.correct)", RunSummary.percent(summary.correct, of: n))
        if let correctPlus = summary.correctPlus {
            table.add("correct under EvalPlus (base + plus inputs)", "\(correctPlus)", RunSummary.percent(correctPlus, of: summary.plusTasks))
        }
        if loop.strategy == .selfAlign {
            table.add("false alignment (aligned, not correct)", "\(summary.falseAlignment)",
                      RunSummary.percent(summary.falseAlignment, of: n))
            table.add("  … of aligned tasks", "\(summary.falseAlignment)", RunSummary.percent(summary.falseAlignment, of: summary.aligned))
            if let falsePlus = summary.falseAlignmentPlus {
                let alignedWithPlus = results.count { $0.correctPlus != nil && $0.aligned }
                table.add("false alignment under EvalPlus", "\(falsePlus)", RunSummary.percent(falsePlus, of: summary.plusTasks))
                table.add("  … of aligned tasks", "\(falsePlus)", RunSummary.percent(falsePlus, of: alignedWithPlus))
            }
            table.add("test validity (own tests pass on reference)", "\(summary.validTests)/\(summary.totalTests) tests",
                      RunSummary.percent(summary.validTests, of: summary.totalTests))
            table.add("tasks whose tests are all valid", "\(summary.tasksWithAllTestsValid)",
                      RunSummary.percent(summary.tasksWithAllTestsValid, of: summary.tasksWithTests))
        }
        if summary.timingSensitive > 0 {
            table.add("tasks with a timing-sensitive verdict", "\(summary.timingSensitive)", RunSummary.percent(summary.timingSensitive, of: n))
        }
        if summary.errors > 0 { table.add("tasks not run to the end (errors)", "\(summary.errors)", RunSummary.percent(summary.errors, of: n)) }
        table.add("tries (mean)", String(format: "%.2f", n == 0 ? 0 : Double(summary.tries) / Double(n)), "")
        table.add("model calls", "\(summary.modelCalls)", "")
        table.add("tokens in / out", "\(summary.inputTokens) / \(summary.outputTokens)", "")
        lines.append(table.rendered)
        if loop.strategy == .selfAlign {
            lines.append("")
            var byTry = Table(["after try"] + summary.alignedByTry.indices.map { "\($0 + 1)" })
            byTry.rows.append(["aligned"] + summary.alignedByTry.map { "\($0) " + RunSummary.percent($0, of: n) })
            byTry.rows.append(["correct"] + summary.correctByTry.map { "\($0) " + RunSummary.percent($0, of: n) })
            if let plusByTry = summary.correctPlusByTry {
                byTry.rows.append(["correct+"] + plusByTry.map { "\($0) " + RunSummary.percent($0, of: summary.plusTasks) })
            }
            lines.append(byTry.rendered)
        }
        if showTasks {
            lines.append("")
            var tasks = Table("task", "aligned", "correct", "correct+", "tries", "valid tests", "tokens", "error")
            for result in results {
                tasks.add(result.taskID, result.aligned ? "yes@\(result.alignedAtTry ?? 0)" : "no", result.correct ? "yes" : "no",
                          result.correctPlus.map { $0 ? "yes" : "no" } ?? "–",
                          "\(result.tries)", "\(result.validTests)/\(result.totalTests)",
                          "\(result.inputTokens + result.outputTokens)", result.error.map { String($0.prefix(60)) } ?? "")
            }
            lines.append(tasks.rendered)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The results as JSON: configuration, summary and every task. No run id or time, so equal runs print equal bytes.
    static func json(setup: RunSetup, summary: RunSummary, results: [TaskResult]) -> JSONValue {
        ["configuration": setup.json, "summary": summary.json, "tasks": .array(results.map(\.json))]
    }
}

extension ResultsReport {
    /// One line on money: spent live, served from the cache (and what that would have cost), unpriced calls.
    static func costLine(_ costs: CostSummary) -> String {
        var line = "cost: $\(costs.spent.formatted(decimals: 6)) spent on \(costs.liveCalls) live calls · "
            + "\(costs.cacheCalls) calls from the cache, which would have cost $\(costs.saved.formatted(decimals: 6))"
        if costs.unpriced > 0 {
            line += " · \(costs.unpriced) calls unpriced (model not in the price table; see `align costs RUN --reprice MODEL`)"
        }
        return line
    }

    /// The same as JSON (amounts as exact decimal strings).
    static func costJSON(_ costs: CostSummary) -> JSONValue {
        ["spent_usd": .string(costs.spent.formatted(decimals: 12)), "saved_usd": .string(costs.saved.formatted(decimals: 12)),
         "live_calls": .number(Double(costs.liveCalls)), "cache_calls": .number(Double(costs.cacheCalls)),
         "unpriced_calls": .number(Double(costs.unpriced))]
    }
}

extension Table {
    init(_ header: [String]) {
        self.header = header
    }
}
