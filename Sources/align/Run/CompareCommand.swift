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
        let (all, baselineID) = try await SweepRuns.compared(runs, sweep: sweep, baseline: baseline, in: store)
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

/// Finding a sweep's runs.
enum SweepRuns {
    /// The runs tagged with sweep `id` (or a unique prefix of it), in creation order, with their events.
    static func find(_ id: String, in store: any RunStore & InteractionStore) async throws -> [StoredRun] {
        let listed = try await store.runs(includingEvents: false)
        let sweeps = Set(listed.compactMap { $0.config["sweep"]?.stringValue })
        let matching = sweeps.filter { $0 == id || $0.hasPrefix(id) }
        guard let sweepID = matching.count == 1 ? matching.first : (sweeps.contains(id) ? id : nil) else {
            if matching.isEmpty {
                throw CacheError.notFound(what: "sweep \(id) (`align runs --cache \(store.identity)` lists the runs and their sweeps)")
            }
            throw ValidationError("'\(id)' matches \(matching.count) sweeps: \(matching.sorted().prefix(3).joined(separator: ", ")) …")
        }
        var runs: [StoredRun] = []
        for run in listed where run.config["sweep"]?.stringValue == sweepID {
            if let full = try await store.run(run.runID) { runs.append(full) }
        }
        return runs
    }

    /// The runs `align compare` and `align report` take: the named runs or a sweep's, with the baseline (a run id or
    /// unique prefix) first when it is not among them; and the baseline's full run id.
    static func compared(_ ids: [String], sweep: String?, baseline: String?, in store: any RunStore & InteractionStore)
        async throws -> (runs: [StoredRun], baselineID: String?)
    {
        var stored: [StoredRun] = []
        if let sweep {
            stored = try await find(sweep, in: store)
        } else {
            for id in ids { stored.append(try await StoredRuns.find(id, in: store)) }
        }
        var baselineID: String?
        if let baseline { baselineID = try await StoredRuns.find(baseline, in: store).runID }
        if let baselineID, !stored.contains(where: { $0.runID == baselineID }), let run = try await store.run(baselineID) {
            stored.insert(run, at: 0)
        }
        return (stored, baselineID)
    }
}
