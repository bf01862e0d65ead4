/// A word a run stores as text (an event kind, a call's phase, an execution's purpose, a run's status): one of the
/// spellings this version writes, or `other` — a spelling read from an older or newer cache, kept as it was.
///
/// Unknown spellings are kept rather than refused: these words only name and group what a run did, so a cache
/// written by another version stays readable (`align show`, `costs` and `report` list what they do not know by its
/// stored spelling), and a run copied on is stored with the bytes it was read with.
public protocol StoredWord: RawRepresentable<String>, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The spellings this version writes, in the order reports list them.
    static var known: [Self] { get }
    /// A spelling this version does not write.
    static func other(_ spelling: String) -> Self
}

extension StoredWord {
    /// The word stored as `rawValue`: a known one, or `other(rawValue)`.
    public init(rawValue: String) { self = Self.spelled(rawValue) }

    private static func spelled(_ spelling: String) -> Self {
        known.first { $0.rawValue == spelling } ?? .other(spelling)
    }

    public init(from decoder: any Decoder) throws {
        self = Self.spelled(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    // By spelling, so that `other("code")` is the known word it spells.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.rawValue == rhs.rawValue }

    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
}
