import Engine
import Recorder

extension HTMLReport {
    /// Correct against cost per task: each run (a sweep's cell) a point, the Pareto front (no other point is both
    /// cheaper and more often correct) joined and ringed.
    static func paretoFigure(_ page: ReportPage) -> String {
        let inDollars = page.runs.allSatisfy { $0.unpricedCalls == 0 }
        func cost(_ run: ReportPage.PageRun) -> Double {
            let n = Double(max(1, run.summary.tasks))
            return inDollars ? Double(run.costs.reduce(Money.zero) { $0 + $1.dollars }.picodollars) / 1e12 / n
                : Double(run.summary.inputTokens + run.summary.outputTokens) / n
        }
        func show(_ value: Double) -> String { inDollars ? "$" + String(format: "%.4f", value) : String(format: "%.0f", value) }
        let points = page.runs.map { (x: cost($0), y: $0.summary.tasks == 0 ? 0 : Double($0.summary.correct) / Double($0.summary.tasks)) }
        let front = SVGChart.paretoFront(points)
        let maximum = SVGChart.niceMaximum((points.map(\.x).max() ?? 1) * 1.05)
        var frame = SVGChart.Frame()
        frame.legendRows = page.runs.count
        func px(_ value: Double) -> Double { frame.left + value / maximum * frame.width }
        var svg = frame.open(label: "Correct against cost per task, per run; the Pareto front marked")
        svg += frame.axes(yTicks: SVGChart.ticks(maximum: 100) { "\(Int($0))%" },
                          xTicks: SVGChart.ticks(maximum: maximum, format: show).map { (frame.left + $0.0 * frame.width, $0.1) },
                          xLabel: inDollars ? "dollars per task" : "tokens per task (in + out)", yLabel: "correct")
        let frontPath = front.sorted { points[$0].x < points[$1].x }
            .map { "\(SVGChart.x(px(points[$0].x))),\(SVGChart.x(frame.y(points[$0].y)))" }.joined(separator: " ")
        if front.count > 1 {
            svg += ##"<polyline points="\##(frontPath)" fill="none" stroke="#000" stroke-width="1.2" stroke-dasharray="4 3"/>"##
        }
        var rows: [[String]] = []
        for (index, run) in page.runs.enumerated() {
            let colour = SVGChart.colours[index % SVGChart.colours.count]
            let (cx, cy) = (px(points[index].x), frame.y(points[index].y))
            let onFront = front.contains(index)
            if onFront {
                svg += ##"<circle cx="\##(SVGChart.x(cx))" cy="\##(SVGChart.x(cy))" r="9" fill="none" stroke="#000" stroke-width="1.2"/>"##
            }
            svg += SVGChart.marker(index, x: cx, y: cy, colour: colour,
                                   title: "\(run.label): correct \(run.summary.correct)/\(run.summary.tasks) at \(show(points[index].x)) per task\(onFront ? " · on the Pareto front" : "")")
            if let interval = run.intervals["correct"] {
                svg += #"<line x1="\#(SVGChart.x(cx))" y1="\#(SVGChart.x(frame.y(interval.low)))" x2="\#(SVGChart.x(cx))" y2="\#(SVGChart.x(frame.y(interval.high)))" stroke="\#(colour)" stroke-width="1.5" class="interval"/>"#
            }
            svg += frame.legend(row: index, text: run.label + (onFront ? " ◎" : ""), colour: colour, dash: nil, markerIndex: index)
            rows.append([run.label, "\(run.summary.correct)/\(run.summary.tasks) (\(RunSummary.percent(run.summary.correct, of: run.summary.tasks)))",
                         show(points[index].x), onFront ? "yes" : "no"])
        }
        svg += "</svg>"
        return figure(id: "chart-pareto", caption: "Correct against cost per task: each run a point; ringed points are on the Pareto front (no other run is both cheaper and more often correct), joined by the dashed line.",
                      svg: svg, table: dataTable(header: ["run", "correct", inDollars ? "dollars per task" : "tokens per task", "Pareto front"], rows: rows))
    }

