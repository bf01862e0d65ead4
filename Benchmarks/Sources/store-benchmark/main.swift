// The store seam and the PostgreSQL backend, measured beside SQLite in one run:
//   - insert throughput (one transaction a call) and hit latency at N interactions, on each backend;
//   - the SQLite path before the seam (CacheStore's synchronous methods, as the transport called them) and after it
//     (the same calls through `any CacheBackend`, async, as the transport makes them now);
//   - 8 processes recording at once into one cache, on each backend.
//
//   swift run -c release store-benchmark --postgres postgres://USER:PASSWORD@127.0.0.1:PORT/postgres
//   (a child mode, `--child-writer CACHE WRITER COUNT`, is what the concurrent part starts)
import Foundation
import PostgresStore
import Recorder

let arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

@MainActor func open(_ location: String, create: Bool = true) async throws -> any CacheBackend {
    PostgresLocation.isPostgresURL(location)
        ? try await PostgresCache.open(url: location, options: .init(createIfMissing: create))
        : try CacheStore(path: location, options: .init(createIfMissing: create))
}

if arguments.first == "--child-writer" {
    let (cache, writer, count) = (arguments[1], arguments[2], Int(arguments[3])!)
    let store = try await open(cache, create: false)
    for index in 0..<count { _ = try await store.record(Bodies.interaction(index, writer: writer), policy: .keepExisting) }
    await store.close()
    exit(0)
}

guard let server = option("--postgres") ?? ProcessInfo.processInfo.environment["ALIGN_TEST_POSTGRES_URL"] else {
    print("store-benchmark: give --postgres postgres://USER:PASSWORD@HOST:PORT/DB (a server the benchmark may create "
          + "databases on), or run it through scripts/with-postgres")
    exit(64)
}
let size = Int(option("--interactions") ?? "100000")!
let lookups = Int(option("--lookups") ?? "5000")!
let rounds = Int(option("--rounds") ?? "3")!
let writers = Int(option("--writers") ?? "8")!
let perWriter = Int(option("--per-writer") ?? "500")!
let seamInserts = Int(option("--seam-inserts") ?? "5000")!
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-benchmark-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }

let database = try await BenchmarkDatabases(server: server)
print("# Store benchmark · \(size) interactions · \(lookups) lookups × \(rounds) rounds · \(writers) writers × \(perWriter)")
print("date \(ISO8601DateFormatter().string(from: Date())) · load \(loadAverage())")

// 1. Populate each backend with N interactions, one transaction a call, through the protocol.
struct Populated { let name: String; let store: any CacheBackend; let insertsPerSecond: Double }
var populated: [Populated] = []
for (name, location) in [("SQLite", directory.appendingPathComponent("cache.sqlite").path),
                         ("PostgreSQL", try await database.make("bench_main"))] {
    let store = try await open(location)
    let started = ContinuousClock.now
    for index in 0..<size { _ = try await store.record(Bodies.interaction(index), policy: .keepExisting) }
    let rate = Double(size) / seconds(ContinuousClock.now - started)
    populated.append(Populated(name: name, store: store, insertsPerSecond: rate))
    print("populated \(name): \(size) in \(format(Double(size) / rate, 1)) s, \(format(rate, 0))/s · load \(loadAverage())")
}

// 2. Hit latency: random keys, each lookup timed alone, best round.
var generator = SystemRandomNumberGenerator()
let keys = try (0..<lookups).map { _ in try Bodies.request(Int.random(in: 0..<size, using: &generator)).key }
@MainActor func bestRound(_ lookup: (CacheKey) async throws -> Void) async throws -> Percentiles {
    for key in keys.prefix(500) { try await lookup(key) }
    var best: Percentiles?
    for _ in 0..<rounds {
        var samples: [Double] = []
        samples.reserveCapacity(keys.count)
        for key in keys {
            let started = ContinuousClock.now
            try await lookup(key)
            samples.append(microseconds(ContinuousClock.now - started))
        }
        let figures = Percentiles(samples)
        if best == nil || figures.median < best!.median { best = figures }
    }
    return best!
}
let sqlite = populated[0].store as! CacheStore
var hits: [(String, Percentiles)] = []
hits.append(("SQLite, `CacheStore.lookup` called directly (before the seam)", try await bestRound { key in
    guard try sqlite.lookup(key) != nil else { fatalError("miss") }
}))
hits.append(("SQLite through `any CacheBackend`, async (after the seam)", try await bestRound { key in
    guard try await populated[0].store.lookup(key, includingRequest: false) != nil else { fatalError("miss") }
}))
hits.append(("PostgreSQL over loopback through `any CacheBackend`", try await bestRound { key in
    guard try await populated[1].store.lookup(key, includingRequest: false) != nil else { fatalError("miss") }
}))

