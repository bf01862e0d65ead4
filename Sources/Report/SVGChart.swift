import Engine
import Foundation

/// Small SVG charts drawn from numbers: lines, grouped bars, stacked bars and a scatter plot. Every mark carries
/// a `<title>` with its numbers; series differ by dash, marker shape and hatching as well as colour, so a chart
/// reads in black and white.
enum SVGChart {
    /// Series colours (dark enough for print) and the dash and marker that tell them apart without colour.
    static let colours = ["#1f4e79", "#b35806", "#2d6a4f", "#6a3d9a", "#8c2d04", "#404040"]
    static let dashes = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"]
    /// Fills for stacked parts: a colour and a hatch pattern id (patterns are defined once per chart).
    static let fills = [("#4a7fb0", "p-solid"), ("#e08214", "p-diag"), ("#5aae61", "p-dots"), ("#9970ab", "p-cross"),
                        ("#bf812d", "p-horiz"), ("#878787", "p-vert")]

    static func x(_ value: Double) -> String { String(format: "%.1f", value) }

    /// A marker of shape `index` (circle, square, triangle, diamond, …) at (x, y).
    static func marker(_ index: Int, x cx: Double, y cy: Double, colour: String, title: String) -> String {
        let r = 4.5
        let shape: String
        switch index % 4 {
        case 0: shape = #"<circle cx="\#(x(cx))" cy="\#(x(cy))" r="\#(x(r))""#
        case 1: shape = #"<rect x="\#(x(cx - r))" y="\#(x(cy - r))" width="\#(x(2 * r))" height="\#(x(2 * r))""#
        case 2: shape = #"<path d="M\#(x(cx)) \#(x(cy - r - 1))L\#(x(cx + r + 1)) \#(x(cy + r))L\#(x(cx - r - 1)) \#(x(cy + r))Z""#
        default: shape = #"<path d="M\#(x(cx)) \#(x(cy - r - 1))L\#(x(cx + r + 1)) \#(x(cy))L\#(x(cx)) \#(x(cy + r + 1))L\#(x(cx - r - 1)) \#(x(cy))Z""#
        }
        let fill = index % 8 < 4 ? colour : "#fff"
        return shape + #" fill="\#(fill)" stroke="\#(colour)" stroke-width="1.5"><title>\#(HTMLEscaping.html(title))</title>\#(closing(index))"#
    }

    private static func closing(_ index: Int) -> String {
        switch index % 4 {
        case 0: "</circle>"
        case 1: "</rect>"
        default: "</path>"
        }
    }

    /// The hatch patterns the stacked bars use, black on white so they survive greyscale printing.
    static let patterns = """
        <defs>\
        <pattern id="p-solid" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#4a7fb0"/></pattern>\
        <pattern id="p-diag" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#e08214"/><path d="M0 6L6 0" stroke="#000" stroke-width="1.2"/></pattern>\
        <pattern id="p-dots" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#5aae61"/><circle cx="3" cy="3" r="1.2" fill="#000"/></pattern>\
        <pattern id="p-cross" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#9970ab"/><path d="M0 0L6 6M6 0L0 6" stroke="#000" stroke-width="0.8"/></pattern>\
        <pattern id="p-horiz" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#bf812d"/><path d="M0 3H6" stroke="#000" stroke-width="1"/></pattern>\
        <pattern id="p-vert" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#878787"/><path d="M3 0V6" stroke="#000" stroke-width="1"/></pattern>\
        </defs>
        """

    /// An axis frame: the plot area's left, top, width, height, y ticks (value, label) and x ticks (position, label).
    struct Frame {
        var left = 56.0, top = 14.0, width = 440.0, height = 220.0
        /// Legend lines, drawn under the plot (labels can be long: a sweep cell's levels).
        var legendRows = 0
        var totalWidth: Double { left + width + 24 }
        var totalHeight: Double { top + height + 50 + Double(legendRows) * 17 }

