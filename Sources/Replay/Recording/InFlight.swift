import Recorder
import Synchronization

/// Makes concurrent misses on one key share one live call: the first leads, the others wait for it and then read
/// what it stored.
final class InFlight: Sendable {
    private let waiting = Mutex<[CacheKey: [CheckedContinuation<Void, Never>]]>([:])

    /// True when the caller leads (no call for `key` is in flight); otherwise waits until the leader ends, then false.
    func lead(_ key: CacheKey) async -> Bool {
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
    func end(_ key: CacheKey) {
        let waiters = waiting.withLock { $0.removeValue(forKey: key) } ?? []
        for waiter in waiters { waiter.resume() }
    }
}