    /// Alignment and correctness against each numeric setting that varies across the runs that write tests (a
    /// sweep's levels: tests, min tests, tries): a line per strategy and measure.
    static func levelFigures(_ page: ReportPage) -> String {
        let runs = page.runs.filter(\.aligns)
        func setting(_ run: ReportPage.PageRun, _ name: String) -> String? { run.settings.first { $0.name == name }?.value }
        let strategies = runs.compactMap { setting($0, "strategy") }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        var html = ""
        for name in ["tests", "min tests", "tries"] {
            let levels = runs.map { setting($0, name).flatMap(Double.init) }
            guard levels.contains(where: { $0 != nil }), Set(levels.compactMap { $0 }).count > 1 else { continue }
            let known = levels.compactMap { $0 }
            let (low, high) = (known.min() ?? 0, known.max() ?? 1)
            var frame = SVGChart.Frame()
            frame.legendRows = strategies.count * 2
            func px(_ value: Double) -> Double { frame.left + 20 + (value - low) / (high - low) * (frame.width - 40) }
            var svg = frame.open(label: "Aligned and correct against \(name), a line per strategy")
            svg += frame.axes(yTicks: SVGChart.ticks(maximum: 100) { "\(Int($0))%" },
                              xTicks: Array(Set(known)).sorted().map { (px($0), String(format: "%g", $0)) },
                              xLabel: name, yLabel: "share of tasks")
            var rows: [[String]] = []
            var legendRow = 0
            for (strategyIndex, strategy) in strategies.enumerated() {
                let colour = SVGChart.colours[strategyIndex % SVGChart.colours.count]
                let members = runs.indices.filter { setting(runs[$0], "strategy") == strategy && levels[$0] != nil }
                    .sorted { levels[$0]! < levels[$1]! }
                for (measureIndex, measure) in ["aligned", "correct"].enumerated() {
                    let dash = measureIndex == 0 ? "6 3" : ""
                    var points: [String] = []
                    for index in members {
                        let run = runs[index], level = levels[index]!
                        let count = measure == "aligned" ? run.summary.aligned : run.summary.correct
                        let share = run.summary.tasks == 0 ? 0 : Double(count) / Double(run.summary.tasks)
                        points.append("\(SVGChart.x(px(level))),\(SVGChart.x(frame.y(share)))")
                        svg += SVGChart.marker(strategyIndex, x: px(level), y: frame.y(share), colour: colour,
                                               title: "\(run.label) · \(measure) \(count)/\(run.summary.tasks) (\(RunSummary.percent(count, of: run.summary.tasks)))")
                        if let interval = run.intervals[measure] {
                            svg += ##"<line x1="\##(SVGChart.x(px(level) + Double(measureIndex * 4 - 2)))" y1="\##(SVGChart.x(frame.y(interval.low)))" x2="\##(SVGChart.x(px(level) + Double(measureIndex * 4 - 2)))" y2="\##(SVGChart.x(frame.y(interval.high)))" stroke="\##(colour)" stroke-width="1" class="interval"/>"##
                        }
                        rows.append([run.label, String(format: "%g", level), measure,
                                     "\(count)/\(run.summary.tasks) (\(RunSummary.percent(count, of: run.summary.tasks)))"
                                         + (run.intervals[measure].map { String(format: " [%.1f, %.1f]", $0.low * 100, $0.high * 100) } ?? "")])
                    }
                    svg += ##"<polyline points="\##(points.joined(separator: " "))" fill="none" stroke="\##(colour)" stroke-width="2" stroke-dasharray="\##(dash)"/>"##
                    svg += frame.legend(row: legendRow, text: "\(strategy) · \(measure)", colour: colour, dash: dash,
                                        markerIndex: strategyIndex)
                    legendRow += 1
                }
            }
            svg += "</svg>"
            html += figure(id: "chart-level-\(name.replacingOccurrences(of: " ", with: "-"))",
                           caption: "Alignment success (dashed) and correctness (solid) against \(name): a point per run, a line per strategy, 95% Wilson intervals as bars.",
                           svg: svg, table: dataTable(header: ["run", name, "measure", "tasks"], rows: rows))
        }
        return html
    }
}
