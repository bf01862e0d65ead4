import ArgumentParser
import Foundation
import Recorder

/// `align costs`: what a run (or the whole cache) spent live, what the cache saved, and what it would cost on
/// another model, from the usage the providers returned and the dated price table.
struct CostsCommand: AsyncAlignCommand {
    static let configuration = CommandConfiguration(
        commandName: "costs",
        abstract: "Audit token costs: spent live, saved by the cache, by run, task, phase, try and model.",
        discussion: """
            RUN audits that run's model calls (those it recorded live were spent; those served from the cache were \
            saved, at what they would have cost). --all audits the whole cache: every recorded call once, as spent \
            when it was recorded, plus every cache-served call of every run as saved. Each call is priced at the \
            price in force on the UTC day it was first recorded. Calls whose model or rate the table lacks are \
            listed as unpriced and left out of the sums, never counted as free.
            """)

    @Argument(help: "The run to audit.") var run: String?
    @Flag(help: "Audit every call in the cache instead of one run.") var all = false
    @OptionGroup var file: CacheFileOption
    @Option(help: ArgumentHelp("A price file (native or LiteLLM format) overriding and extending the built-in table.",
                               valueName: "file"))
    var prices: String?
    @Option(help: ArgumentHelp("Also price the same usage at this model's prices.", valueName: "model"))
    var reprice: String?
    @Option(help: ArgumentHelp("Group by these, comma-separated.", valueName: "list"))
    var by = CostDimensions([.model])
    @Flag(help: "Print the whole report, every call included, as JSON.") var json = false
    @Flag(help: "Print the groups and a total row as CSV.") var csv = false

    func validate() throws {
        if all == (run != nil) { throw ValidationError("name a RUN or pass --all (not both)") }
        if json && csv { throw ValidationError("--json and --csv exclude each other") }
    }

    func execute() async throws {
        let table = try PriceTable.load(overrides: prices)
        if let reprice, table.resolve(reprice) == nil {
            throw ValidationError("--reprice \(reprice): that model is not in the price table "
                                             + "(add it with --prices FILE)")
        }
        let store = try await file.openExisting()
        let report: CostReport
        if let run {
            report = try await CostReport.run(run, in: store, table: table, reprice: reprice, by: by.dimensions)
        } else {
            report = try await CostReport.all(in: store, table: table, reprice: reprice, by: by.dimensions)
        }
        if json {
            print(report.jsonValue.canonicalString)
        } else if csv {
            FileHandle.standardOutput.write(Data(report.csv.utf8))
        } else {
            print(CostsText(report: report, pricesFile: prices).rendered)
        }
    }
}
