import Engine
import Foundation
import Recorder

/// The report as one self-contained HTML page: inline CSS, inline SVG charts, one inline script; no external
/// script, font or image, and a Content-Security-Policy that forbids any network access and any other script.
///
/// Charts, tables and the task grid are plain HTML and SVG (they print and read without the script); the script
/// adds the grid's filter and the task detail view, which it builds from the page's JSON data with DOM text nodes
/// only. The same page gives the same bytes.
public enum HTMLReport {
    /// The page.
    public static func render(_ page: ReportPage) -> String {
        let script = Self.script
        let digest = Data(CacheKey(hashing: script.utf8).digest).base64EncodedString()
        let policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-\(digest)'; "
            + "base-uri 'none'; form-action 'none'"
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(policy)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="align \(HTMLEscaping.html(page.provenance.alignVersion))">
            <title>\(HTMLEscaping.html(page.title))</title>
            <style>\(style)</style>
            </head><body>
            <header><h1>\(HTMLEscaping.html(page.title))</h1>
            <p class="lede">\(page.runs.count) run\(page.runs.count == 1 ? "" : "s") · \(page.taskIDs.count) tasks · made by align \(HTMLEscaping.html(page.provenance.alignVersion)) from the stored runs and their events in <code>\(HTMLEscaping.html(page.provenance.cacheFile))</code></p>
            </header>

            """
        html += provenanceSection(page)
        html += summarySection(page)
        html += #"<section id="charts"><h2>Charts</h2>"#
        html += byTryFigure(page) + validityFigure(page) + costFigure(page)
        if page.runs.count > 1 { html += paretoFigure(page) + levelFigures(page) }
        html += "</section>\n"
        html += gridSection(page)
        html += #"<section id="detail" aria-live="polite"><h2>Task detail</h2><p class="hint">Choose a task in the grid to see its code by try, tests, failures, judge verdicts, model calls and executions.</p></section>"# + "\n"
        html += #"<script type="application/json" id="report-data">"# + HTMLEscaping.scriptJSON(ReportData.json(page)) + "</script>\n"
        html += "<script>" + script + "</script>\n</body></html>\n"
        return html
    }

    static func provenanceSection(_ page: ReportPage) -> String {
        let p = page.provenance
        var html = #"<section id="provenance"><h2>Provenance</h2><table class="provenance"><tbody>"#
        func row(_ name: String, _ values: [String], code: Bool = false) {
            func cell(_ value: String) -> String { code ? "<code>\(HTMLEscaping.html(value))</code>" : HTMLEscaping.html(value) }
            // A value every run shares is written once, across the runs' columns.
            if values.count > 1, Set(values).count == 1 {
                html += "<tr><th>\(HTMLEscaping.html(name))</th><td colspan=\"\(values.count)\" class=\"shared\">\(cell(values[0]))</td></tr>"
                return
            }
            html += "<tr><th>\(HTMLEscaping.html(name))</th>" + values.map { "<td>" + cell($0) + "</td>" }.joined() + "</tr>"
        }
        row("run", page.runs.map(\.id), code: true)
        row("label", page.runs.map(\.label))
        row("status", page.runs.map { "\($0.status) · created \($0.createdAt)" + ($0.finishedAt.map { " · finished \($0)" } ?? "") })
        let names = page.runs.flatMap { $0.settings.map(\.name) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for name in names {
            row(name, page.runs.map { run in run.settings.first { $0.name == name }?.value ?? "–" })
        }
        row("task file", page.runs.map(\.taskFile), code: true)
        row("task file SHA-256", page.runs.map(\.taskFileSHA256), code: true)
        row("tasks", page.runs.map { "\($0.summary.tasks)" })
        row("sandbox protections", page.runs.map { $0.sandbox ?? "not recorded by this run" })
        row("model calls", page.runs.map { "\($0.liveCalls) recorded live · \($0.cachedCalls) replayed from the cache" })
        row("executions", page.runs.map { "\($0.liveExecutions) run live · \($0.cachedExecutions) replayed from the cache" })
        html += "</tbody></table><table class=\"provenance\"><tbody>"
        html += "<tr><th>align version</th><td>\(HTMLEscaping.html(p.alignVersion))</td></tr>"
        html += "<tr><th>cache file</th><td><code>\(HTMLEscaping.html(p.cacheFile))</code></td></tr>"
        html += "<tr><th>price table (costs on this page)</th><td><code>\(HTMLEscaping.html(p.pricedWith))</code>"
            + (p.repricedAs.map { " · every call at \(HTMLEscaping.html($0))'s prices" } ?? " · each call at the price in force on the day it was recorded")
            + "</td></tr>"
        html += "<tr><th>price tables stored with the calls</th><td>"
            + (p.recordedWith.isEmpty ? "none recorded" : p.recordedWith.map { "<code>\(HTMLEscaping.html($0))</code>" }.joined(separator: " "))
            + "</td></tr>"
        return html + "</tbody></table></section>\n"
    }

    static func summarySection(_ page: ReportPage) -> String {
        var rows: [[String]] = []
        func add(_ name: String, _ value: (ReportPage.PageRun) -> String) { rows.append([name] + page.runs.map(value)) }
        func rate(_ part: Int, _ whole: Int, _ measure: String, _ run: ReportPage.PageRun) -> String {
            var text = "\(part)/\(whole) (\(RunSummary.percent(part, of: whole)))"
            if let interval = run.intervals[measure] {
                text += String(format: " [%.1f, %.1f]", interval.low * 100, interval.high * 100)
            }
            return text
        }
        add("aligned (own tests pass)") { $0.aligns ? rate($0.summary.aligned, $0.summary.tasks, "aligned", $0) : "–" }
        add("correct (hidden tests pass)") { rate($0.summary.correct, $0.summary.tasks, "correct", $0) }
        add("false alignment (aligned, not correct)") { $0.aligns ? rate($0.summary.falseAlignment, $0.summary.tasks, "false_alignment", $0) : "–" }
        add("  … of aligned tasks") { $0.aligns ? rate($0.summary.falseAlignment, $0.summary.aligned, "false_alignment_of_aligned", $0) : "–" }
        add("test validity (own tests pass on reference)") { $0.aligns ? rate($0.summary.validTests, $0.summary.totalTests, "validity", $0) : "–" }
        add("tasks whose tests are all valid") { $0.aligns ? rate($0.summary.tasksWithAllTestsValid, $0.summary.tasksWithTests, "all_tests_valid", $0) : "–" }
        add("tasks not run to the end (errors)") { "\($0.summary.errors)" }
        add("tries (mean)") { String(format: "%.2f", $0.summary.tasks == 0 ? 0 : Double($0.summary.tries) / Double($0.summary.tasks)) }
        add("model calls") { "\($0.summary.modelCalls)" }
        add("tokens in / out") { "\($0.summary.inputTokens) / \($0.summary.outputTokens)" }
        add("dollars (priced calls)") { run in
            "$" + run.costs.reduce(Money.zero) { $0 + $1.dollars }.formatted(decimals: 6)
                + (run.unpricedCalls > 0 ? " · \(run.unpricedCalls) calls unpriced" : "")
        }
        let ks = Set(page.runs.flatMap { $0.compared?.passAtK.keys.map { $0 } ?? [] }).sorted()
        for k in ks {
            add("pass@\(k)") { run in run.compared?.passAtK[k].map { String(format: "%.1f%%", $0 * 100) } ?? "–" }
        }
        if page.runs.contains(where: { $0.compared != nil }) {
            add("cost of all calls" + (page.provenance.repricedAs.map { " at \($0)'s prices" } ?? "")) { run in
                run.compared?.cost.map(ComparisonReport.dollars) ?? "– (unpriced calls)"
            }
            add("cost per correct task") { $0.compared?.costPerCorrect.map(ComparisonReport.dollars) ?? "–" }
            add("vs baseline: correct gained (McNemar p)") { run in
                guard let compared = run.compared else { return "–" }
                if compared.isBaseline { return "baseline" }
                guard let gained = compared.correctGained, let p = compared.pValue else { return "–" }
                return (gained > 0 ? "+" : "") + "\(gained) (p\(ComparisonReport.pValue(p)), \(compared.pairs ?? 0) pairs)"
            }
            add("cost per correct task gained") { $0.compared?.marginalCostPerCorrectGained.map(ComparisonReport.dollars) ?? "–" }
        }
        let intervals = page.runs.contains { !$0.intervals.isEmpty }
        return #"<section id="summary"><h2>Results</h2>"#
            + dataTable(header: ["measure"] + page.runs.map(\.label), rows: rows).replacingOccurrences(of: "chart-data", with: "summary")
            + (intervals ? #"<p class="hint">Brackets: 95% Wilson intervals in percent, as <code>align compare</code> computes them; McNemar: exact, two-sided, on the tasks both runs ran, against the baseline.</p>"# : "")
            + "</section>\n"
    }

    static func gridSection(_ page: ReportPage) -> String {
        var html = #"<section id="tasks"><h2>Tasks</h2><div class="controls" hidden>"#
        html += #"<label>Outcome <select id="filter-outcome"><option value="">any</option>"#
        for outcome in ReportPage.Outcome.allCases {
            html += #"<option value="\#(outcome.rawValue)">\#(HTMLEscaping.html(outcome.label))</option>"#
        }
        html += #"<option value="differs">runs disagree</option></select></label> <label>Run <select id="filter-run"><option value="">any run</option>"#
        for (index, run) in page.runs.enumerated() {
            html += #"<option value="\#(index)">\#(HTMLEscaping.html(run.label))</option>"#
        }
        html += #"</select></label> <label>Task <input id="filter-text" type="search" placeholder="id contains…"></label> <span id="filter-count"></span></div>"#
        html += #"<ul class="legend">"# + ReportPage.Outcome.allCases.map { outcome in
            #"<li><span class="o o-\#(outcome.rawValue)">\#(outcome.mark)</span> \#(HTMLEscaping.html(outcome.label))</li>"#
        }.joined() + "</ul>"
        html += #"<table id="task-grid"><thead><tr><th>task</th>"# + page.runs.map { "<th>\(HTMLEscaping.html($0.label))</th>" }.joined()
            + "</tr></thead><tbody>"
        let byRun = page.runs.map { run in Dictionary(run.tasks.map { ($0.result.taskID, $0) }) { first, _ in first } }
        for (index, id) in page.taskIDs.enumerated() {
            html += ##"<tr data-index="\##(index)"><th><a href="#task=\##(index)">\##(HTMLEscaping.html(id))</a></th>"##
            for (runIndex, run) in page.runs.enumerated() {
                guard let entry = byRun[runIndex][id] else {
                    html += #"<td class="o o-missing" data-outcome="missing">·</td>"#
                    continue
                }
                let r = entry.result
                let title = "\(run.label) · \(id): \(entry.outcome.label) · tries \(r.tries)"
                    + (r.alignedAtTry.map { " · aligned at try \($0)" } ?? "")
                    + " · valid tests \(r.validTests)/\(r.totalTests)" + (r.error.map { " · \($0.prefix(120))" } ?? "")
                html += ##"<td class="o o-\##(entry.outcome.rawValue)" data-outcome="\##(entry.outcome.rawValue)" title="\##(HTMLEscaping.html(title))"><a href="#task=\##(index)">\##(entry.outcome.mark)</a></td>"##
            }
            html += "</tr>"
        }
        return html + "</tbody></table></section>\n"
    }
}
