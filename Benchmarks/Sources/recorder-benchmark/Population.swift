import Foundation
import Recorder
import Synchronization

/// The keys of the recorded interactions, packed 32 bytes each (a million `CacheKey`s would be a million arrays).
struct KeyList: Sendable {
    private(set) var digests: [UInt8] = []
    var count: Int { digests.count / 32 }

    init(capacity: Int) { digests.reserveCapacity(capacity * 32) }

    mutating func append(_ key: CacheKey) { digests += key.digest }

    mutating func append(contentsOf other: KeyList) { digests += other.digests }

    subscript(index: Int) -> CacheKey {
        // Every stored digest is 32 bytes, so this cannot throw.
        try! CacheKey(digest: Array(digests[index * 32..<(index + 1) * 32]))
    }
}

/// What populating one cache took and produced.
struct Population: Sendable {
    /// Interactions recorded.
    let count: Int
    /// Keys of all recorded interactions.
    let keys: KeyList
    /// Raw JSON bytes (request body + response body) of all of them.
    let rawBytes: Int
    /// Time inside `CacheStore.record` for the first `timedCount` interactions, recorded one after another.
    let timedSeconds: Double
    let timedCount: Int
    /// Wall time of the whole population, building the interactions included.
    let wallSeconds: Double
    /// How the cache was written, for the report.
    let method: String

    /// Interactions per second inside `record`, over the first `timedCount` (one thread, one transaction each).
    var insertsPerSecond: Double { Double(timedCount) / timedSeconds }
}

/// Fills a fresh cache at `path` with `count` interactions through `CacheStore.record`, one transaction per record
/// as a recording run does.
///
/// The first `timedPrefix` are recorded one after another, each call timed: that is the throughput figure. Any
/// beyond are recorded through the same `record` from one thread per core at once (the store compresses and hashes
/// outside its write lock, so this only shortens the wait for a large cache).
func populate(path: String, count: Int, factory: ExchangeFactory, timedPrefix: Int) throws -> Population {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    let store = try CacheStore(path: path)
    let clock = ContinuousClock()
    let wallStart = clock.now
    let timedCount = min(count, timedPrefix)
    var keys = KeyList(capacity: count)
    var rawBytes = 0
    var timedTime = Duration.zero
    for index in 0..<timedCount {
        let (interaction, raw) = try factory.interaction(index)
        let start = clock.now
        let outcome = try store.record(interaction)
        timedTime += clock.now - start
        guard outcome == .inserted else { throw BenchmarkError("interaction \(index) was not new: \(outcome)") }
        keys.append(interaction.request.key)
        rawBytes += raw
    }
    var method = "`CacheStore.record` in a loop, one transaction per interaction, for all \(count)"
    if count > timedCount {
        let workers = max(2, ProcessInfo.processInfo.activeProcessorCount)
        print("   recorded the first \(timedCount) in \(Int((clock.now - wallStart).seconds)) s; "
              + "recording the other \(count - timedCount) from \(workers) threads")
        fflush(nil)
        let parts = try recordConcurrently(store: store, range: timedCount..<count, workers: workers, factory: factory)
        for part in parts {
            keys.append(contentsOf: part.keys)
            rawBytes += part.rawBytes
        }
        method = "`CacheStore.record`, one transaction per interaction: the first \(timedCount) from one thread "
            + "(timed), the other \(count - timedCount) from \(workers) threads at once"
    }
    return Population(count: count, keys: keys, rawBytes: rawBytes, timedSeconds: timedTime.seconds,
                      timedCount: timedCount, wallSeconds: (clock.now - wallStart).seconds, method: method)
}

/// Records the interactions of `range` from `workers` threads, worker `w` taking every `workers`-th index from
/// `range.lowerBound + w`; returns each worker's keys and raw bytes, in worker order.
private func recordConcurrently(store: CacheStore, range: Range<Int>, workers: Int, factory: ExchangeFactory) throws
    -> [(keys: KeyList, rawBytes: Int)]
{
    let results = Mutex<[Int: Result<(keys: KeyList, rawBytes: Int), any Error>]>([:])
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        let result = Result { () throws -> (keys: KeyList, rawBytes: Int) in
            var keys = KeyList(capacity: range.count / workers + 1)
            var rawBytes = 0
            for index in stride(from: range.lowerBound + worker, to: range.upperBound, by: workers) {
                let (interaction, raw) = try factory.interaction(index)
                guard try store.record(interaction) == .inserted else {
                    throw BenchmarkError("interaction \(index) was not new")
                }
                keys.append(interaction.request.key)
                rawBytes += raw
            }
            return (keys, rawBytes)
        }
        results.withLock { $0[worker] = result }
    }
    return try results.withLock { all in try (0..<workers).map { try all[$0]!.get() } }
}

/// A failed check inside the benchmark itself.
struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * 1e-18
    }

    /// The duration in whole nanoseconds.
    var nanoseconds: Int64 {
        let (whole, attoseconds) = components
        return whole * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
