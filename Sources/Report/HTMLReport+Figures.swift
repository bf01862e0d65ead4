import Engine
import Recorder

extension HTMLReport {
    /// Aligned and correct by try: a line per run and measure (correct solid, aligned dashed), direct runs as a
    /// level line; a table of the same numbers below.
    static func byTryFigure(_ page: ReportPage) -> String {
        let budget = max(1, page.runs.map(\.budget).max() ?? 1)
        var frame = SVGChart.Frame()
        frame.width = 460
        frame.legendRows = page.runs.reduce(0) { $0 + ($1.aligns ? 2 : 1) }
        let step = budget > 1 ? frame.width / Double(budget - 1) : 0
        func px(_ attempt: Int) -> Double { budget > 1 ? frame.left + Double(attempt - 1) * step : frame.left + frame.width / 2 }
        var svg = frame.open(label: "Tasks aligned and correct after each try, by run")
        svg += frame.axes(yTicks: SVGChart.ticks(maximum: 100) { "\(Int($0))%" },
                          xTicks: (1...budget).map { (px($0), "\($0)") }, xLabel: "after try", yLabel: "share of tasks")
        var legendRow = 0
        var rows: [[String]] = []
        for (index, run) in page.runs.enumerated() {
            let colour = SVGChart.colours[index % SVGChart.colours.count]
            let n = run.summary.tasks
            func share(_ count: Int) -> Double { n == 0 ? 0 : Double(count) / Double(n) }
            let single = run.budget == 1
            var measures: [(String, [Int], String)] = [("correct", run.summary.correctByTry, "")]
            if run.aligns { measures.append(("aligned", run.summary.alignedByTry, "6 3")) }
            for (measure, counts, ownDash) in measures {
                let dash = single ? (measure == "correct" ? "1 3" : "1 3 6 3") : ownDash
                var values = counts
                if single, let only = counts.first { values = Array(repeating: only, count: budget) }
                let points = values.prefix(budget).enumerated().map { (px($0.offset + 1), frame.y(share($0.element))) }
                let path = points.map { "\(SVGChart.x($0.0)),\(SVGChart.x($0.1))" }.joined(separator: " ")
                svg += #"<polyline points="\#(path)" fill="none" stroke="\#(colour)" stroke-width="2" stroke-dasharray="\#(dash)"/>"#
                for (offset, count) in values.prefix(budget).enumerated() where !single || offset == 0 {
                    svg += SVGChart.marker(index, x: points[offset].0, y: points[offset].1, colour: colour,
                                           title: "\(run.label) · \(measure) after try \(offset + 1): \(count)/\(n) (\(RunSummary.percent(count, of: n)))")
                }
                if let interval = run.intervals[measure], let last = points.last {
                    svg += #"<line x1="\#(SVGChart.x(last.0 + 6 + Double(index * 3)))" y1="\#(SVGChart.x(frame.y(interval.low)))" x2="\#(SVGChart.x(last.0 + 6 + Double(index * 3)))" y2="\#(SVGChart.x(frame.y(interval.high)))" stroke="\#(colour)" stroke-width="2" class="interval"><title>\#(HTMLEscaping.html("\(run.label) · \(measure): 95% interval \(percent(interval.low))–\(percent(interval.high))"))</title></line>"#
                }
                svg += frame.legend(row: legendRow, text: "\(run.label) · \(measure)", colour: colour,
                                    dash: dash, markerIndex: index)
                legendRow += 1
                rows.append(["\(run.label) · \(measure)"] + (0..<budget).map { offset in
                    guard offset < counts.count else { return "–" }
                    return "\(counts[offset]) (\(RunSummary.percent(counts[offset], of: n)))"
                })
            }
        }
        svg += "</svg>"
        let table = dataTable(header: ["run · measure"] + (1...budget).map { "try \($0)" }, rows: rows)
        return figure(id: "chart-by-try", caption: "Aligned and correct by try: tasks whose own tests all pass (aligned, dashed) and whose code passes the hidden tests (correct, solid) after each try. A run with one try (direct, CodeT, sampling) is a dotted level; bars at the right end are 95% Wilson intervals.",
                      svg: svg, table: table)
    }

