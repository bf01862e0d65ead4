import Foundation

/// Bridging `Codable` values and `JSONValue`, so typed payloads are stored as canonical JSON.
extension JSONValue: Codable {
    /// The JSON form of `value` as `JSONEncoder` writes it (an optional encoded with `encode` is an explicit null).
    public init(encoding value: some Encodable) {
        // Every payload type encodes to plain JSON: a failure here is a programming error, not input.
        guard let data = try? JSONEncoder().encode(value), let parsed = try? JSONValue(parsing: data) else {
            preconditionFailure("\(type(of: value)) does not encode to JSON")
        }
        self = parsed
    }

    /// This value decoded as `type`.
    public func decoded<T: Decodable>(as type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(canonicalBytes))
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
