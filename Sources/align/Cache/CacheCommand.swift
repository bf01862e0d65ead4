import ArgumentParser
import Foundation
import PostgresStore
import Recorder

/// `align cache …`: inspect, check, move and trim a cache (a SQLite file or a PostgreSQL database).
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Inspect, verify, export, import, merge and prune a cache (a file or a PostgreSQL database).",
        subcommands: [Stats.self, Verify.self, List.self, Show.self, Export.self, Import.self, Merge.self, Prune.self]
    )
}

/// The `--cache FILE|URL` option every command that takes a cache has, with `ALIGN_CACHE` as its fallback.
struct CacheFileOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The cache: a SQLite file, or a PostgreSQL database as postgres://USER@HOST:PORT/DB (default: $ALIGN_CACHE).",
        valueName: "file|url"))
    var cache: String?

    /// The path to use.
    /// - Throws: a usage error when neither the option nor the variable is set.
    func resolvedPath() throws -> String {
        if let cache { return cache }
        if let fromEnvironment = ProcessInfo.processInfo.environment["ALIGN_CACHE"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        throw ValidationError("no cache: pass --cache FILE or set ALIGN_CACHE (a shared PostgreSQL cache: "
                                         + "--cache postgres://USER@HOST:PORT/DB)")
    }

    /// Opens an existing cache; nothing is created.
    func openExisting() async throws -> any CacheBackend {
        try await openCache(try resolvedPath(), createIfMissing: false)
    }

    /// Opens the cache, creating it when `createIfMissing` (recording commands).
    func open(createIfMissing: Bool, redaction: Redaction = .default) async throws -> any CacheBackend {
        try await openCache(try resolvedPath(), createIfMissing: createIfMissing, redaction: redaction)
    }
}

/// Opens the cache at `location`: a PostgreSQL database for a `postgres://` URL, otherwise a SQLite file.
func openCache(_ location: String, createIfMissing: Bool, redaction: Redaction = .default) async throws
    -> any CacheBackend
{
    if PostgresLocation.isPostgresURL(location) {
        return try await PostgresCache.open(url: location, options: .init(createIfMissing: createIfMissing,
                                                                          redaction: redaction))
    }
    return try CacheStore(path: location, options: .init(createIfMissing: createIfMissing, redaction: redaction))
}

/// The printable name of a cache location: a URL without its password, or the path as given.
func printable(_ location: String) -> String {
    PostgresLocation.isPostgresURL(location) ? PostgresLocation.redacted(location) : location
}

/// Writes `value` to standard output as pretty, key-sorted JSON.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    FileHandle.standardOutput.write(try encoder.encode(value))
    FileHandle.standardOutput.write(Data("\n".utf8))
}
