import Foundation

extension JSONValue {
    /// The deepest array/object nesting the parser accepts; deeper input is rejected
    /// so hostile bodies can't exhaust memory or the stack of recursive consumers.
    public static let maximumNestingDepth = 512

    /// Parses one strict RFC 8259 / I-JSON (RFC 7493) document from UTF-8 bytes.
    ///
    /// Rejects trailing content, trailing commas, leading zeros, NaN/Infinity, numbers
    /// that overflow a double, invalid UTF-8, raw control characters in strings,
    /// unpaired surrogate escapes, duplicate member names and nesting deeper than
    /// `maximumNestingDepth`.
    /// - Throws: `JSONParseError` describing the first problem found.
    public init(parsing bytes: some Collection<UInt8>) throws(JSONParseError) {
        let result = bytes.withContiguousStorageIfAvailable(Self.parse)
            ?? Array(bytes).withUnsafeBufferPointer(Self.parse)
        self = try result.get()
    }

    /// Parses one strict JSON document from a string's UTF-8 form.
    /// - Throws: `JSONParseError` describing the first problem found.
    public init(parsing text: String) throws(JSONParseError) {
        var text = text
        self = try text.withUTF8(Self.parse).get()
    }

    /// Parses one strict JSON document from UTF-8 `Data`.
    /// - Throws: `JSONParseError` describing the first problem found.
    public init(parsing data: Data) throws(JSONParseError) {
        self = try data.withUnsafeBytes { raw in
            Self.parse(raw.assumingMemoryBound(to: UInt8.self))
        }.get()
    }

    // A Result rather than typed throws, because the with…Pointer helpers are `rethrows`
    // and would widen the error to `any Error`.
    private static func parse(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONParseError> {
        var parser = JSONByteParser(input: buffer)
        do {
            return .success(try parser.parseDocument())
        } catch {
            return .failure(error)
        }
    }
}

/// Non-recursive JSON parser over a UTF-8 buffer: open containers live on explicit
/// stacks, so deep nesting costs heap rather than call stack.
struct JSONByteParser {
    let input: UnsafeBufferPointer<UInt8>
    var position = 0
    /// Reused buffer for strings that contain escapes.
    var scratch: [UInt8] = []

    init(input: UnsafeBufferPointer<UInt8>) {
        self.input = input
    }

    var current: UInt8? { position < input.count ? input[position] : nil }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        // Open containers, innermost last. Kept as separate stacks (not an enum with
        // payloads) so appending to the innermost container mutates it in place.
        var isObjectStack: [Bool] = []
        var arrays: [[JSONValue]] = []
        var objects: [[String: JSONValue]] = []
        var pendingKeys: [String] = []

        parseValue: while true {
            skipWhitespace()
            guard let byte = current else {
                throw error(.unexpectedEndOfInput, "expected a JSON value, found end of input")
            }
            var value: JSONValue
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = byte == UInt8(ascii: "{")
                if isObjectStack.count >= JSONValue.maximumNestingDepth {
                    throw error(.nestingTooDeep, "arrays/objects nested deeper than \(JSONValue.maximumNestingDepth) levels")
                }
                position += 1
                skipWhitespace()
                if isObject {
                    if current == UInt8(ascii: "}") {
                        position += 1
                        value = .object([:])
                    } else {
                        pendingKeys.append(try parseMemberName(after: "'{'", in: [:]))
                        isObjectStack.append(true)
                        objects.append([:])
                        continue parseValue
                    }
                } else if current == UInt8(ascii: "]") {
                    position += 1
                    value = .array([])
                } else {
                    isObjectStack.append(false)
                    arrays.append([])
                    continue parseValue
                }
            case UInt8(ascii: "\""):
                value = .string(try parseString())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = .number(try parseNumber())
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                value = .null
            case UInt8(ascii: "N"), UInt8(ascii: "I"):
                throw error(.unexpectedCharacter, "expected a JSON value, found \(describe(byte)) (NaN and Infinity are not valid JSON)")
            default:
                throw error(.unexpectedCharacter, "expected a JSON value, found \(describe(byte))")
            }

            // Attach the finished value to its container, closing every container that ends here.
            while true {
                guard let isObject = isObjectStack.last else {
                    skipWhitespace()
                    if position < input.count {
                        throw error(.trailingContent, "expected end of input after the top-level value, found \(describe(current))")
                    }
                    return value
                }
                if isObject {
                    objects[objects.count - 1][pendingKeys.removeLast()] = value
                } else {
                    arrays[arrays.count - 1].append(value)
                }
                skipWhitespace()
                let next = current
                if next == UInt8(ascii: ",") {
                    position += 1
                    skipWhitespace()
                    if isObject {
                        pendingKeys.append(try parseMemberName(after: "','", in: objects[objects.count - 1]))
                    } else if current == UInt8(ascii: "]") {
                        throw error(.trailingComma, "trailing comma before ']' is not allowed; expected a value after ','")
                    }
                    continue parseValue
                }
                if isObject, next == UInt8(ascii: "}") {
                    position += 1
                    isObjectStack.removeLast()
                    value = .object(objects.removeLast())
                } else if !isObject, next == UInt8(ascii: "]") {
                    position += 1
                    isObjectStack.removeLast()
                    value = .array(arrays.removeLast())
                } else if isObject {
                    throw error(next == nil ? .unexpectedEndOfInput : .unexpectedCharacter,
                                "expected ',' or '}' after object member, found \(describe(next))")
                } else {
                    throw error(next == nil ? .unexpectedEndOfInput : .unexpectedCharacter,
                                "expected ',' or ']' after array element, found \(describe(next))")
                }
            }
        }
    }

    /// Parses `"name" :` (whitespace already skipped) and rejects a name already in `members`.
    mutating func parseMemberName(after context: String, in members: [String: JSONValue]) throws(JSONParseError) -> String {
        guard current == UInt8(ascii: "\"") else {
            if context == "','", current == UInt8(ascii: "}") {
                throw error(.trailingComma, "trailing comma before '}' is not allowed; expected a member name after ','")
            }
            let expected = context == "'{'" ? "'\"' or '}'" : "'\"' (a member name)"
            throw error(current == nil ? .unexpectedEndOfInput : .unexpectedCharacter,
                        "expected \(expected) after \(context), found \(describe(current))")
        }
        let nameStart = position
        let name = try parseString()
        // Swift String keys compare by canonical equivalence, so "\u00e9" and "e\u0301"
        // collide here although JSON treats them as distinct; rejecting beats merging.
        if let existing = members.index(forKey: name) {
            let earlier = members[existing].key
            let detail = earlier.utf8.elementsEqual(name.utf8)
                ? "" : " (canonically equivalent to earlier member \(quoted(earlier)))"
            throw error(.duplicateMemberName, at: nameStart, "duplicate object member name \(quoted(name))\(detail)")
        }
        skipWhitespace()
        guard current == UInt8(ascii: ":") else {
            throw error(current == nil ? .unexpectedEndOfInput : .unexpectedCharacter,
                        "expected ':' after object member name \(quoted(name)), found \(describe(current))")
        }
        position += 1
        return name
    }

    mutating func skipWhitespace() {
        while position < input.count {
            switch input[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let bytes = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        let end = position + bytes.count
        guard end <= input.count, input[position..<end].elementsEqual(bytes) else {
            throw error(.unexpectedCharacter, "invalid literal; expected '\(literal)'")
        }
        position = end
    }
}
