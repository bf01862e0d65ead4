import ArgumentParser
import Foundation

/// An async command whose errors are printed once, plainly, and mapped to an exit status by `ExitStatus`.
protocol AsyncAlignCommand: AsyncParsableCommand {
    func execute() async throws
}

extension AsyncAlignCommand {
    func run() async throws {
        do {
            try await execute()
        } catch let error as ExitCode {
            throw error
        } catch let error as CleanExit {
            throw error
        } catch {
            throw ExitStatus.report(error)
        }
    }
}

/// Writes text to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
