import ArgumentParser
import Recorder

extension CacheCommand {
    /// `align cache stats`: counts, sizes, deduplication and per-model totals.
    struct Stats: AsyncAlignCommand {
        static let configuration = CommandConfiguration(abstract: "Show what a cache holds and how much space it takes.")

        @OptionGroup var file: CacheFileOption
        @Flag(help: "Print JSON instead of a table.") var json = false

        func execute() async throws {
            let store = try await file.openExisting()
            let stats = try await store.stats()
            if json { return try printJSON(stats) }
            let ratio = stats.blobStoredBytes > 0 ? Double(stats.referencedRawBytes) / Double(stats.blobStoredBytes) : 0
            print("""
                cache          \(store.identity) (schema \(stats.schemaVersion))
                interactions   \(stats.interactions) (\(stats.streamedInteractions) streamed)
                executions     \(stats.executions)
                runs           \(stats.runs) (\(stats.runEvents) events)
                blobs          \(stats.blobs) distinct, \(formatBytes(stats.blobRawBytes)) raw, \
                \(formatBytes(stats.blobStoredBytes)) compressed
                bodies         \(formatBytes(stats.referencedRawBytes)) as sent and received \
                (\(String(format: "%.1f", ratio))x the stored size, after deduplication and zlib)
                file           \(formatBytes(stats.fileBytes)) on disk (a file with its write-ahead log, or the tables)
                recorded       \(stats.oldest ?? "-") to \(stats.newest ?? "-")
                """)
            guard !stats.byModel.isEmpty else { return }
            var table = Table("provider", "model", "calls", "input tokens", "output tokens")
            for row in stats.byModel {
                table.add(row.provider, row.model ?? "-", "\(row.interactions)", "\(row.inputTokens)", "\(row.outputTokens)")
            }
            print("\n" + table.rendered)
        }
    }
}
