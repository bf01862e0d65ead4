import ArgumentParser
import Foundation
import Recorder

/// `align cache …`: inspect, check, move and trim a cache file.
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Inspect, verify, export, import, merge and prune a cache file.",
        subcommands: [Stats.self, Verify.self, List.self, Show.self, Export.self, Import.self, Merge.self, Prune.self]
    )
}

/// The `--cache FILE` option every cache command takes, with `ALIGN_CACHE` as its fallback.
struct CacheFileOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The cache file (default: $ALIGN_CACHE).", valueName: "file"))
    var cache: String?

    /// The path to use.
    /// - Throws: a usage error when neither the option nor the variable is set.
    func resolvedPath() throws -> String {
        if let cache { return cache }
        if let fromEnvironment = ProcessInfo.processInfo.environment["ALIGN_CACHE"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        throw CacheError.invalidArgument("no cache file: pass --cache FILE or set ALIGN_CACHE")
    }

    /// Opens an existing cache; nothing is created.
    func openExisting() throws -> CacheStore {
        try CacheStore(path: try resolvedPath(), options: .existingOnly)
    }
}

/// Writes `value` to standard output as pretty, key-sorted JSON.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    FileHandle.standardOutput.write(try encoder.encode(value))
    FileHandle.standardOutput.write(Data("\n".utf8))
}
