import ArgumentParser
import Foundation
import Recorder

extension CacheCommand {
    /// `align cache import FILE…`: add what exports hold, a union by key.
    struct Import: AsyncAlignCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add the records of one or more exports (JSON Lines) to a cache, creating it if needed.",
            discussion: """
                A union by key: a key stored already is kept. Each file is imported in one transaction, so a \
                malformed line imports nothing from that file. A line without "key" gets its key computed; a line \
                whose key does not match its request is refused. The cache may be a file or a PostgreSQL database; \
                lines are read as they are imported, not all at once.
                """)

        @OptionGroup var file: CacheFileOption
        @Argument(help: "Export files; - reads standard input.") var exports: [String]
        @Option(name: .customLong("redact"), help: ArgumentHelp(
            "A regular expression whose matches are blanked out of stored bodies (repeatable).", valueName: "pattern"))
        var redactPatterns: [String] = []
        @Flag(help: "Print JSON instead of text.") var json = false

        func validate() throws {
            if exports.isEmpty { throw ValidationError("name at least one export file (or - for standard input)") }
        }

        func execute() async throws {
            // Every input is opened before the cache is, so a missing file leaves the cache untouched.
            let inputs = try exports.map { path -> (String, FileHandle) in
                if path == "-" { return (path, FileHandle.standardInput) }
                guard let handle = FileHandle(forReadingAtPath: path) else { throw CacheError.fileNotFound(path: path) }
                return (path, handle)
            }
            let redaction = try Redaction.default.adding(patterns: redactPatterns)
            let store = try await file.open(createIfMissing: true, redaction: redaction)
            var reports: [String: ExchangeReport] = [:]
            for (path, handle) in inputs {
                let report: ExchangeReport
                do {
                    report = try await store.importLines(from: FileLines(handle: handle))
                } catch CacheError.malformedExport(let line, let reason) {
                    // With several inputs, a line number alone does not say where.
                    throw CacheError.malformedExport(line: line, reason: "\(path): \(reason)")
                }
                reports[path] = report
                if !json { print(describe(report, from: path)) }
            }
            await store.close()
            if json { try printJSON(reports) }
        }
    }
}

func describe(_ report: ExchangeReport, from source: String) -> String {
    var text = "\(source): \(report.interactionsAdded) interaction(s) added, \(report.interactionsPresent) already present"
    if report.interactionsDiffering > 0 {
        text += ", \(report.interactionsDiffering) stored already with a different answer (kept the existing one)"
    }
    text += "; \(report.executionsAdded) execution(s) and \(report.runsAdded) run(s) added"
    return text
}
