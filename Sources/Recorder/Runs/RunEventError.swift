/// A stored run event that cannot be read as its kind's payload type.
public struct RunEventError: Error, Equatable, CustomStringConvertible {
    /// The event's kind.
    public var kind: String
    /// What is wrong with it.
    public var reason: String

    /// Builds an error.
    public init(kind: String, reason: String) {
        self.kind = kind
        self.reason = reason
    }

    public var description: String { "a stored \(kind) event cannot be read: \(reason)" }
}