    /// False alignment and test validity per run, as grouped bars (a hatch per run).
    static func validityFigure(_ page: ReportPage) -> String {
        let measures: [(String, (RunSummary) -> (Int, Int))] = [
            ("false alignment, of aligned", { ($0.falseAlignment, $0.aligned) }),
            ("false alignment, of tasks", { ($0.falseAlignment, $0.tasks) }),
            ("own tests valid", { ($0.validTests, $0.totalTests) }),
            ("tasks with all tests valid", { ($0.tasksWithAllTestsValid, $0.tasksWithTests) }),
        ]
        let runs = page.runs.filter(\.aligns)
        var frame = SVGChart.Frame()
        frame.legendRows = runs.count
        let group = frame.width / Double(measures.count)
        let barWidth = min(36, (group - 16) / Double(max(1, runs.count)))
        var svg = frame.open(label: "False alignment and test validity per run")
        svg += SVGChart.patterns
        svg += frame.axes(yTicks: SVGChart.ticks(maximum: 100) { "\(Int($0))%" },
                          xTicks: measures.indices.map { (frame.left + group * (Double($0) + 0.5), ["false al. / aligned", "false al. / tasks", "tests valid", "all valid"][$0]) },
                          xLabel: "measure", yLabel: "share")
        var rows: [[String]] = []
        for (runIndex, run) in runs.enumerated() {
            let fill = SVGChart.fills[runIndex % SVGChart.fills.count]
            var row = [run.label]
            for (measureIndex, measure) in measures.enumerated() {
                let (part, whole) = measure.1(run.summary)
                let share = whole == 0 ? 0 : Double(part) / Double(whole)
                let bx = frame.left + group * Double(measureIndex) + 8 + barWidth * Double(runIndex)
                let top = frame.y(share)
                svg += ##"<rect x="\##(SVGChart.x(bx))" y="\##(SVGChart.x(top))" width="\##(SVGChart.x(barWidth - 2))" height="\##(SVGChart.x(frame.top + frame.height - top))" fill="url(#\##(fill.1))" stroke="#000" stroke-width="0.6"><title>\##(HTMLEscaping.html("\(run.label) · \(measure.0): \(part)/\(whole) (\(RunSummary.percent(part, of: whole)))"))</title></rect>"##
                row.append("\(part)/\(whole) (\(RunSummary.percent(part, of: whole)))")
            }
            svg += frame.legend(row: runIndex, text: run.label, colour: "#000", dash: nil, markerIndex: nil, fill: "url(#\(fill.1))")
            rows.append(row)
        }
        if runs.isEmpty {
            svg += #"<text x="\#(SVGChart.x(frame.left + frame.width / 2))" y="\#(SVGChart.x(frame.top + frame.height / 2))" text-anchor="middle">no run here writes its own tests</text>"#
        }
        svg += "</svg>"
        return figure(id: "chart-validity", caption: "False alignment (aligned on its own tests, wrong on the hidden ones) and the validity of the model's own final tests against the reference solution, per self-aligning run.",
                      svg: svg, table: dataTable(header: ["run"] + measures.map(\.0), rows: rows))
    }

