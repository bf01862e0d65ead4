import Foundation
import Recorder
import Testing
import TestSupport

/// `align report` end to end: the built binary on a copy of the fixture runs.
@Suite("align report", .serialized)
struct ReportCommandTests {
    let directory = TemporaryDirectory("report-cli")
    let selfAlign = "run-20261204-050552-6e43", direct = "run-20261204-050605-1b41"

    private func align(_ arguments: [String]) async throws -> ProcessOutput {
        try await runProductAsync("align", arguments, environment: ["PATH": "/usr/bin:/bin"])
    }

    private func fixtureCopy() throws -> String {
        let copy = directory.path("run-cache.sqlite")
        if !FileManager.default.fileExists(atPath: copy) {
            try FileManager.default.copyItem(atPath: fixturePath("run-cache.sqlite"), toPath: copy)
        }
        return copy
    }

    /// The JSON data island of a page, parsed back.
    static func pageData(_ html: String) throws -> JSONValue {
        let opening = #"<script type="application/json" id="report-data">"#
        let start = try #require(html.range(of: opening)).upperBound
        let end = try #require(html.range(of: "</script>", range: start..<html.endIndex)).lowerBound
        return try JSONValue(parsing: String(html[start..<end]))
    }

    @Test func pageNumbersEqualShowAndCosts() async throws {
        let cache = try fixtureCopy(), output = directory.path("report.html")
        let made = try await align(["report", selfAlign, String(direct.prefix(20)), "--cache", cache, "-o", output,
                                    "--reprice", "gpt-3.5-turbo-1106"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stderr.contains("wrote \(output) · 2 runs · 10 tasks"))
        let html = try String(contentsOfFile: output, encoding: .utf8)
        let data = try Self.pageData(html)
        #expect(data["format"]?.stringValue == "selfalign-report/1")
        let runs = try #require(data["runs"]?.arrayValue)
        #expect(runs.map { $0["id"]?.stringValue } == [selfAlign, direct])
        for run in runs {
            let id = try #require(run["id"]?.stringValue)
            let shown = try await align(["show", id, "--cache", cache, "--json"])
            #expect(shown.status == 0, "\(shown.stderr)")
            #expect(run["summary"] == (try JSONValue(parsing: shown.stdout))["summary"], "summary of \(id)")

            let costs = try await align(["costs", id, "--cache", cache, "--reprice", "gpt-3.5-turbo-1106", "--json"])
            #expect(costs.status == 0, "\(costs.stderr)")
            let audit = try JSONValue(parsing: costs.stdout)
            let cells = run["costs"]?.arrayValue ?? []
            #expect(cells.reduce(0) { $0 + ($1["calls"]?.intValue ?? 0) } == audit["calls"]?.arrayValue?.count)
            let picodollars = cells.reduce(Int64(0)) { sum, cell in
                sum + Int64(((Double(cell["usd"]?.stringValue ?? "0") ?? 0) * 1e12).rounded())
            }
            func amount(_ name: String) -> Int64 {
                Int64(((Double(audit["total"]?[name]?.stringValue ?? "") ?? -1) * 1e12).rounded())
            }
            // Live calls were spent, cache-served ones saved: the page shows what every call cost when made.
            #expect(picodollars == amount("repriced_spent_usd") + amount("repriced_saved_usd"), "dollars of \(id)")
        }
        let again = directory.path("again.html")
        #expect(try await align(["report", selfAlign, direct, "--cache", cache, "-o", again, "--reprice", "gpt-3.5-turbo-1106"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: again)) == Data(html.utf8), "the same runs give the same bytes")
    }

    @Test func badInputSaysWhatToDo() async throws {
        let cache = try fixtureCopy()
        let none = try await align(["report", "--cache", cache, "-o", directory.path("x.html")])
        #expect(none.status != 0)
        #expect(none.stderr.contains("name at least one RUN"))
        let unknown = try await align(["report", "run-nope", "--cache", cache, "-o", directory.path("x.html")])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("run-nope") && unknown.stderr.contains("align runs"))
        let unwritable = try await align(["report", selfAlign, "--cache", cache, "-o", directory.path("missing/dir/x.html")])
        #expect(unwritable.status != 0)
        #expect(unwritable.stderr.contains("cannot write"))
        let noCache = try await align(["report", selfAlign, "--cache", directory.path("absent.sqlite"), "-o", directory.path("x.html")])
        #expect(noCache.status != 0)
        #expect(!FileManager.default.fileExists(atPath: directory.path("absent.sqlite")), "no cache is created")
    }

