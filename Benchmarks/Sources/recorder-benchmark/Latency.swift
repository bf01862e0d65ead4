import Foundation
import Recorder

/// Latencies of one timed loop, one entry per operation.
struct LatencySample: Sendable {
    /// Each operation's time in nanoseconds, sorted.
    let nanoseconds: [Int64]

    init(nanoseconds: [Int64]) { self.nanoseconds = nanoseconds.sorted() }

    /// The `fraction` percentile in microseconds (nearest rank).
    func percentile(_ fraction: Double) -> Double {
        guard !nanoseconds.isEmpty else { return .nan }
        let rank = Int((fraction * Double(nanoseconds.count)).rounded(.up)) - 1
        return Double(nanoseconds[min(max(rank, 0), nanoseconds.count - 1)]) / 1_000
    }

    var median: Double { percentile(0.5) }
    var p90: Double { percentile(0.9) }
    var p99: Double { percentile(0.99) }
}

/// Times `body(i)` for each `i` in `0..<count` separately, after running it once over the same inputs untimed.
func timeEach(_ count: Int, warmUp: Bool = true, _ body: (Int) throws -> Void) rethrows -> LatencySample {
    if warmUp { for index in 0..<count { try body(index) } }
    let clock = ContinuousClock()
    var times = [Int64](repeating: 0, count: count)
    for index in 0..<count {
        let start = clock.now
        try body(index)
        times[index] = (clock.now - start).nanoseconds
    }
    return LatencySample(nanoseconds: times)
}

/// The keys a measurement looks up: `count` recorded keys drawn at random (seeded), and as many unrecorded ones.
struct LookupKeys: Sendable {
    let hits: [CacheKey]
    let misses: [CacheKey]

    init(from keys: KeyList, count: Int, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        hits = (0..<count).map { _ in keys[random.next(in: 0..<keys.count)] }
        misses = (0..<count).map { index in CacheKey(hashing: Array("not recorded \(seed) \(index)".utf8)) }
    }
}

/// Hit and miss latency of `CacheStore.lookup`, checking that every hit is a hit with a non-empty body.
func measureRecorder(store: CacheStore, keys: LookupKeys) throws -> (hit: LatencySample, miss: LatencySample) {
    var servedBytes = 0
    let hit = try timeEach(keys.hits.count) { index in
        guard let stored = try store.lookup(keys.hits[index]), case .body(let body) = stored.response else {
            throw BenchmarkError("recorded key \(keys.hits[index]) was not served")
        }
        servedBytes &+= body.count
    }
    let miss = try timeEach(keys.misses.count) { index in
        if try store.lookup(keys.misses[index]) != nil {
            throw BenchmarkError("unrecorded key \(keys.misses[index]) was served")
        }
    }
    guard servedBytes > 0 else { throw BenchmarkError("no bytes served") }
    return (hit, miss)
}
