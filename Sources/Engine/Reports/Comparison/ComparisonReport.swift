import Foundation
import Recorder

/// Runs side by side on the same tasks (`align compare`): one `ComparisonRow` per run, the baseline the others are
/// tested against, and the repeats grouped. Rendered as text, JSON and CSV (ComparisonReport+Render.swift).
public struct ComparisonReport: Sendable {
    /// The rows, in the order the runs were given (a sweep's cells in grid order).
    public var rows: [ComparisonRow]
    /// The baseline's run id (nil when there is none: then no paired tests).
    public var baselineRunID: String?
    /// The model whose prices `costAtPrices` uses, when named.
    public var priceModel: String?
    /// Configurations run more than once (`--repeat`).
    public var repeatGroups: [RepeatGroup]

    /// Compares stored runs (read with their events). The baseline is `baseline` (a run id among `runs`) or else the
    /// first `direct` run, if any.
    /// - Throws: `RunConfigurationError` when `baseline` is not among the runs, or a run cannot be read.
    public static func build(_ runs: [StoredRun], in store: any InteractionStore & RunStore, baseline: String? = nil,
                             priceModel: String? = nil, table: PriceTable = .builtIn) async throws -> ComparisonReport
    {
        var rows: [ComparisonRow] = []
        for run in runs {
            let report = try RunReport(stored: run)
            let costs = try await CostReport.run(run.runID, in: store, table: table, reprice: priceModel).total
            rows.append(row(run.runID, report, costs: costs, priceModel: priceModel))
        }
        let baselineID = baseline ?? rows.first { $0.report.configuration.loop.strategy == .direct }?.runID
        if let baselineID {
            guard let base = rows.first(where: { $0.runID == baselineID }) else {
                throw RunConfigurationError("the baseline \(baselineID) is not among the runs compared")
            }
            for index in rows.indices where rows[index].runID != baselineID {
                compare(&rows[index], with: base)
            }
        }
        return ComparisonReport(rows: rows, baselineRunID: baselineID, priceModel: priceModel,
                                repeatGroups: groups(rows))
    }

    static func row(_ runID: String, _ report: RunReport, costs: CostSummary, priceModel: String?) -> ComparisonRow {
        let summary = report.summary
        let strategy = report.configuration.loop.strategy
        let n = summary.tasks
        let callCost = costs.unpriced == 0 ? costs.spent + costs.saved : nil
        var costAtPrices: Money?
        if priceModel != nil, let spent = costs.repricedSpent, let saved = costs.repricedSaved {
            costAtPrices = spent + saved
        }
        var row = ComparisonRow(
            runID: runID, label: label(report.configuration), report: report,
            aligned: strategy.usesTests ? Rate(summary.aligned, of: n) : nil, correct: Rate(summary.correct, of: n),
            falseAlignment: strategy.usesTests ? Rate(summary.falseAlignment, of: n) : nil,
            falseAlignmentOfAligned: strategy.usesTests ? Rate(summary.falseAlignment, of: summary.aligned) : nil,
            testValidity: strategy.usesTests ? Rate(summary.validTests, of: summary.totalTests) : nil,
            meanTries: n == 0 ? 0 : Double(summary.tries) / Double(n), passAtK: summary.passAtK,
            modelCalls: summary.modelCalls, inputTokens: summary.inputTokens, outputTokens: summary.outputTokens,
            spent: costs.unpricedLive == 0 ? costs.spent : nil, callCost: callCost, costAtPrices: costAtPrices)
        if let correctPlus = summary.correctPlus {
            row.correctPlus = Rate(correctPlus, of: summary.plusTasks)
            let alignedWithPlus = report.results.count { $0.correctPlus != nil && $0.aligned }
            if strategy.usesTests, let wrong = summary.falseAlignmentPlus { row.falseAlignmentPlusOfAligned = Rate(wrong, of: alignedWithPlus) }
        }
        if let cost = row.comparedCost, summary.correct > 0 {
            row.costPerCorrect = Money(picodollars: cost.picodollars / Int64(summary.correct))
        }
        return row
    }

    /// The paired test on the tasks both runs have, the correct tasks gained, and the marginal cost of each.
    static func compare(_ row: inout ComparisonRow, with base: ComparisonRow) {
        let baseByTask = Dictionary(base.report.results.map { ($0.taskID, $0.correct) }) { first, _ in first }
        let pairs = row.report.results.compactMap { result in
            baseByTask[result.taskID].map { (baseline: $0, other: result.correct) }
        }
        let test = McNemar(pairs: pairs)
        row.versusBaseline = test
        row.correctGained = test.otherOnly - test.baselineOnly
        if let gained = row.correctGained, gained > 0, let cost = row.comparedCost, let baseCost = base.comparedCost {
            row.marginalCostPerCorrectGained = Money(picodollars: (cost - baseCost).picodollars / Int64(gained))
        }
    }

    /// A run's label: its sweep cell, else its strategy and the levels it sets.
    public static func label(_ configuration: RunConfiguration) -> String {
        var label = configuration.cell ?? levels(configuration)
        if let repeatIndex = configuration.repeatIndex { label += " #\(repeatIndex)" }
        return label
    }

    /// `strategy=self-align tests=3 tries=5 judge=off` — the levels a configuration sets, for its strategy.
    public static func levels(_ configuration: RunConfiguration) -> String {
        let loop = configuration.loop
        var parts = ["strategy=\(loop.strategy.rawValue)"]
        if loop.strategy.usesTests { parts.append("tests=\(loop.tests.map(String.init) ?? "min \(loop.minTests)")") }
        if loop.strategy.usesTries { parts += ["tries=\(loop.tries)", "judge=\(loop.judge ? "on" : "off")"] }
        if loop.strategy.usesSamples { parts.append("samples=\(loop.samples)") }
        if loop.strategy == .codet { parts.append("test-samples=\(loop.testSamples)") }
        return parts.joined(separator: " ")
    }

    static func groups(_ rows: [ComparisonRow]) -> [RepeatGroup] {
        var order: [String] = []
        var byConfiguration: [String: [ComparisonRow]] = [:]
        for row in rows where row.report.configuration.repeatIndex != nil {
            var configuration = row.report.configuration
            configuration.repeatIndex = nil
            configuration.jobs = 1
            let key = configuration.json.canonicalString
            if byConfiguration[key] == nil { order.append(key) }
            byConfiguration[key, default: []].append(row)
        }
        return order.compactMap { key in
            let members = byConfiguration[key]!
            guard members.count > 1, let correct = Spread(members.compactMap(\.correct.value)) else { return nil }
            var configuration = members[0].report.configuration
            configuration.repeatIndex = nil
            return RepeatGroup(label: label(configuration), runIDs: members.map(\.runID), correct: correct,
                               aligned: Spread(members.compactMap { $0.aligned?.value }))
        }
    }
}
