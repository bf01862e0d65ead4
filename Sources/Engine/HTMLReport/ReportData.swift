import Recorder

/// The page's data as JSON, for the detail view and for anyone who reads the numbers back
/// (`document.getElementById('report-data')`).
///
/// Code, tests and messages repeat across tries, executions and runs (a direct run's code is the self-align run's
/// first try), so each distinct text is stored once in `texts` and referred to by its index.
/// Members: `format` (`selfalign-report/1`), `title`, `provenance`, `runs` (each with `summary` as `align run
/// --json` prints it, `intervals`, `calls`, `executions`, `costs`), `tasks` (ids), `outcomes` (per run, per task),
/// `details` (per task, per run: the result and the tries), `texts`.
enum ReportData {
    static func json(_ page: ReportPage) -> JSONValue {
        var texts = TextTable()
        let runs: [JSONValue] = page.runs.map { run in
            [
                "id": .string(run.id), "label": .string(run.label), "status": .string(run.status),
                "aligns": .bool(run.aligns), "budget": number(run.budget),
                "task_file": .string(run.taskFile), "task_file_sha256": .string(run.taskFileSHA256),
                "sandbox": run.sandbox.map(JSONValue.string) ?? .null,
                "settings": .object(Dictionary(run.settings.map { ($0.name, JSONValue.string($0.value)) }) { a, _ in a }),
                "summary": run.summary.json,
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
            "runs": .array(runs), "tasks": .array(page.taskIDs.map(JSONValue.string)),
            "outcomes": .array(byRun.map { tasks in .array(page.taskIDs.map { tasks[$0].map { .string($0.outcome.rawValue) } ?? .null }) }),
            "details": .array(details), "texts": .array(texts.values.map(JSONValue.string)),
        ]
    }

    private static func number(_ value: Int) -> JSONValue { .number(Double(value)) }

    private static func task(_ entry: ReportPage.TaskEntry, texts: inout TextTable) -> JSONValue {
        var result = entry.result.json.objectValue ?? [:]
        result["final_code"] = entry.result.finalCode.map { texts.index($0) } ?? .null
        result["final_tests"] = .array(entry.result.finalTests.map { texts.index($0) })
        result["error"] = entry.result.error.map { texts.index($0) } ?? .null
        return [
            "outcome": .string(entry.outcome.rawValue), "result": .object(result),
            "usd": .string(entry.dollars.formatted(decimals: 12)),
            "tries": .array(entry.tries.map { attempt in
                [
                    "try": number(attempt.number), "result": attempt.result ?? .null,
                    "calls": .array(attempt.calls.map { call in
                        var members: [String: JSONValue] = [
                            "phase": .string(call.phase), "key": .string(call.key), "source": .string(call.source),
                            "model": .string(call.model), "usage": call.usage.json,
                        ]
                        if let code = call.code { members["code"] = texts.index(code) }
                        if let tests = call.tests { members["tests"] = .array(tests.map { texts.index($0) }) }
                        if let text = call.text { members["text"] = texts.index(text) }
                        if let verdicts = call.verdicts {
                            members["verdicts"] = .array(verdicts.map { verdict in
                                ["test": number(verdict.test), "wrong": .string(verdict.wrong), "reason": texts.index(verdict.reason)]
                            })
                        }
                        return .object(members)
                    }),
                    "executions": .array(attempt.executions.map { execution in
                        [
                            "purpose": .string(execution.purpose), "try": execution.tryNumber.map(number) ?? .null,
                            "key": .string(execution.key), "source": .string(execution.source),
                            "passed": number(execution.passed), "total": number(execution.total),
                            "load_error": execution.loadError.map { texts.index($0) } ?? .null,
                            "tests": .array(execution.tests.map { test in
                                [test.text.map { texts.index($0) } ?? .null, .string(test.status), texts.index(test.message)]
                            }),
                        ]
                    }),
                ]
            }),
        ]
    }
}

/// Distinct texts, each stored once.
struct TextTable {
    private(set) var values: [String] = []
    private var positions: [String: Int] = [:]

    mutating func index(_ text: String) -> JSONValue {
        if let known = positions[text] { return .number(Double(known)) }
        positions[text] = values.count
        values.append(text)
        return .number(Double(values.count - 1))
    }
}
