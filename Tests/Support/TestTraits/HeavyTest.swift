import Testing

/// A test that loads the machine by itself (headless Chromium, PostgreSQL and the cache across processes, busy loops
/// and fork bombs in the sandbox): one such test runs at a time across every suite of the test binary, so that on 2
/// cores the suite does not make its own weather. Light tests still run beside it, and so does the official SDKs'
/// pytest suite, which is serialized on its own and is the suite's longest (its lane is the other core).
/// Put `.heavy` on the suite (it applies to each of its tests) or on a test.
public struct HeavyTest: TestTrait, SuiteTrait, TestScoping {
    public var isRecursive: Bool { true }

    /// Each test case takes the slot on its own; a suite as a whole does not (its tests would wait for it).
    public func scopeProvider(for test: Test, testCase: Test.Case?) -> HeavyTest? {
        testCase == nil ? nil : self
    }

    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws
    {
        await HeavySlot.shared.acquire()
        do {
            try await function()
        } catch {
            await HeavySlot.shared.release()
            throw error
        }
        await HeavySlot.shared.release()
    }
}

extension Trait where Self == HeavyTest {
    /// One heavy test at a time, across suites.
    public static var heavy: HeavyTest { HeavyTest() }
}

/// The slots heavy tests take in turn, first come first served.
actor HeavySlot {
    static let shared = HeavySlot(slots: 1)
    private var free: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(slots: Int) { free = slots }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Hands the slot to the first waiter, or frees it.
    func release() {
        if waiters.isEmpty { free += 1 } else { waiters.removeFirst().resume() }
    }
}
