import ArgumentParser
import Recorder

extension CacheCommand {
    /// `align cache merge SOURCE…`: union other caches into this one, across backends.
    struct Merge: AsyncAlignCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add every record of other caches to this one (a union by key), creating it if needed.",
            discussion: """
                Sources and target may be SQLite files or PostgreSQL databases (postgres://USER@HOST:PORT/DB), in \
                any mix: seed a shared database from a file, or take a file home for offline replay. Records stream \
                from source to target. Every blob of a source is proved against its hash before it is copied; a \
                source that is damaged stops its merge before anything of it is committed.
                """)

        @OptionGroup var file: CacheFileOption
        @Argument(help: "The caches to merge in (files or postgres:// URLs).") var sources: [String]
        @Flag(help: "Print JSON instead of text.") var json = false

        func validate() throws {
            if sources.isEmpty { throw ValidationError("name at least one cache to merge in") }
        }

        func execute() async throws {
            // Sources are opened first: a missing or foreign one stops the merge before the target is created.
            var opened: [(String, any CacheBackend)] = []
            for source in sources { opened.append((printable(source), try await openCache(source, createIfMissing: false))) }
            let target = try await file.open(createIfMissing: true)
            var reports: [String: ExchangeReport] = [:]
            for (name, source) in opened {
                let report = try await CacheMerge.merge(from: source, into: target)
                reports[name] = report
                if !json { print(describe(report, from: name)) }
                await source.close()
            }
            await target.close()
            if json { try printJSON(reports) }
        }
    }
}