// 3. Inserts on the SQLite path before and after the seam, alternating, into the populated file.
var direct: [Double] = []
var seam: [Double] = []
for round in 0..<rounds {
    for path in (round % 2 == 0 ? ["direct", "seam"] : ["seam", "direct"]) {
        let base = size + 1_000_000 * (round * 2 + (path == "seam" ? 1 : 0) + 1)
        let started = ContinuousClock.now
        for index in base..<(base + seamInserts) {
            if path == "direct" {
                try sqlite.record(Bodies.interaction(index))
            } else {
                _ = try await populated[0].store.record(Bodies.interaction(index), policy: .keepExisting)
            }
        }
        let rate = Double(seamInserts) / seconds(ContinuousClock.now - started)
        if path == "direct" { direct.append(rate) } else { seam.append(rate) }
    }
}

// 4. Concurrent recording processes into one cache, each backend.
@MainActor func concurrent(_ location: String) throws -> Double {
    let started = ContinuousClock.now
    let children = try (0..<writers).map { writer -> Process in
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["--child-writer", location, "w\(writer)", String(perWriter)]
        try process.run()
        return process
    }
    for child in children {
        child.waitUntilExit()
        guard child.terminationStatus == 0 else { fatalError("a writer failed") }
    }
    return Double(writers * perWriter) / seconds(ContinuousClock.now - started)
}
let concurrentFile = directory.appendingPathComponent("concurrent.sqlite").path
_ = try CacheStore(path: concurrentFile)
let concurrentDatabase = try await database.make("bench_concurrent")
await (try await open(concurrentDatabase)).close()
let concurrentSQLite = try concurrent(concurrentFile)
let concurrentPostgres = try concurrent(concurrentDatabase)
for (name, location) in [("SQLite", concurrentFile), ("PostgreSQL", concurrentDatabase)] {
    let store = try await open(location, create: false)
    let count = try await store.stats().interactions
    guard count == writers * perWriter else { fatalError("\(name): \(count) stored of \(writers * perWriter)") }
    await store.close()
}

// Report.
print("\n## Hit latency at \(size) interactions (µs, best of \(rounds) rounds of \(lookups) random hits)\n")
print("| path | median | p90 | p99 | × SQLite direct |\n| --- | ---: | ---: | ---: | ---: |")
for (name, figures) in hits {
    print("| \(name) | \(format(figures.median)) | \(format(figures.p90)) | \(format(figures.p99)) | "
          + "\(format(figures.median / hits[0].1.median, 2))× |")
}
print("\n## Insert throughput (one transaction a call)\n")
print("| what | calls/s |\n| --- | ---: |")
for entry in populated {
    print("| \(entry.name): populating \(size), through the protocol | \(format(entry.insertsPerSecond, 0)) |")
}
print("| SQLite, `CacheStore.record` directly (before the seam), best of \(rounds) × \(seamInserts) | \(format(direct.max()!, 0)) |")
print("| SQLite through `any CacheBackend` (after the seam), best of \(rounds) × \(seamInserts) | \(format(seam.max()!, 0)) |")
print("| \(writers) processes × \(perWriter) into one SQLite file, wall | \(format(concurrentSQLite, 0)) |")
print("| \(writers) processes × \(perWriter) into one PostgreSQL database, wall | \(format(concurrentPostgres, 0)) |")
print("\nload \(loadAverage()) at the end")
for entry in populated { await entry.store.close() }
try await database.dropAll()
