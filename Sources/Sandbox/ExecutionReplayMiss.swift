import Recorder

/// A strict replay asked for an execution that was never recorded.
public struct ExecutionReplayMiss: Error, CustomStringConvertible, Sendable {
    /// The key that was looked up.
    public let key: CacheKey
    /// What kind of execution it was.
    public let kind: ExecutionRequest.Kind
    /// How many tests (or sources) it had.
    public let testCount: Int
    /// The first line of the code, to recognise it by.
    public let codeFirstLine: String

    public var description: String {
        "replay miss: no recorded execution for this code and tests (\(kind.rawValue), \(testCount) test(s), "
            + "code starting \"\(codeFirstLine)\", key \(key))"
    }
}

/// A re-executed outcome that differs from the stored one (`align replay --reexecute`).
public struct ExecutionDifference: Sendable, Equatable {
    /// The execution's key.
    public var key: CacheKey
    /// What the cache holds.
    public var stored: ExecutionOutcome
    /// What running it again gave.
    public var current: ExecutionOutcome

    /// Builds a difference.
    public init(key: CacheKey, stored: ExecutionOutcome, current: ExecutionOutcome) {
        self.key = key
        self.stored = stored
        self.current = current
    }
}
