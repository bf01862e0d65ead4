import Foundation
import Recorder

extension RunReport {
    /// The results table: configuration line, rates, the by-try table, pass@k where programs were sampled, and
    /// with `showTasks` every task. The same for a run, `align show` and a replay.
    public func text(showTasks: Bool = false) -> String {
        let loop = configuration.loop
        let strategy = loop.strategy
        var lines: [String] = []
        let provider = configuration.provider == .log
            ? "log (\(configuration.logPath.map { ($0 as NSString).lastPathComponent } ?? "?"))"
            : configuration.provider.rawValue
        var settings = ""
        if strategy.usesTries {
            settings = "tries \(loop.tries) · min tests \(loop.minTests) · judge \(loop.judge ? "on" : "off") · "
        }
        if strategy.usesSamples { settings += "samples \(loop.samples) · " }
        if strategy == .codet { settings += "test samples \(loop.testSamples) · " }
        if let tests = loop.tests { settings += "tests \(tests) · " }
        if let repeatIndex = configuration.repeatIndex { settings += "repeat \(repeatIndex) · " }
        lines.append("\(summary.strategy) · \(provider) · \(loop.settings.model) · \(summary.tasks) tasks · "
            + settings + "format check \(loop.formatCheck.rawValue)")
        lines.append("")
        var table = TextTable("measure", "tasks", "rate")
        let n = summary.tasks
        let hasTests = strategy.usesTests
        if hasTests {
            table.add("aligned (own tests pass)", "\(summary.aligned)", RunSummary.percent(summary.aligned, of: n))
        }
        table.add("correct (hidden tests pass)", "\(summary.correct)", RunSummary.percent(summary.correct, of: n))
        if hasTests {
            table.add("false alignment (aligned, not correct)", "\(summary.falseAlignment)",
                      RunSummary.percent(summary.falseAlignment, of: n))
            table.add("  … of aligned tasks", "\(summary.falseAlignment)", RunSummary.percent(summary.falseAlignment, of: summary.aligned))
            table.add("test validity (own tests pass on reference)", "\(summary.validTests)/\(summary.totalTests) tests",
                      RunSummary.percent(summary.validTests, of: summary.totalTests))
            table.add("tasks whose tests are all valid", "\(summary.tasksWithAllTestsValid)",
                      RunSummary.percent(summary.tasksWithAllTestsValid, of: summary.tasksWithTests))
        }
        for k in summary.passAtK.keys.sorted() {
            table.add("pass@\(k) (unbiased, \(loop.samples) samples)", "", String(format: "%.1f%%", summary.passAtK[k]! * 100))
        }
        if summary.errors > 0 { table.add("tasks not run to the end (errors)", "\(summary.errors)", RunSummary.percent(summary.errors, of: n)) }
        table.add("tries (mean)", String(format: "%.2f", n == 0 ? 0 : Double(summary.tries) / Double(n)), "")
        table.add("model calls", "\(summary.modelCalls)", "")
        table.add("tokens in / out", "\(summary.inputTokens) / \(summary.outputTokens)", "")
        lines.append(table.rendered)
        if strategy.usesTries {
            lines.append("")
            var byTry = TextTable(header: ["after try"] + summary.alignedByTry.indices.map { "\($0 + 1)" })
            byTry.rows.append(["aligned"] + summary.alignedByTry.map { "\($0) " + RunSummary.percent($0, of: n) })
            byTry.rows.append(["correct"] + summary.correctByTry.map { "\($0) " + RunSummary.percent($0, of: n) })
            lines.append(byTry.rendered)
        }
        if showTasks {
            lines.append("")
            var tasks = TextTable("task", "aligned", "correct", "tries", "valid tests", "tokens", "error")
            for result in results {
                tasks.add(result.taskID, result.aligned ? "yes@\(result.alignedAtTry ?? 0)" : "no", result.correct ? "yes" : "no",
                          "\(result.tries)", "\(result.validTests)/\(result.totalTests)",
                          "\(result.inputTokens + result.outputTokens)", result.error.map { String($0.prefix(60)) } ?? "")
            }
            lines.append(tasks.rendered)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The header line of a stored run: id, created, status, finished, events.
    public var storedLine: String? {
        stored.map { stored in
            "run \(stored.runID) · created \(stored.createdAt) · \(stored.status)"
                + (stored.finishedAt.map { " \($0)" } ?? "") + " · \(stored.eventCount) events"
        }
    }

    /// One line on money: spent live, served from the cache (and what that would have cost), unpriced calls.
    public static func costLine(_ costs: CostSummary) -> String {
        var line = "cost: $\(costs.spent.formatted(decimals: 6)) spent on \(costs.liveCalls) live calls · "
            + "\(costs.cacheCalls) calls from the cache, which would have cost $\(costs.saved.formatted(decimals: 6))"
        if costs.unpriced > 0 {
            line += " · \(costs.unpriced) calls unpriced (model not in the price table; see `align costs RUN --reprice MODEL`)"
        }
        return line
    }
}
