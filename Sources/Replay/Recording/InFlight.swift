import Recorder
import Synchronization

/// Makes concurrent misses on one key share one live call: the first leads, the others wait for it and then read
/// what it stored.
///
/// One table for the whole process, keyed by the cache's identity and the key, so that every transport and client
/// recording into the same cache shares it.
final class InFlight: Sendable {
    /// The process-wide table.
    static let shared = InFlight()

    /// A key in one cache.
    struct Key: Hashable {
        let cache: StoreIdentity
        let key: CacheKey
    }

    private let waiting = Mutex<[Key: [CheckedContinuation<Void, Never>]]>([:])

    /// True when the caller leads (no call for `key` is in flight); otherwise waits until the leader ends, then false.
    func lead(_ key: Key) async -> Bool {
        let leads = waiting.withLock { table -> Bool in
            if table[key] == nil {
                table[key] = []
                return true
            }
            return false
        }
        if leads { return true }
        await withCheckedContinuation { continuation in
            let resumeNow = waiting.withLock { table -> Bool in
                // The leader may have ended between the two locks.
                guard table[key] != nil else { return true }
                table[key]!.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
        return false
    }

    /// Ends the leader's call on `key`, waking every waiter.
    func end(_ key: Key) {
        let waiters = waiting.withLock { $0.removeValue(forKey: key) } ?? []
        for waiter in waiters { waiter.resume() }
    }
}
