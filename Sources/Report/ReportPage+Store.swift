import Engine
import Recorder

/// What the page is read from: the runs, the interactions behind their calls and the executions behind their
/// executions — a cache file or the shared database alike.
public typealias ReportSource = InteractionStore & ExecutionStore & RunStore

extension ReportPage {
    /// The page of `runs` (read with their events): their comparison (`ComparisonReport`, as `align compare`
    /// builds it: labels, rates with Wilson intervals, McNemar against the baseline, costs), and from their events
    /// and the cache `store` behind them what each call answered and each execution ran.
    /// - Parameters:
    ///   - table: the price table for the costs; `reprice` prices every call at that model's prices as well, and
    ///     the page's dollars use those prices.
    ///   - baseline: the run the others are tested against (default: the first direct run).
    /// - Throws: `CacheError` when the cache cannot be read; `RunConfigurationError` or `RunEventError` when a
    ///   stored run cannot be read.
    public init(runs stored: [StoredRun], store: any ReportSource, table: PriceTable, reprice: String? = nil,
                baseline: String? = nil, alignVersion: String, title: String? = nil) async throws
    {
        let comparison = try await ComparisonReport.build(stored, in: store, baseline: baseline, priceModel: reprice,
                                                          table: table)
        let compareRows = comparison.json["rows"]?.arrayValue ?? []
        var runs: [PageRun] = []
        var recordedVersions = Set<String>()
        var taskIDs: [String] = []
        var seenTasks = Set<String>()
        for (index, run) in stored.enumerated() {
            let costs = try await CostReport.run(run.runID, in: store, table: table, reprice: reprice, by: [.try, .phase])
            let reader = await StoredRunReader(run: run, store: store, costs: costs, reprice: reprice)
            var page = try await reader.pageRun(comparison.rows[index], isBaseline: comparison.baselineRunID == run.runID)
            page.compared?.row = index < compareRows.count ? compareRows[index] : .null
            recordedVersions.formUnion(reader.priceTableVersions)
            for task in page.tasks where seenTasks.insert(task.result.taskID).inserted {
                taskIDs.append(task.result.taskID)
            }
            runs.append(page)
        }
        let sweeps = Set(stored.compactMap(\.sweepID))
        let sweep = sweeps.count == 1 && stored.allSatisfy { $0.config["sweep"] != nil } ? sweeps.first : nil
        self.init(title: title ?? (sweep.map { "SelfAlign report: sweep \($0)" }
                      ?? "SelfAlign report: " + stored.map { $0.config["loop"]?["strategy"]?.stringValue ?? "run" }
                              .joined(separator: " vs ")),
                  provenance: Provenance(alignVersion: alignVersion, cacheFile: store.identity.description, pricedWith: table.version,
                                         recordedWith: recordedVersions.sorted(), repricedAs: reprice),
                  runs: runs, taskIDs: taskIDs,
                  sweep: sweep.map { Sweep(id: $0, cells: runs.map(\.label)) })
    }
}

/// Reads one stored run into the page's shape: its events, what the cache holds behind their keys, its costs.
struct StoredRunReader {
    let run: StoredRun
    let store: any ReportSource
    let costs: CostReport
    let reprice: String?

    /// Price table versions stored with the calls read.
    var priceTableVersions: Set<String> { Set(answers.values.compactMap(\.priceTableVersion)) }

    let answers: [String: StoredInteraction]

    init(run: StoredRun, store: any ReportSource, costs: CostReport, reprice: String?) async {
        self.run = run
        self.store = store
        self.costs = costs
        self.reprice = reprice
        var answers: [String: StoredInteraction] = [:]
        for event in run.events {
            guard let key = try? event.read(ModelCallEvent.self)?.key, answers[key] == nil,
                  let parsed = try? CacheKey(parsing: key), let stored = try? await store.lookup(parsed, includingRequest: false)
            else { continue }
            answers[key] = stored
        }
        self.answers = answers
    }