    /// A sweep's page: its numbers, read back from the page's data, are `align compare --json`'s for the same runs,
    /// and the intervals and paired tests the page shows as text are compare's too.
    @Test func sweepPageNumbersEqualCompare() async throws {
        let cache = directory.path("sweep-10.sqlite")
        try FileManager.default.copyItem(atPath: fixturePath("sweep-10.sqlite"), toPath: cache)
        let listed = try JSONValue(parsing: try await align(["runs", "--cache", cache, "--json"]).stdout)
        let sweep = try #require(listed.arrayValue?.first?["configuration"]?["sweep"]?.stringValue)
        let output = directory.path("sweep.html")
        let made = try await align(["report", "--sweep", sweep, "--cache", cache, "--prices-of", "gpt-3.5-turbo-1106",
                                    "-o", output])
        #expect(made.status == 0, "\(made.stderr)")
        let compared = try await align(["compare", "--sweep", sweep, "--cache", cache, "--prices-of", "gpt-3.5-turbo-1106",
                                        "--json"])
        #expect(compared.status == 0, "\(compared.stderr)")
        let comparison = try JSONValue(parsing: compared.stdout)
        let compareText = try await align(["compare", "--sweep", sweep, "--cache", cache, "--prices-of", "gpt-3.5-turbo-1106"]).stdout
        let rows = try #require(comparison["rows"]?.arrayValue)
        #expect(rows.count == 7)

        let html = try String(contentsOfFile: output, encoding: .utf8)
        let data = try Self.pageData(html)
        #expect(data["sweep"]?.stringValue == sweep)
        let runs = try #require(data["runs"]?.arrayValue)
        #expect(runs.map { $0["id"] } == rows.map { $0["run"] })
        for (run, row) in zip(runs, rows) {
            #expect(run["compare"] == row, "the page's row of \(row["run"]?.stringValue ?? "?") is compare's")
            #expect(run["label"] == row["label"])
            // The summary the page draws from agrees with compare's rates.
            #expect(run["summary"]?["correct"] == row["correct"]?["count"])
            #expect(run["summary"]?["tasks"] == row["tasks"])
            if let aligned = row["aligned"], aligned != .null { #expect(run["summary"]?["aligned"] == aligned["count"]) }
            // Shown as text: the correct rate with compare's interval, and the paired test against the baseline.
            let correct = try #require(row["correct"])
            let low = try #require(correct["low"]?.doubleValue), high = try #require(correct["high"]?.doubleValue)
            let count = try #require(correct["count"]?.intValue), total = try #require(correct["total"]?.intValue)
            let shown = "\(count)/\(total) (" + String(format: "%.1f%%", Double(count) / Double(total) * 100) + ")"
                + String(format: " [%.1f, %.1f]", low * 100, high * 100)
            #expect(html.contains("<td>\(shown)</td>"), "\(shown)")
            if let p = row["mcnemar"]?["p_value"]?.doubleValue, let gained = row["correct_gained"]?.intValue {
                let text = (gained > 0 ? "+" : "") + "\(gained) (p" + (p < 0.001 ? "<0.001" : "=" + String(format: "%.3f", p))
                #expect(html.contains(text), "\(text)")
            // … as `align compare` prints it.
            #expect(compareText.contains(text), "\(text)")
            }
        }
        for chart in ["chart-by-try", "chart-validity", "chart-cost", "chart-pareto", "chart-level-tests"] {
            #expect(html.contains("<figure id=\"\(chart)\""), "chart \(chart)")
        }

        // --baseline: compare's paired tests against that run, and the run joins the page first when not named.
        let baseline = try #require(rows[2]["run"]?.stringValue)
        let withBaseline = try await align(["report", try #require(rows[4]["run"]?.stringValue), "--baseline", baseline,
                                            "--cache", cache, "-o", directory.path("baseline.html")])
        #expect(withBaseline.status == 0, "\(withBaseline.stderr)")
        let page = try Self.pageData(try String(contentsOfFile: directory.path("baseline.html"), encoding: .utf8))
        #expect(page["runs"]?.arrayValue?.map { $0["id"]?.stringValue } == [baseline, rows[4]["run"]?.stringValue])
        #expect(page["runs"]?.arrayValue?.last?["compare"]?["mcnemar"]?["pairs"]?.intValue == 10)
    }

    /// A run recorded now keeps the sandbox protections it ran under, and the page shows them.
    @Test func aNewRunsSandboxProtectionsAreOnThePage() async throws {
        let cache = directory.path("replayed.sqlite")
        try FileManager.default.copyItem(atPath: fixturePath("run-cache.sqlite"), toPath: cache)
        let ran = try await align(["run", "--tasks", fixturePath("tasks/humaneval-10.jsonl"), "--limit", "2",
                                   "--provider", "log:" + fixturePath("tasks/agentcoder-humaneval-10.json.gz"),
                                   "--judge", "off", "--min-tests", "3", "--mode", "replay", "--cache", cache, "--no-progress"])
        #expect(ran.status == 0, "\(ran.stderr)")
        let listed = try JSONValue(parsing: try await align(["runs", "--cache", cache, "--json"]).stdout)
        let newest = try #require(listed.arrayValue?.last)
        let summary = try #require(newest["configuration"]?["sandbox"]?["summary"]?.stringValue)
        let doctor = try JSONValue(parsing: try await align(["doctor", "--json"]).stdout)
        #expect(summary == doctor["summary"]?.stringValue ?? doctor["sandbox"]?["summary"]?.stringValue)
        let output = directory.path("new.html")
        let made = try await align(["report", try #require(newest["run"]?.stringValue), "--cache", cache, "-o", output])
        #expect(made.status == 0, "\(made.stderr)")
        let html = try String(contentsOfFile: output, encoding: .utf8)
        let shown = summary.hasPrefix("sandbox: ") ? String(summary.dropFirst(9)) : summary
        #expect(html.contains("<tr><th>sandbox protections</th><td>\(shown)</td></tr>"), "\(shown)")
    }
}
