import Engine
import Recorder

/// The page's data as JSON, for the detail view and for anyone who reads the numbers back
/// (`document.getElementById('report-data')`).
///
/// Code, tests, messages, keys and model names repeat across tries, executions and runs (a direct run's code is the
/// self-align run's first try; a sweep's cells share calls), so each distinct text is stored once in `texts` and
/// referred to by its index.
/// Members: `format` (`selfalign-report/1`), `title`, `provenance`, `sweep`, `runs` (each with `summary` as `align
/// show --json` prints it, `compare` — its row as `align compare --json` prints it —, `intervals`, `calls`,
/// `executions`, `costs`), `tasks` (ids), `outcomes` (per run, per task), `details` (per task, per run: the result
/// and the tries), `texts`.
enum ReportData {
    static func json(_ page: ReportPage) -> JSONValue {
        var texts = TextIndex()
        let runs: [JSONValue] = page.runs.map { run in
            [
                "id": .string(run.id), "label": .string(run.label), "status": .string(run.status),
                "aligns": .bool(run.aligns), "budget": number(run.budget),
                "task_file": .string(run.taskFile), "task_file_sha256": .string(run.taskFileSHA256),
                "sandbox": run.sandbox.map(JSONValue.string) ?? .null,
                "settings": .object(Dictionary(run.settings.map { ($0.name, JSONValue.string($0.value)) }) { a, _ in a }),
                "summary": run.summary.json, "compare": run.compared?.row ?? .null,
                "intervals": .object(run.intervals.mapValues { ["low": .number($0.low), "high": .number($0.high)] }),
                "calls": ["live": number(run.liveCalls), "cache": number(run.cachedCalls), "unpriced": number(run.unpricedCalls)],
                "executions": ["live": number(run.liveExecutions), "cache": number(run.cachedExecutions)],
                "costs": .array(run.costs.map { cell in
                    ["try": number(cell.tryNumber), "phase": .string(cell.phase), "calls": number(cell.calls),
                     "input": number(cell.inputTokens), "output": number(cell.outputTokens),
                     "usd": .string(cell.dollars.formatted(decimals: 12)), "unpriced": number(cell.unpriced)]
                }),
            ]
        }
        let byRun = page.runs.map { run in Dictionary(run.tasks.map { ($0.result.taskID, $0) }) { first, _ in first } }
        var details: [JSONValue] = []
        for id in page.taskIDs {
            details.append(.array(byRun.map { tasks in
                guard let entry = tasks[id] else { return .null }
                return task(entry, texts: &texts)
            }))
        }
        let p = page.provenance
        return [
            "format": "selfalign-report/1", "title": .string(page.title),
            "provenance": [
                "align_version": .string(p.alignVersion), "cache_file": .string(p.cacheFile),
                "price_table": .string(p.pricedWith), "recorded_price_tables": .array(p.recordedWith.map(JSONValue.string)),
                "repriced_as": p.repricedAs.map(JSONValue.string) ?? .null,
            ],
            "sweep": page.sweep.map { .string($0.id) } ?? .null,
            "runs": .array(runs), "tasks": .array(page.taskIDs.map(JSONValue.string)),
            "outcomes": .array(byRun.map { tasks in .array(page.taskIDs.map { tasks[$0].map { .string($0.outcome.rawValue) } ?? .null }) }),
            "details": .array(details), "texts": .array(texts.values.map(JSONValue.string)),
        ]
    }

    private static func number(_ value: Int) -> JSONValue { .number(Double(value)) }

    private static func task(_ entry: ReportPage.TaskEntry, texts: inout TextIndex) -> JSONValue {
        var result = entry.result.json.objectValue ?? [:]
        result["final_code"] = entry.result.finalCode.map { texts.index($0) } ?? .null
        result["final_tests"] = .array(entry.result.finalTests.map { texts.index($0) })
        result["error"] = entry.result.error.map { texts.index($0) } ?? .null
        return [
            "outcome": .string(entry.outcome.rawValue), "result": .object(result),
            "usd": .string(entry.dollars.formatted(decimals: 12)),
            "tries": .array(entry.tries.map { attempt(_: $0, texts: &texts) }),
        ]
    }
}

extension ReportData {
    private static func attempt(_ attempt: ReportPage.Try, texts: inout TextIndex) -> JSONValue {
        let calls: [JSONValue] = attempt.calls.map { call(_: $0, texts: &texts) }
        let executions: [JSONValue] = attempt.executions.map { execution(_: $0, texts: &texts) }
        return ["try": .number(Double(attempt.number)), "result": attempt.result ?? .null, "calls": .array(calls),
                "executions": .array(executions)]
    }

    private static func call(_ call: ReportPage.Call, texts: inout TextIndex) -> JSONValue {
        var members: [String: JSONValue] = [
            "phase": .string(call.phase), "key": texts.index(call.key), "source": .string(call.source),
            "model": texts.index(call.model), "usage": compact(call.usage.json),
        ]
        if let code = call.code { members["code"] = texts.index(code) }
        if let tests = call.tests { members["tests"] = .array(tests.map { texts.index($0) }) }
        if let text = call.text { members["text"] = texts.index(text) }
        if let verdicts = call.verdicts {
            var list: [JSONValue] = []
            for verdict in verdicts {
                let reason = texts.index(verdict.reason)
                list.append(["test": .number(Double(verdict.test)), "wrong": .string(verdict.wrong), "reason": reason])
            }
            members["verdicts"] = .array(list)
        }
        return .object(members)
    }

    private static func execution(_ execution: ReportPage.PageExecution, texts: inout TextIndex) -> JSONValue {
        var tests: [JSONValue] = []
        for test in execution.tests {
            let text = test.text.map { texts.index($0) } ?? .null
            tests.append(.array([text, .string(test.status), texts.index(test.message)]))
        }
        let members: [String: JSONValue] = [
            "purpose": .string(execution.purpose), "try": execution.tryNumber.map { .number(Double($0)) } ?? .null,
            "key": texts.index(execution.key), "source": .string(execution.source),
            "passed": .number(Double(execution.passed)), "total": .number(Double(execution.total)),
            "load_error": execution.loadError.map { texts.index($0) } ?? .null, "tests": .array(tests),
        ]
        return .object(members)
    }
}

extension ReportData {
    /// An object without its null members (most calls have no cache or reasoning counts).
    static func compact(_ value: JSONValue) -> JSONValue {
        guard let members = value.objectValue else { return value }
        return .object(members.filter { $0.value != .null })
    }
}

/// Distinct texts, each stored once.
struct TextIndex {
    private(set) var values: [String] = []
    private var positions: [String: Int] = [:]

    mutating func index(_ text: String) -> JSONValue {
        if let known = positions[text] { return .number(Double(known)) }
        positions[text] = values.count
        values.append(text)
        return .number(Double(values.count - 1))
    }
}
