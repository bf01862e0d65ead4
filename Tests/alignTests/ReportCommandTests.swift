import Foundation
import Recorder
import Testing
import TestSupport

/// `align report` end to end: the built binary on a copy of the fixture runs.
@Suite("align report", .serialized)
struct ReportCommandTests {
    let directory = TemporaryDirectory("report-cli")
    let selfAlign = "run-20261127-164520-7ca3", direct = "run-20261127-164532-b89a"

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
}