    func pageRun(_ row: ComparisonRow, isBaseline: Bool) async throws -> ReportPage.PageRun {
        let config = run.config
        let loop = row.report.configuration.loop
        let ordered = row.report.results, summary = row.report.summary
        var eventsByTask: [String: [RunEvent]] = [:]
        for event in run.events {
            guard let task = event.taskID else { continue }
            eventsByTask[task, default: []].append(event)
        }
        var intervals: [String: ReportPage.Interval] = [:]
        for (name, rate) in [("aligned", row.aligned), ("correct", row.correct), ("false_alignment", row.falseAlignment),
                             ("false_alignment_of_aligned", row.falseAlignmentOfAligned), ("validity", row.testValidity)]
        {
            if let interval = rate?.interval { intervals[name] = ReportPage.Interval(low: interval.low, high: interval.high) }
        }
        let compared = ReportPage.Compared(
            isBaseline: isBaseline, correctGained: row.correctGained, pValue: row.versusBaseline?.pValue,
            pairs: row.versusBaseline?.pairs, cost: row.comparedCost, costPerCorrect: row.costPerCorrect,
            marginalCostPerCorrectGained: row.marginalCostPerCorrectGained, passAtK: row.passAtK, row: .null)
        var dollarsByTask: [String: Money] = [:]
        var cells: [String: ReportPage.CostCell] = [:]
        var unpriced = 0
        for call in costs.calls {
            let pricing = reprice == nil ? call.pricing : (call.repricing ?? call.pricing)
            let tryNumber = call.record.tryNumber ?? 0, phase = call.record.phase?.rawValue ?? "other"
            var cell = cells["\(tryNumber)/\(phase)"] ?? ReportPage.CostCell(tryNumber: tryNumber, phase: phase)
            cell.calls += 1
            cell.inputTokens += call.record.usage.input ?? 0
            cell.outputTokens += call.record.usage.output ?? 0
            if let cost = pricing.cost?.total {
                cell.dollars = cell.dollars + cost
                if let task = call.record.taskID { dollarsByTask[task, default: .zero] = dollarsByTask[task, default: .zero] + cost }
            } else {
                cell.unpriced += 1
                unpriced += 1
            }
            cells["\(tryNumber)/\(phase)"] = cell
        }
        let phaseOrder = ModelCallPhase.known.map(\.rawValue)
        let costCells = cells.values.sorted {
            ($0.tryNumber, phaseOrder.firstIndex(of: $0.phase) ?? 99, $0.phase)
                < ($1.tryNumber, phaseOrder.firstIndex(of: $1.phase) ?? 99, $1.phase)
        }
        let calls = try run.events.compactMap { try $0.read(ModelCallEvent.self) }
        let executions = try run.events.compactMap { try $0.read(ExecutionEvent.self) }
        return ReportPage.PageRun(
            id: run.runID, label: row.label, status: run.status.rawValue, createdAt: run.createdAt, finishedAt: run.finishedAt,
            settings: Self.settings(config), taskFile: config["tasks"]?["file"]?.stringValue ?? "?",
            taskFileSHA256: config["tasks"]?["sha256"]?.stringValue ?? "?",
            sandbox: config["sandbox"]?["summary"]?.stringValue.map { $0.hasPrefix("sandbox: ") ? String($0.dropFirst(9)) : $0 },
            budget: loop.budget, aligns: loop.strategy.usesTests, summary: summary, intervals: intervals,
            compared: compared,
            liveCalls: calls.count { $0.source == .live },
            cachedCalls: calls.count { $0.source == .cache },
            liveExecutions: executions.count { $0.source == .live },
            cachedExecutions: executions.count { $0.source == .cache },
            costs: costCells, unpricedCalls: unpriced,
            tasks: try await entries(ordered, eventsByTask: eventsByTask, dollars: dollarsByTask))
    }

    private func entries(_ results: [TaskResult], eventsByTask: [String: [RunEvent]], dollars: [String: Money]) async throws
        -> [ReportPage.TaskEntry]
    {
        var entries: [ReportPage.TaskEntry] = []
        for result in results {
            entries.append(ReportPage.TaskEntry(result: result, outcome: Self.outcome(result),
                                                tries: try await tries(of: eventsByTask[result.taskID] ?? []),
                                                dollars: dollars[result.taskID] ?? .zero))
        }
        return entries
    }

    static func outcome(_ result: TaskResult) -> ReportPage.Outcome {
        if result.error != nil { return .error }
        switch (result.aligned, result.correct) {
        case (true, true): return .alignedCorrect
        case (true, false): return .falseAlignment
        case (false, true): return .correctUnaligned
        case (false, false): return .neither
        }
    }

    static func settings(_ config: JSONValue) -> [ReportPage.Setting] {
        let loop = config["loop"]
        func text(_ value: JSONValue?) -> String {
            guard let value, value != .null else { return "–" }
            if let string = value.stringValue { return string }
            if let bool = value.boolValue { return bool ? "on" : "off" }
            if let members = value.objectValue {
                return members.keys.sorted().map { "\($0) \(text(members[$0]))" }.joined(separator: ", ")
            }
            return value.canonicalString
        }
        var settings: [ReportPage.Setting] = [
            .init("strategy", text(loop?["strategy"])),
            .init("provider", text(config["provider"]) + (config["log"]?.stringValue.map { " (\($0))" } ?? "")),
            .init("model", text(loop?["model"])),
        ]
        if let base = config["base_url"]?.stringValue { settings.append(.init("base URL", base)) }
        for (name, member) in [("sweep", config["sweep"]), ("cell", config["cell"]), ("repeat", config["repeat"])]
        where member != nil {
            settings.append(.init(name, text(member)))
        }
        let strategy = LoopConfiguration.Strategy(rawValue: loop?["strategy"]?.stringValue ?? "") ?? .direct
        if strategy.usesTries { settings += [.init("tries", text(loop?["tries"])), .init("judge", text(loop?["judge"]))] }
        if strategy.usesTests {
            settings.append(.init("min tests", text(loop?["min_tests"])))
            if let tests = loop?["tests"] { settings.append(.init("tests", text(tests))) }
        }
        if let samples = loop?["samples"] { settings.append(.init("samples", text(samples))) }
        if let samples = loop?["test_samples"] { settings.append(.init("test samples", text(samples))) }
        settings += [.init("format check", text(loop?["format_check"])),
                     .init("temperature", text(loop?["temperature"])), .init("max tokens", text(loop?["max_tokens"])),
                     .init("jobs", text(config["jobs"])), .init("sandbox limits", text(loop?["limits"]))]
        if let model = config["format_model"]?.stringValue { settings.append(.init("format model", model)) }
        return settings
    }
}
