import Foundation
import Testing
import TestSupport

/// What `align show`, `compare`, `costs`, `eval` and `report` print on the shipped fixtures, byte for byte, against
/// outputs captured before the Sandbox and Report targets were cut out of Engine (golden/). A move of code must not
/// change a byte; a deliberate change of output re-captures them with `ALIGN_GOLDEN_CAPTURE=1` and says why.
///
/// Each case runs on a fresh copy of its cache (a command may write to the cache it reads). The one thing that varies
/// from one run to the next is the copy's folder, which the report names: it is written as `<tmp>` in the goldens.
@Suite("golden outputs")
struct GoldenOutputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        /// The golden file's name.
        var name: String
        /// The fixture the command reads (copied first), or nil.
        var cache: String?
        /// The arguments; `{cache}` stands for the copy, `{out}` for the page `align report` writes.
        var arguments: [String]
        /// The golden is the page written to `{out}` rather than standard output.
        var page = false

        var testDescription: String { name }
    }

    static let selfAlign = "run-20261204-050552-6e43", direct = "run-20261204-050605-1b41"
    static let sweep10 = "sweep-20261204-050606-eb51", sweep164 = "sweep-20261204-051240-ff1e"
    static let humanEval164 = "run-20261204-050640-a8cb"
    static let evalArguments = ["eval", "--tasks", fixturePath("tasks/humaneval-10.jsonl"),
                                "--plus", fixturePath("tasks/HumanEvalPlus.jsonl.gz"),
                                "--outputs", golden("eval-outputs.jsonl"), "--cache", "{cache}", "--mode", "replay"]

    static let cases: [Case] = [
        Case(name: "show-self-align.txt", cache: "run-cache.sqlite", arguments: ["show", selfAlign, "--cache", "{cache}"]),
        Case(name: "show-self-align-tasks.txt", cache: "run-cache.sqlite",
             arguments: ["show", selfAlign, "--show-tasks", "--cache", "{cache}"]),
        Case(name: "show-direct.json", cache: "run-cache.sqlite", arguments: ["show", direct, "--json", "--cache", "{cache}"]),
        Case(name: "show-humaneval-164.txt", cache: "humaneval-164.sqlite",
             arguments: ["show", humanEval164, "--show-tasks", "--cache", "{cache}"]),
        Case(name: "compare-runs.txt", cache: "run-cache.sqlite", arguments: ["compare", selfAlign, direct, "--cache", "{cache}"]),
        Case(name: "compare-runs.json", cache: "run-cache.sqlite",
             arguments: ["compare", selfAlign, direct, "--json", "--prices-of", "gpt-3.5-turbo-1106", "--cache", "{cache}"]),
        Case(name: "compare-sweep-10.txt", cache: "sweep-10.sqlite",
             arguments: ["compare", "--sweep", sweep10, "--prices-of", "gpt-3.5-turbo-1106", "--cache", "{cache}"]),
        Case(name: "compare-sweep-10.csv", cache: "sweep-10.sqlite",
             arguments: ["compare", "--sweep", sweep10, "--csv", "--cache", "{cache}"]),
        Case(name: "compare-sweep-164.txt", cache: "humaneval-164-sweep.sqlite",
             arguments: ["compare", "--sweep", sweep164, "--cache", "{cache}"]),
        Case(name: "costs-self-align.txt", cache: "run-cache.sqlite", arguments: ["costs", selfAlign, "--cache", "{cache}"]),
        Case(name: "costs-self-align-by.txt", cache: "run-cache.sqlite",
             arguments: ["costs", selfAlign, "--reprice", "gpt-3.5-turbo-1106", "--by", "phase,try", "--cache", "{cache}"]),
        Case(name: "costs-direct.json", cache: "run-cache.sqlite",
             arguments: ["costs", direct, "--reprice", "gpt-3.5-turbo-1106", "--json", "--cache", "{cache}"]),
        Case(name: "costs-all.csv", cache: "run-cache.sqlite", arguments: ["costs", "--all", "--csv", "--cache", "{cache}"]),
        Case(name: "costs-sample-all.txt", cache: "sample-cache.sqlite", arguments: ["costs", "--all", "--cache", "{cache}"]),
        Case(name: "eval.txt", cache: "eval", arguments: evalArguments + ["--show-outputs"]),
        Case(name: "eval.json", cache: "eval", arguments: evalArguments + ["--json"]),
        Case(name: "report-runs.html", cache: "run-cache.sqlite",
             arguments: ["report", selfAlign, direct, "--reprice", "gpt-3.5-turbo-1106", "--cache", "{cache}", "-o", "{out}"],
             page: true),
        Case(name: "report-sweep-10.html", cache: "sweep-10.sqlite",
             arguments: ["report", "--sweep", sweep10, "--prices-of", "gpt-3.5-turbo-1106", "--cache", "{cache}",
                         "-o", "{out}"],
             page: true),
    ]

    static func golden(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("golden")
            .appendingPathComponent(name).path
    }

    let directory = TemporaryDirectory("golden")

    @Test(arguments: cases)
    func printsWhatItPrintedBefore(_ golden: Case) async throws {
        var substitutions = ["{out}": directory.path("page.html")]
        if let cache = golden.cache {
            // `eval` replays the executions recorded for golden/eval-outputs.jsonl (strict: a changed key misses).
            let source = cache == "eval" ? Self.golden("eval.sqlite") : fixturePath(cache)
            let copy = directory.path(URL(fileURLWithPath: source).lastPathComponent)
            try FileManager.default.copyItem(atPath: source, toPath: copy)
            substitutions["{cache}"] = copy
        }
        let arguments = golden.arguments.map { substitutions[$0] ?? $0 }
        let result = try await runProductAsync("align", arguments, environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.status == 0, "\(result.stderr)")
        let printed = golden.page ? try String(contentsOfFile: directory.path("page.html"), encoding: .utf8) : result.stdout
        let normalized = printed.replacingOccurrences(of: directory.url.path, with: "<tmp>")
        let path = Self.golden(golden.name)
        if ProcessInfo.processInfo.environment["ALIGN_GOLDEN_CAPTURE"] == "1" {
            try normalized.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(normalized == expected, "align \(golden.arguments.joined(separator: " ")) differs from golden/\(golden.name)")
    }
}
