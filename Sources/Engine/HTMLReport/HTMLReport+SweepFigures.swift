import Recorder

extension HTMLReport {
    /// Correct against cost per task: each run (a sweep's cell) a point, the Pareto front (no other point is both
    /// cheaper and more often correct) joined and ringed.
    static func paretoFigure(_ page: ReportPage) -> String {
        let inDollars = page.runs.allSatisfy { $0.unpricedCalls == 0 }
        func cost(_ run: ReportPage.Run) -> Double {
            let n = Double(max(1, run.summary.tasks))
            return inDollars ? Double(run.costs.reduce(Money.zero) { $0 + $1.dollars }.picodollars) / 1e12 / n
                : Double(run.summary.inputTokens + run.summary.outputTokens) / n
        }
        func show(_ value: Double) -> String { inDollars ? "$" + String(format: "%.4f", value) : String(format: "%.0f", value) }
        let points = page.runs.map { (x: cost($0), y: $0.summary.tasks == 0 ? 0 : Double($0.summary.correct) / Double($0.summary.tasks)) }
        let front = SVGChart.paretoFront(points)
        let maximum = SVGChart.niceMaximum((points.map(\.x).max() ?? 1) * 1.05)
        let frame = SVGChart.Frame()
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

    /// Alignment and correctness against each numeric setting that varies across the runs (a sweep's levels:
    /// tries, min tests).
    static func levelFigures(_ page: ReportPage) -> String {
        let runs = page.runs.filter(\.aligns)
        var html = ""
        for name in ["tries", "min tests"] {
            let values = runs.map { run in run.settings.first { $0.name == name }.flatMap { Double($0.value) } }
            guard values.allSatisfy({ $0 != nil }), Set(values.compactMap { $0 }).count > 1 else { continue }
            let levels = values.compactMap { $0 }
            let (low, high) = (levels.min() ?? 0, levels.max() ?? 1)
            let frame = SVGChart.Frame()
            func px(_ value: Double) -> Double { frame.left + (high == low ? 0.5 : (value - low) / (high - low)) * frame.width }
            var svg = frame.open(label: "Aligned and correct against \(name)")
            let ticks = Array(Set(levels)).sorted()
            svg += frame.axes(yTicks: SVGChart.ticks(maximum: 100) { "\(Int($0))%" },
                              xTicks: ticks.map { (px($0), String(format: "%g", $0)) }, xLabel: name, yLabel: "share of tasks")
            var rows: [[String]] = []
            for (measureIndex, measure) in ["aligned", "correct"].enumerated() {
                let colour = SVGChart.colours[measureIndex]
                // One point per run; runs at the same level (other settings differ) are averaged for the line.
                var byLevel: [Double: [Double]] = [:]
                for (index, run) in runs.enumerated() {
                    let count = measure == "aligned" ? run.summary.aligned : run.summary.correct
                    let share = run.summary.tasks == 0 ? 0 : Double(count) / Double(run.summary.tasks)
                    byLevel[levels[index], default: []].append(share)
                    svg += SVGChart.marker(measureIndex, x: px(levels[index]), y: frame.y(share), colour: colour,
                                           title: "\(run.label) · \(name) \(String(format: "%g", levels[index])) · \(measure) \(count)/\(run.summary.tasks)")
                    if let interval = run.intervals[measure] {
                        svg += #"<line x1="\#(SVGChart.x(px(levels[index])))" y1="\#(SVGChart.x(frame.y(interval.low)))" x2="\#(SVGChart.x(px(levels[index])))" y2="\#(SVGChart.x(frame.y(interval.high)))" stroke="\#(colour)" stroke-width="1.5" class="interval"/>"#
                    }
                    rows.append([run.label, String(format: "%g", levels[index]), measure,
                                 "\(count)/\(run.summary.tasks) (\(RunSummary.percent(count, of: run.summary.tasks)))"])
                }
                let line = byLevel.keys.sorted().map { level in
                    let shares = byLevel[level] ?? []
                    return "\(SVGChart.x(px(level))),\(SVGChart.x(frame.y(shares.reduce(0, +) / Double(shares.count))))"
                }.joined(separator: " ")
                svg += #"<polyline points="\#(line)" fill="none" stroke="\#(colour)" stroke-width="2" stroke-dasharray="\#(SVGChart.dashes[measureIndex])"/>"#
                svg += frame.legend(row: measureIndex, text: measure, colour: colour, dash: SVGChart.dashes[measureIndex], markerIndex: measureIndex)
            }
            svg += "</svg>"
            html += figure(id: "chart-level-\(name.replacingOccurrences(of: " ", with: "-"))",
                           caption: "Alignment success and correctness against \(name): a point per run, the line through each level's mean.",
                           svg: svg, table: dataTable(header: ["run", name, "measure", "tasks"], rows: rows))
        }
        return html
    }
}
