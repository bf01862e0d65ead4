import ArgumentParser
import Recorder

extension CacheCommand {
    /// `align cache prune`: drop chosen interactions and every blob nothing refers to.
    struct Prune: AsyncAlignCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove the interactions that match the filters, then every blob that nothing refers to.",
            discussion: "With no filter only unreferenced blobs go. --dry-run counts without changing anything.")

        @OptionGroup var file: CacheFileOption
        @OptionGroup var filter: InteractionFilterOptions
        @Flag(help: "Count what would be removed; change nothing.") var dryRun = false
        @Flag(help: "Afterwards give the freed space back (SQLite VACUUM; PostgreSQL VACUUM of the cache's tables).") var vacuum = false
        @Flag(help: "Print JSON instead of text.") var json = false

        func execute() async throws {
            let store = try await file.openExisting()
            let report = try await store.prune(filter.filter, dryRun: dryRun)
            if vacuum && !dryRun { try await store.compact() }
            if json { return try printJSON(report) }
            let verb = dryRun ? "would remove" : "removed"
            print("\(verb) \(report.interactionsRemoved) interaction(s) and \(report.blobsRemoved) unreferenced blob(s), "
                  + "\(formatBytes(report.storedBytesFreed)) stored")
        }
    }
}
