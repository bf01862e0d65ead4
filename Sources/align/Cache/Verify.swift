import ArgumentParser
import Recorder

extension CacheCommand {
    /// `align cache verify`: prove every blob and key; exit status 1 when anything is damaged.
    struct Verify: AsyncAlignCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every stored blob against its hash and every key against its request.",
            discussion: "Exits 0 when the cache is sound, 1 when it lists damaged entries (which are never served).")

        @OptionGroup var file: CacheFileOption
        @Flag(help: "Print JSON instead of text.") var json = false

        func execute() async throws {
            let store = try await file.openExisting()
            let report = try await store.verify()
            if json {
                try printJSON(report)
            } else {
                for problem in report.problems {
                    print("\(problem.kind)  \(problem.subject)  \(problem.detail)")
                }
                let verdict = report.isClean ? "ok" : "\(report.problems.count) problem(s)"
                print("\(verdict): \(report.blobsChecked) blobs, \(report.interactionsChecked) interactions, "
                      + "\(report.executionsChecked) executions checked in \(store.identity)")
            }
            if !report.isClean { throw ExitCode(ExitStatus.findings.rawValue) }
        }
    }
}
