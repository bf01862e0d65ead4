/// Why a JSON text was rejected, and where (byte offset plus 1-based line and column).
public struct JSONParseError: Error, CustomStringConvertible, Equatable {
    /// The category of a rejection, for callers and tests that branch on the cause.
    public enum Kind: Sendable, Equatable {
        /// The document ended where more was required.
        case unexpectedEndOfInput
        /// A byte that can't appear here (including NaN/Infinity and bad literals).
        case unexpectedCharacter
        /// A ',' directly before ']' or '}'.
        case trailingComma
        /// Anything but whitespace after the top-level value.
        case trailingContent
        /// Number syntax outside RFC 8259 (leading zeros, missing digits).
        case invalidNumber
        /// A number whose magnitude rounds to infinity as a double (e.g. 1e400).
        case numberOutOfRange
        /// A backslash escape other than \" \\ \/ \b \f \n \r \t \uXXXX.
        case invalidEscape
        /// A \u escape that is an unpaired UTF-16 surrogate.
        case invalidSurrogate
        /// A raw U+0000–U+001F inside a string.
        case controlCharacterInString
        /// Bytes that are not well-formed UTF-8.
        case invalidUTF8
        /// An object member name that already occurred in the same object (I-JSON).
        case duplicateMemberName
        /// Arrays/objects nested deeper than `JSONValue.maximumNestingDepth`.
        case nestingTooDeep
    }

    /// The category of the problem.
    public let kind: Kind
    /// Byte offset of the offending input from the start of the document.
    public let offset: Int
    /// 1-based line number (lines end at "\n").
    public let line: Int
    /// 1-based column, counted in Unicode scalars from the start of the line.
    public let column: Int
    /// What was found and what was expected, without the position.
    public let message: String

    /// A human-readable message including line and column.
    public var description: String {
        "invalid JSON at line \(line), column \(column): \(message)"
    }
}

/// Error construction and the wording of what was found.
extension JSONByteParser {
    func error(_ kind: JSONParseError.Kind, at offset: Int? = nil, _ message: String) -> JSONParseError {
        let offset = min(offset ?? position, input.count)
        var line = 1
        var column = 1
        for byte in input[..<offset] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {  // count scalars: skip UTF-8 continuation bytes
                column += 1
            }
        }
        return JSONParseError(kind: kind, offset: offset, line: line, column: column, message: message)
    }

    func describe(_ byte: UInt8?) -> String {
        guard let byte else { return "end of input" }
        switch byte {
        case 0x0A: return "a newline (U+000A)"
        case 0x0D: return "a carriage return (U+000D)"
        case 0x09: return "a tab (U+0009)"
        case UInt8(ascii: "'"): return "\"'\""
        case 0x20...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
        case 0x00..<0x20: return "U+\(hex4(UInt16(byte)).uppercased())"
        default: return "byte \(hex(byte))"
        }
    }

    func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return "0x" + (digits.count == 1 ? "0" + digits : digits)
    }

    func hex4(_ unit: UInt16) -> String {
        let digits = String(unit, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    func quoted(_ name: String) -> String {
        abbreviated("\"" + name + "\"")
    }

    func abbreviated(_ text: String) -> String {
        text.count <= 40 ? text : String(text.prefix(40)) + "…"
    }
}
