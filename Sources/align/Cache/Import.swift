import ArgumentParser
import Foundation
import Recorder

extension CacheCommand {
    /// `align cache import FILE…`: add what exports hold, a union by key.
    struct Import: AlignCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add the records of one or more exports (JSON Lines) to a cache, creating it if needed.",
            discussion: """
                A union by key: a key stored already is kept. Each file is imported in one transaction, so a \
                malformed line imports nothing from that file. A line without "key" gets its key computed; a line \
                whose key does not match its request is refused.
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

        func execute() throws {
            // Every input is read before the cache is opened, so a missing file leaves the cache untouched.
            let contents = try exports.map { path -> (String, String) in
                let data: Data
                if path == "-" {
                    data = FileHandle.standardInput.readDataToEndOfFile()
                } else {
                    guard let read = FileManager.default.contents(atPath: path) else {
                        throw CacheError.fileNotFound(path: path)
                    }
                    data = read
                }
                return (path, String(decoding: data, as: UTF8.self))
            }
            let redaction = try Redaction.default.adding(patterns: redactPatterns)
            let store = try CacheStore(path: try file.resolvedPath(), options: .init(redaction: redaction))
            var reports: [String: ExchangeReport] = [:]
            for (path, text) in contents {
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false).lazy.map(String.init)
                let report = try Self.mapLineErrors(path: path) { () throws(CacheError) in
                    try store.importExport(lines: lines)
                }
                reports[path] = report
                if !json { print(describe(report, from: path)) }
            }
            if json { try printJSON(reports) }
        }

        /// Names the file in a malformed-line error: with several inputs, a line number alone does not say where.
        private static func mapLineErrors(path: String, _ body: () throws(CacheError) -> ExchangeReport) throws
            -> ExchangeReport
        {
            let result: Result<ExchangeReport, CacheError> = Result(catching: body)
            switch result {
            case .success(let report): return report
            case .failure(.malformedExport(let line, let reason)):
                throw CacheError.malformedExport(line: line, reason: "\(path): \(reason)")
            case .failure(let error): throw error
            }
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
