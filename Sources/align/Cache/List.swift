import ArgumentParser
import Recorder

/// The filter options that `ls` and `prune` share.
struct InteractionFilterOptions: ParsableArguments {
    @Option(help: "Only this provider.") var provider: String?
    @Option(help: "Only this model.") var model: String?
    @Option(help: ArgumentHelp("Only those recorded before this date or time (UTC), e.g. 2026-11-01.", valueName: "date"))
    var before: String?
    @Flag(help: "Only calls whose status was not 2xx.") var failed = false

    func validate() throws {
        if let before, Timestamp.date(from: before) == nil {
            throw ValidationError("--before '\(before)' is not a date: use YYYY-MM-DD or an ISO 8601 time such as 2026-11-01T12:00:00Z")
        }
    }

    var filter: InteractionFilter {
        InteractionFilter(provider: provider, model: model,
                          recordedBefore: before.flatMap(Timestamp.date(from:)).map(Timestamp.string(from:)),
                          failedOnly: failed)
    }
}

extension CacheCommand {
    /// `align cache ls`: one line per interaction.
    struct List: AsyncAlignCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List recorded model calls, oldest first.")

        @OptionGroup var file: CacheFileOption
        @OptionGroup var filter: InteractionFilterOptions
        @Option(help: "At most this many.") var limit: Int?
        @Flag(help: "Print JSON instead of a table.") var json = false

        func execute() async throws {
            let rows = try await file.openExisting().list(filter.filter, limit: limit)
            if json { return try printJSON(rows) }
            var table = Table("key", "recorded", "provider", "model", "endpoint", "#", "status", "in", "out", "bytes")
            for row in rows {
                table.add(String(row.key.prefix(19)), String(row.recordedAt.prefix(19)), row.provider, row.model ?? "-",
                          row.endpoint + (row.streamed ? " (stream)" : ""), "\(row.sampleIndex)", "\(row.status)",
                          row.inputTokens.map(String.init) ?? "-", row.outputTokens.map(String.init) ?? "-",
                          "\(row.requestBytes)/\(row.responseBytes)")
            }
            print(table.rendered)
            print("\(rows.count) interaction(s)")
        }
    }
}
