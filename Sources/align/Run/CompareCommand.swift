import ArgumentParser
import Engine
import Foundation
import Recorder

/// `align compare RUN… | --sweep ID`: stored runs side by side, with intervals, paired tests and costs.
struct CompareCommand: AsyncAlignCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare stored runs on the same tasks: rates with 95% Wilson intervals, exact McNemar against a baseline, costs.",
        discussion: """
            One row per run: aligned, correct, false alignment, test validity, tries, pass@1, tokens, the cost of \
            all its calls (at their own prices, or --prices-of MODEL's), cost per correct task, and against the \
            baseline (--baseline RUN, else the first direct run) the correct tasks gained with the exact McNemar \
            p-value on the tasks both ran, and the marginal cost of each task gained. Repeats of one configuration \
            are summed up as mean ± sd.
            """)

    @OptionGroup var file: CacheFileOption
    @Argument(help: "Run ids (unique prefixes will do).") var runs: [String] = []
    @Option(help: "Compare every run of this sweep.") var sweep: String?
    @Option(help: "The run the others are tested against (default: the first direct run).") var baseline: String?
    @Option(help: "Also price every call at this model's prices.") var pricesOf: String?
    @Option(help: ArgumentHelp("Prices overriding or extending the built-in table.", valueName: "file")) var prices: String?
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Print CSV.") var csv = false

    func execute() async throws {
        guard runs.isEmpty != (sweep == nil) else {
            throw ValidationError("give run ids or --sweep ID (one of the two)")
        }
        guard !(json && csv) else { throw ValidationError("--json and --csv exclude each other") }
        let store = try await file.openExisting()
        let (all, baselineID) = try await store.comparedRuns(runs, sweep: sweep, baseline: baseline)
        let comparison = try await ComparisonReport.build(all, in: store, baseline: baselineID, priceModel: pricesOf,
                                                    table: try PriceTable.load(overrides: prices))
        if json {
            print(comparison.json.canonicalString)
        } else if csv {
            print(comparison.csv(), terminator: "")
        } else {
            print(comparison.text(), terminator: "")
        }
    }
}
