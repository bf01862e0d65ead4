import Recorder

extension ReportPage {
    /// The page of `runs`, read from their stored events and, for what each call answered and each execution ran,
    /// from the cache `store` they were made with.
    /// - Parameters:
    ///   - labels: a legend label per run (default: its strategy, made unique with the run id's end).
    ///   - table: the price table for the costs; `reprice` prices every call at that model's prices instead.
    /// - Throws: `CacheError` when the cache cannot be read; `FormatProblem` when a stored result is malformed.
    public init(runs stored: [StoredRun], store: CacheStore, table: PriceTable, reprice: String? = nil,
                alignVersion: String, labels: [String]? = nil, title: String? = nil) throws
    {
        var runs: [Run] = []
        var recordedVersions = Set<String>()
        var taskIDs: [String] = []
        var seenTasks = Set<String>()
        let defaultLabels = Self.labels(for: stored)
        for (index, run) in stored.enumerated() {
            let costs = try CostReport.run(run.runID, in: store, table: table, reprice: reprice, by: [.try, .phase])
            let reader = StoredRunReader(run: run, store: store, costs: costs, reprice: reprice)
            let page = try reader.pageRun(label: labels?[index] ?? defaultLabels[index])
            recordedVersions.formUnion(reader.priceTableVersions)
            for task in page.tasks where seenTasks.insert(task.result.taskID).inserted {
                taskIDs.append(task.result.taskID)
            }
            runs.append(page)
        }
        self.init(title: title ?? "SelfAlign report: " + runs.map(\.label).joined(separator: " vs "),
                  provenance: Provenance(alignVersion: alignVersion, cacheFile: store.path, pricedWith: table.version,
                                         recordedWith: recordedVersions.sorted(), repricedAs: reprice),
                  runs: runs, taskIDs: taskIDs)
    }

    /// Each run's strategy, with the end of its id where two runs share one.
    static func labels(for runs: [StoredRun]) -> [String] {
        let strategies = runs.map { $0.config["loop"]?["strategy"]?.stringValue ?? "run" }
        return zip(runs, strategies).map { run, strategy in
            strategies.filter { $0 == strategy }.count > 1 ? "\(strategy) (\(run.runID.suffix(4)))" : strategy
        }
    }
}

/// Reads one stored run into the page's shape: its events, what the cache holds behind their keys, its costs.
struct StoredRunReader {
    let run: StoredRun
    let store: CacheStore
    let costs: CostReport
    let reprice: String?

    /// Price table versions stored with the calls read.
    var priceTableVersions: Set<String> { Set(answers.values.compactMap(\.priceTableVersion)) }

    let answers: [String: StoredInteraction]

    init(run: StoredRun, store: CacheStore, costs: CostReport, reprice: String?) {
        self.run = run
        self.store = store
        self.costs = costs
        self.reprice = reprice
        var answers: [String: StoredInteraction] = [:]
        for event in run.events where event.kind == "model_call" {
            guard let key = event.payload["key"]?.stringValue, answers[key] == nil,
                  let parsed = try? CacheKey(parsing: key), let stored = try? store.lookup(parsed)
            else { continue }
            answers[key] = stored
        }
        self.answers = answers
    }

    func pageRun(label: String) throws -> ReportPage.Run {
        let config = run.config, loop = config["loop"]
        let strategy = loop?["strategy"]?.stringValue ?? "?"
        let aligns = strategy != "direct"
        let budget = aligns ? max(1, loop?["tries"]?.intValue ?? 1) : 1
        let order = (config["tasks"]?["ids"]?.arrayValue ?? []).compactMap(\.stringValue)
        var results: [String: TaskResult] = [:]
        var eventsByTask: [String: [RunEvent]] = [:]
        for event in run.events {
            guard let task = event.taskID else { continue }
            eventsByTask[task, default: []].append(event)
            if event.kind == "task_result" { results[task] = try TaskResult(json: event.payload) }
        }
        let ordered = order.compactMap { results[$0] }
        let summary = RunSummary(strategy: strategy, results: ordered, budget: budget)
        var dollarsByTask: [String: Money] = [:]
        var cells: [String: ReportPage.CostCell] = [:]
        var unpriced = 0
        for call in costs.calls {
            let pricing = reprice == nil ? call.pricing : (call.repricing ?? call.pricing)
            let tryNumber = call.record.tryNumber ?? 0, phase = call.record.phase ?? "other"
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
        let phaseOrder = ["code", "tests", "judge", "format_check"]
        let costCells = cells.values.sorted {
            ($0.tryNumber, phaseOrder.firstIndex(of: $0.phase) ?? 99, $0.phase)
                < ($1.tryNumber, phaseOrder.firstIndex(of: $1.phase) ?? 99, $1.phase)
        }
        let calls = run.events.filter { $0.kind == "model_call" }
        let executions = run.events.filter { $0.kind == "execution" }
        return ReportPage.Run(
            id: run.runID, label: label, status: run.status, createdAt: run.createdAt, finishedAt: run.finishedAt,
            settings: Self.settings(config), taskFile: config["tasks"]?["file"]?.stringValue ?? "?",
            taskFileSHA256: config["tasks"]?["sha256"]?.stringValue ?? "?",
            sandbox: config["sandbox"]?["summary"]?.stringValue ?? config["sandbox"]?.stringValue,
            budget: budget, aligns: aligns, summary: summary, intervals: [:],
            liveCalls: calls.count { $0.payload["source"]?.stringValue == "live" },
            cachedCalls: calls.count { $0.payload["source"]?.stringValue == "cache" },
            liveExecutions: executions.count { $0.payload["source"]?.stringValue == "live" },
            cachedExecutions: executions.count { $0.payload["source"]?.stringValue == "cache" },
            costs: costCells, unpricedCalls: unpriced,
            tasks: try ordered.map { result in
                ReportPage.TaskEntry(result: result, outcome: Self.outcome(result),
                                     tries: try tries(of: eventsByTask[result.taskID] ?? []),
                                     dollars: dollarsByTask[result.taskID] ?? .zero)
            })
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
        if loop?["strategy"]?.stringValue != "direct" {
            settings += [.init("tries", text(loop?["tries"])), .init("min tests", text(loop?["min_tests"])),
                         .init("judge", text(loop?["judge"]))]
        }
        settings += [.init("format check", text(loop?["format_check"])),
                     .init("temperature", text(loop?["temperature"])), .init("max tokens", text(loop?["max_tokens"])),
                     .init("jobs", text(config["jobs"])), .init("sandbox limits", text(loop?["limits"]))]
        if let model = config["format_model"]?.stringValue { settings.append(.init("format model", model)) }
        return settings
    }
}