        func y(_ share: Double) -> Double { top + (1 - share) * height }

        func axes(yTicks: [(Double, String)], xTicks: [(Double, String)], xLabel: String, yLabel: String) -> String {
            var svg = ""
            for (value, label) in yTicks {
                let py = y(value)
                svg += #"<line x1="\#(x(left))" y1="\#(x(py))" x2="\#(x(left + width))" y2="\#(x(py))" class="grid"/>"#
                svg += #"<text x="\#(x(left - 6))" y="\#(x(py + 4))" text-anchor="end">\#(HTMLEscaping.html(label))</text>"#
            }
            for (px, label) in xTicks {
                svg += #"<text x="\#(x(px))" y="\#(x(top + height + 16))" text-anchor="middle">\#(HTMLEscaping.html(label))</text>"#
            }
            svg += #"<line x1="\#(x(left))" y1="\#(x(top + height))" x2="\#(x(left + width))" y2="\#(x(top + height))" class="axis"/>"#
            svg += #"<line x1="\#(x(left))" y1="\#(x(top))" x2="\#(x(left))" y2="\#(x(top + height))" class="axis"/>"#
            svg += #"<text x="\#(x(left + width / 2))" y="\#(x(top + height + 36))" text-anchor="middle" class="label">\#(HTMLEscaping.html(xLabel))</text>"#
            svg += #"<text transform="translate(14 \#(x(top + height / 2))) rotate(-90)" text-anchor="middle" class="label">\#(HTMLEscaping.html(yLabel))</text>"#
            return svg
        }

        /// A legend entry on line `row` under the plot: a line sample with its marker, or a filled box.
        func legend(row: Int, text: String, colour: String, dash: String?, markerIndex: Int?, fill: String? = nil) -> String {
            let lx = left, ly = top + height + 56 + Double(row) * 17
            var svg = ""
            if let fill {
                svg += ##"<rect x="\##(x(lx))" y="\##(x(ly - 6))" width="22" height="12" fill="\##(fill)" stroke="#000" stroke-width="0.5"/>"##
            } else {
                svg += #"<line x1="\#(x(lx))" y1="\#(x(ly))" x2="\#(x(lx + 22))" y2="\#(x(ly))" stroke="\#(colour)" stroke-width="2" stroke-dasharray="\#(dash ?? "")"/>"#
                if let markerIndex { svg += marker(markerIndex, x: lx + 11, y: ly, colour: colour, title: text) }
            }
            svg += #"<text x="\#(x(lx + 28))" y="\#(x(ly + 4))">\#(HTMLEscaping.html(text))</text>"#
            return svg
        }

        func open(label: String) -> String {
            #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(x(totalWidth)) \#(x(totalHeight))" role="img" aria-label="\#(HTMLEscaping.html(label))" class="chart">"#
                + "<title>\(HTMLEscaping.html(label))</title>"
        }
    }

    /// Ticks at 0, 25, 50, 75 and 100 % of `maximum`, labelled by `format`.
    static func ticks(maximum: Double, format: (Double) -> String) -> [(Double, String)] {
        stride(from: 0.0, through: 1.0, by: 0.25).map { ($0, format($0 * maximum)) }
    }

    /// A round upper bound for an axis holding `value`.
    static func niceMaximum(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(value)))
        for step in [1.0, 2.0, 2.5, 5.0, 10.0] where step * magnitude >= value { return step * magnitude }
        return 10 * magnitude
    }

    /// The points of `points` (x, y) on the Pareto front when more y is better and less x is better.
    static func paretoFront(_ points: [(x: Double, y: Double)]) -> Set<Int> {
        var front = Set<Int>()
        for (index, point) in points.enumerated() {
            let dominated = points.enumerated().contains { other, candidate in
                other != index && candidate.x <= point.x && candidate.y >= point.y
                    && (candidate.x < point.x || candidate.y > point.y)
            }
            if !dominated { front.insert(index) }
        }
        return front
    }
}
