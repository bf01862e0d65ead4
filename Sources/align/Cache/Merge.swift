import ArgumentParser
import Recorder

extension CacheCommand {
    /// `align cache merge SOURCE…`: union other caches into this one.
    struct Merge: AlignCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add every record of other caches to this one (a union by key), creating it if needed.",
            discussion: "Every blob of a source is proved against its hash before it is copied; a source that is damaged stops the merge before anything of it is written.")

        @OptionGroup var file: CacheFileOption
        @Argument(help: "The caches to merge in.") var sources: [String]
        @Flag(help: "Print JSON instead of text.") var json = false

        func validate() throws {
            if sources.isEmpty { throw ValidationError("name at least one cache to merge in") }
        }

        func execute() throws {
            // Sources are opened first: a missing or foreign one stops the merge before the target is created.
            let opened = try sources.map { try CacheStore(path: $0, options: .existingOnly) }
            let target = try CacheStore(path: try file.resolvedPath())
            var reports: [String: ExchangeReport] = [:]
            for source in opened {
                let report = try target.merge(from: source)
                reports[source.path] = report
                if !json { print(describe(report, from: source.path)) }
            }
            if json { try printJSON(reports) }
        }
    }
}
