/// A run or sweep named by its id or a prefix of it that a store does not hold exactly once.
public struct RunLookupError: Error, Equatable, CustomStringConvertible {
    /// What was looked up.
    public enum Subject: String, Sendable {
        case run, sweep
    }

    /// A run or a sweep.
    public var subject: Subject
    /// The id or prefix as given.
    public var name: String
    /// The ids it matches (the first few shown); empty when it matches none.
    public var matches: [String]
    /// The store it was looked up in.
    public var store: StoreIdentity

    /// Builds an error.
    public init(_ subject: Subject, _ name: String, matches: [String], in store: StoreIdentity) {
        self.subject = subject
        self.name = name
        self.matches = matches
        self.store = store
    }

    /// True when the name matched nothing (else it matched several).
    public var isMissing: Bool { matches.isEmpty }

    public var description: String {
        if isMissing { return "\(subject) \(name) is not in this cache" }
        return "'\(name)' matches \(matches.count) \(subject)s: \(matches.prefix(3).joined(separator: ", ")) …"
    }
}
