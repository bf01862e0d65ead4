/// A parsed JSON value; numbers are IEEE-754 doubles, as RFC 8785 requires.
///
/// Equality and hashing of `.string` payloads and object keys follow Swift `String`
/// semantics (Unicode canonical equivalence), while the canonical serialization
/// writes the exact scalars that were parsed: two values can be `==` and still
/// canonicalize differently (e.g. "\u{E9}" vs "e\u{301}"). Compare
/// `canonicalBytes` when byte identity matters.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

extension JSONValue {
    /// The member named `key` when this is an object containing it, otherwise nil.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The payload of a `.string`, otherwise nil.
    public var stringValue: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    /// The payload of a `.number`, otherwise nil.
    public var doubleValue: Double? {
        guard case .number(let value) = self else { return nil }
        return value
    }

    /// The number as an `Int` when it is integral and representable, otherwise nil.
    public var intValue: Int? {
        guard case .number(let value) = self else { return nil }
        // Int(exactly:) rejects fractions, NaN/infinity and anything outside Int's range.
        return Int(exactly: value)
    }

    /// The payload of a `.bool`, otherwise nil.
    public var boolValue: Bool? {
        guard case .bool(let value) = self else { return nil }
        return value
    }

    /// The elements of an `.array`, otherwise nil.
    public var arrayValue: [JSONValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }

    /// The members of an `.object`, otherwise nil.
    public var objectValue: [String: JSONValue]? {
        guard case .object(let members) = self else { return nil }
        return members
    }

    /// Whether this is `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
