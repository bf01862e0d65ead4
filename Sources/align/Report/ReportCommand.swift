import ArgumentParser
import Engine
import Foundation
import Recorder
import Report

/// `align report`: one self-contained HTML page of one or more stored runs.
struct ReportCommand: AsyncAlignCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML page of stored runs: provenance, charts, a task grid, every try.",
        discussion: """
            Everything on the page is read from the stored runs and their events, and from the cache behind their \
            keys (what each call answered, what each execution ran). The page has no external script, font or \
            image and makes no network request; it opens from disk and prints. The same runs give the same bytes.
            """)

    @Argument(help: "The runs (see `align runs`); unique prefixes will do.") var runs: [String] = []
    @Option(help: ArgumentHelp("Report every run of this sweep (see `align sweep`).", valueName: "id")) var sweep: String?
    @Option(help: ArgumentHelp("The run the others are tested against (default: the first direct run).", valueName: "run"))
    var baseline: String?
    @OptionGroup var file: CacheFileOption
    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Where to write the page.", valueName: "file.html"))
    var output: String
    @Option(help: ArgumentHelp("A price file (native or LiteLLM format) overriding and extending the built-in table.",
                               valueName: "file"))
    var prices: String?
    @Option(name: [.customLong("reprice"), .customLong("prices-of")],
            help: ArgumentHelp("Price every call at this model's prices (for calls whose model is not in the table), as `align compare --prices-of` does.",
                               valueName: "model"))
    var reprice: String?
    @Option(help: ArgumentHelp("The page's title.", valueName: "text")) var title: String?

    func validate() throws {
        if runs.isEmpty == (sweep == nil) {
            throw ValidationError("name at least one RUN or --sweep ID, not both (`align runs --cache FILE` lists them)")
        }
    }

    func execute() async throws {
        let table = try PriceTable.load(overrides: prices)
        if let reprice, table.resolve(reprice) == nil {
            throw ValidationError("--reprice \(reprice): that model is not in the price table (add it with --prices FILE)")
        }
        let store = try await file.openExisting()
        // The baseline joins the page when it is not among the runs, first, as `align compare` does.
        let (stored, baselineID) = try await store.comparedRuns(runs, sweep: sweep, baseline: baseline)
        let page = try await ReportPage(runs: stored, store: store, table: table, reprice: reprice, baseline: baselineID,
                                        alignVersion: Align.configuration.version, title: title)
        let html = HTMLReport.render(page)
        do {
            try Data(html.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw ValidationError("cannot write \(output): \(error.localizedDescription)")
        }
        printError("wrote \(output) · \(stored.count) run\(stored.count == 1 ? "" : "s") · \(page.taskIDs.count) tasks · \(html.utf8.count) bytes")
    }
}
