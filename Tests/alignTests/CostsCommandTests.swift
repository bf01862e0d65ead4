import Foundation
@testable import Recorder
import Testing
import TestSupport

/// `align costs` end to end, on a temporary copy of the fixture cache.
@Suite("align costs")
struct CostsCommandTests {
    let directory = TemporaryDirectory("costs-cli")

    private func align(_ arguments: String...) throws -> ProcessOutput {
        try runProduct("align", arguments, environment: ["PATH": "/usr/bin:/bin"])
    }

    private func fixtureCopy() throws -> String {
        let copy = directory.path("fixture.sqlite")
        try FileManager.default.copyItem(atPath: CacheCommandTests.fixtureCache, toPath: copy)
        return copy
    }

    /// "0.000342" → 342000000 picodollars, by string arithmetic (no binary floating point).
    private func picodollars(_ text: String) -> Int64 {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        return Int64(parts[0])! * 1_000_000_000_000
            + Int64((fraction + String(repeating: "0", count: 12 - fraction.count)))!
    }

    @Test func theFixtureCostsWhatItsCallsAddUpTo() throws {
        let cache = try fixtureCopy()
        let result = try align("costs", "--all", "--cache", cache, "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONValue(parsing: result.stdout)
        // 10 gpt-3.5-turbo-1106 calls ($1 / $2): 1229 in, 882 out → 1229 + 1764 = 2993 µ$;
        // 1 claude-3-5-haiku-20241022 call ($0.80 / $4): 110 in, 90 out → 88 + 360 = 448 µ$. Total 3441 µ$.
        #expect(report["total"]?["spent_usd"] == .string("0.003441"))
        #expect(report["total"]?["saved_usd"] == .string("0.00"))
        #expect(report["total"]?["calls"]?["live"]?.intValue == 11)
        #expect(report["unpriced"]?.arrayValue?.isEmpty == true)
        let calls = try #require(report["calls"]?.arrayValue)
        #expect(calls.count == 11)
        let perCall = calls.compactMap { $0["cost"]?["total_usd"]?.stringValue }.map(picodollars).reduce(0, +)
        #expect(perCall == picodollars("0.003441"))
        let groups = try #require(report["groups"]?.arrayValue)
        #expect(groups.compactMap { $0["model"]?.stringValue } == ["claude-3-5-haiku-20241022", "gpt-3.5-turbo-1106"])
        #expect(groups.compactMap { $0["spent_usd"]?.stringValue } == ["0.000448", "0.002993"])
        // Byte-identical when run again.
        #expect(try align("costs", "--all", "--cache", cache, "--json").stdout == result.stdout)
    }

    @Test func tableAndCSVAgree() throws {
        let cache = try fixtureCopy()
        let table = try align("costs", "--all", "--cache", cache)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("spent live:        $0.003441 on 11 call(s)"))
        #expect(table.stdout.contains("unpriced: none"))
        let csv = try align("costs", "--all", "--cache", cache, "--csv", "--by", "model")
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[1] == "claude-3-5-haiku-20241022,1,0,110,110,0,0,90,0,0.000448,0.00,0")
        #expect(lines[3] == "total,11,0,1339,1339,0,0,972,0,0.003441,0.00,0")
        let repriced = try align("costs", "--all", "--cache", cache, "--csv", "--reprice", "gpt-4o-mini")
        // 1339 × 0.15 + 972 × 0.6 = 200.85 + 583.2 = 784.05 µ$.
        #expect(repriced.stdout.split(separator: "\n").last?.hasSuffix(",0.003441,0.00,0,0.00078405,0.00,0") == true)
    }

    @Test func aBadRunIsAClearErrorWithExitStatus65() throws {
        let result = try align("costs", "no-such-run", "--cache", try fixtureCopy())
        #expect(result.status == 65)
        #expect(result.stderr.contains("no run 'no-such-run' in this cache"))
        #expect(result.stderr.contains("--all"))
    }

    @Test func aBadPricesFileIsExit65WithFileAndLine() throws {
        let prices = directory.path("prices.json")
        try Data("{\n  \"format\": \"selfalign-prices/1\",\n  \"models\": {\n    \"m\": [1,]\n  }\n}\n".utf8)
            .write(to: URL(fileURLWithPath: prices))
        let result = try align("costs", "--all", "--cache", try fixtureCopy(), "--prices", prices)
        #expect(result.status == 65)
        #expect(result.stderr.contains("prices file \(prices), line 4"), "\(result.stderr)")
    }

    @Test func aPricesFileOverridesTheBuiltInTable() throws {
        let prices = directory.path("litellm.json")
        try Data(#"{"gpt-3.5-turbo-1106": {"input_cost_per_token": 2e-06, "output_cost_per_token": 4e-06}}"#.utf8)
            .write(to: URL(fileURLWithPath: prices))
        let result = try align("costs", "--all", "--cache", try fixtureCopy(), "--prices", prices, "--json")
        #expect(result.status == 0, "\(result.stderr)")
        // Twice the built-in rates for gpt-3.5-turbo-1106: 2 × 2993 + 448 = 6434 µ$.
        #expect(try JSONValue(parsing: result.stdout)["total"]?["spent_usd"] == .string("0.006434"))
    }

    @Test func argumentsAreChecked() throws {
        let cache = try fixtureCopy()
        #expect(try align("costs", "--cache", cache).status == 64)
        #expect(try align("costs", "--all", "r1", "--cache", cache).status == 64)
        #expect(try align("costs", "--all", "--cache", cache, "--by", "colour").status == 64)
        let reprice = try align("costs", "--all", "--cache", cache, "--reprice", "gpt-9")
        #expect(reprice.status == 64)
        #expect(reprice.stderr.contains("not in the price table"))
    }

    @Test func theREADMEShowsWhatAlignCostsPrintsForTheFixture() throws {
        let result = try align("costs", "--all", "--cache", try fixtureCopy())
        #expect(result.status == 0, "\(result.stderr)")
        let readme = try String(contentsOf: CacheCommandTests.repository.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("$ align costs --all --cache fixtures/sample-cache.sqlite\n" + result.stdout),
                "README's align costs sample is stale; it should read:\n\(result.stdout)")
    }
}
