import Recorder
import Synchronization

/// A sequence of model calls made one after another — a run and a task — that numbers identical requests.
///
/// The n-th identical request in a scope gets sample index n, so sampling at temperature > 0 records distinct
/// answers and replays them in the same order. Concurrent tasks must each have their own scope: that is what makes
/// `--jobs N` replay deterministically.
public final class CallScope: Sendable {
    /// The scope's name, e.g. `run-3/HumanEval/12`.
    public let name: String
    private let counts = Mutex<[CacheKey: Int]>([:])

    /// The sample index of the first of each identical request (0 unless a repeat numbers its calls apart).
    public let firstSampleIndex: Int

    /// A scope with no calls yet, numbering identical requests from `firstSampleIndex`.
    public init(_ name: String, firstSampleIndex: Int = 0) {
        self.name = name
        self.firstSampleIndex = firstSampleIndex
    }

    /// The sample index for the next request whose index-0 identity is `identity`.
    func nextSampleIndex(for identity: RequestIdentity) -> Int {
        counts.withLock { counts in
            let index = counts[identity.key, default: 0]
            counts[identity.key] = index + 1
            return firstSampleIndex + index
        }
    }

    /// Gives `index` back when it is still the latest one handed out for `identity`, so that the next identical
    /// request gets it again (a client's own retry of a failed call is the same sample, not the next one).
    func giveBack(_ index: Int, for identity: RequestIdentity) {
        counts.withLock { counts in
            if counts[identity.key] == index + 1 { counts[identity.key] = index }
        }
    }
}