    /// Cost by try, stacked by phase: one panel per run on a shared scale; dollars when every call is priced,
    /// tokens otherwise.
    static func costFigure(_ page: ReportPage) -> String {
        let inDollars = page.runs.allSatisfy { $0.unpricedCalls == 0 }
        func value(_ cell: ReportPage.CostCell) -> Double {
            inDollars ? Double(cell.dollars.picodollars) / 1e12 : Double(cell.inputTokens + cell.outputTokens)
        }
        func show(_ amount: Double) -> String {
            inDollars ? "$" + String(format: amount < 0.1 ? "%.4f" : "%.2f", amount) : "\(Int(amount.rounded()))"
        }
        let phases = page.runs.flatMap { $0.costs.map(\.phase) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        var maximum = 0.0
        for run in page.runs {
            for attempt in Set(run.costs.map(\.tryNumber)) {
                maximum = max(maximum, run.costs.filter { $0.tryNumber == attempt }.reduce(0) { $0 + value($1) })
            }
        }
        let top = SVGChart.niceMaximum(maximum)
        var panels = ""
        var rows: [[String]] = []
        for run in page.runs {
            var frame = SVGChart.Frame()
            frame.width = 240
            frame.height = 180
            frame.legendRows = phases.count
            let attempts = Array(Set(run.costs.map(\.tryNumber))).sorted { ($0 == 0 ? Int.max : $0) < ($1 == 0 ? Int.max : $1) }
            let slot = frame.width / Double(max(1, attempts.count))
            var svg = frame.open(label: "\(run.label): cost by try, stacked by phase")
            svg += SVGChart.patterns
            svg += frame.axes(yTicks: SVGChart.ticks(maximum: top, format: show),
                              xTicks: attempts.enumerated().map { (frame.left + slot * (Double($0.offset) + 0.5), $0.element == 0 ? "after" : "\($0.element)") },
                              xLabel: "\(run.label) · try", yLabel: inDollars ? "dollars" : "tokens (in + out)")
            for (offset, attempt) in attempts.enumerated() {
                var base = 0.0
                for (phaseIndex, phase) in phases.enumerated() {
                    guard let cell = run.costs.first(where: { $0.tryNumber == attempt && $0.phase == phase }) else { continue }
                    let amount = value(cell)
                    let y0 = frame.y(base / top), y1 = frame.y((base + amount) / top)
                    let fill = SVGChart.fills[phaseIndex % SVGChart.fills.count]
                    svg += ##"<rect x="\##(SVGChart.x(frame.left + slot * Double(offset) + slot * 0.15))" y="\##(SVGChart.x(y1))" width="\##(SVGChart.x(slot * 0.7))" height="\##(SVGChart.x(max(0, y0 - y1)))" fill="url(#\##(fill.1))" stroke="#000" stroke-width="0.5"><title>\##(HTMLEscaping.html("\(run.label) · try \(attempt == 0 ? "after the loop" : "\(attempt)") · \(phase): \(cell.calls) calls, \(cell.inputTokens) in / \(cell.outputTokens) out tokens, $\(cell.dollars.formatted(decimals: 6))\(cell.unpriced > 0 ? " (\(cell.unpriced) unpriced)" : "")"))</title></rect>"##
                    base += amount
                    rows.append([run.label, attempt == 0 ? "after" : "\(attempt)", phase, "\(cell.calls)", "\(cell.inputTokens)",
                                 "\(cell.outputTokens)", cell.dollars.formatted(decimals: 6), "\(cell.unpriced)"])
                }
            }
            for (phaseIndex, phase) in phases.enumerated() {
                svg += frame.legend(row: phaseIndex, text: phase, colour: "#000", dash: nil, markerIndex: nil,
                                    fill: "url(#\(SVGChart.fills[phaseIndex % SVGChart.fills.count].1))")
            }
            panels += svg + "</svg>"
        }
        let note = inDollars ? "" : " Some calls are not in the price table, so the bars show tokens (input + output); the table gives dollars of the priced calls (`--reprice MODEL` prices them all)."
        return figure(id: "chart-cost", caption: "Cost by try, stacked by phase (code, tests, judge, format check), one panel per run on a shared scale." + note,
                      svg: #"<div class="panels">"# + panels + "</div>",
                      table: dataTable(header: ["run", "try", "phase", "calls", "tokens in", "tokens out", "dollars", "unpriced"], rows: rows))
    }

    static func figure(id: String, caption: String, svg: String, table: String) -> String {
        #"<figure id="\#(id)" class="figure">\#(svg)<figcaption>\#(HTMLEscaping.html(caption))</figcaption>\#(table)</figure>"#
    }

    static func dataTable(header: [String], rows: [[String]]) -> String {
        var html = #"<table class="chart-data"><thead><tr>"#
        html += header.map { "<th>\(HTMLEscaping.html($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows {
            html += "<tr>" + row.enumerated().map { $0.offset == 0 ? "<th>\(HTMLEscaping.html($0.element))</th>" : "<td>\(HTMLEscaping.html($0.element))</td>" }.joined() + "</tr>"
        }
        return html + "</tbody></table>"
    }

    static func percent(_ share: Double) -> String {
        let tenths = Int((share * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
