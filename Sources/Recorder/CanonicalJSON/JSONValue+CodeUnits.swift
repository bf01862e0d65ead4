/// RFC 8785 canonical bytes straight from the input, with member names compared by their code units.
///
/// `JSONValue` keys are Swift `String`s, which compare by Unicode canonical equivalence, so an object with the
/// members "\u{E9}" and "e\u{301}" — distinct under RFC 8785 — cannot be held in one. Such a document is refused by
/// `init(parsing:)` as having a duplicate; this path keeps both members, sorted by UTF-16 code units, and refuses
/// only names that are the same code units. For every document `init(parsing:)` accepts, it gives the same bytes as
/// `canonicalBytes` of the parsed value.
extension JSONValue {
    /// The canonical form of `bytes`, also for objects whose member names differ only in Unicode normalisation.
    /// - Parameter redaction: applied as `Redaction.redact(_:)` applies it to a parsed value.
    /// - Throws: `JSONParseError` when `bytes` is not valid JSON or repeats a member name code unit for code unit.
    static func canonicalizePreservingNames(_ bytes: some Collection<UInt8>, redaction: Redaction? = nil)
        throws(JSONParseError) -> [UInt8]
    {
        let result = bytes.withContiguousStorageIfAvailable { canonical($0, redaction: redaction) }
            ?? Array(bytes).withUnsafeBufferPointer { canonical($0, redaction: redaction) }
        return try result.get()
    }

    private static func canonical(_ buffer: UnsafeBufferPointer<UInt8>, redaction: Redaction?)
        -> Result<[UInt8], JSONParseError>
    {
        var parser = JSONByteParser(input: buffer)
        var out: [UInt8] = []
        out.reserveCapacity(buffer.count)
        do throws(JSONParseError) {
            try parser.writeCanonicalValue(into: &out, depth: 0, redaction: redaction)
            parser.skipWhitespace()
            if parser.position < buffer.count {
                throw parser.error(.trailingContent,
                                   "expected end of input after the top-level value, found \(parser.describe(parser.current))")
            }
            return .success(out)
        } catch {
            return .failure(error)
        }
    }
}

extension JSONByteParser {
    /// Parses one value and appends its canonical form (recursive: depth is bounded by `maximumNestingDepth`).
    mutating func writeCanonicalValue(into out: inout [UInt8], depth: Int, redaction: Redaction?)
        throws(JSONParseError)
    {
        skipWhitespace()
        guard let byte = current else { throw error(.unexpectedEndOfInput, "expected a JSON value, found end of input") }
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard depth < JSONValue.maximumNestingDepth else {
                throw error(.nestingTooDeep, "arrays/objects nested deeper than \(JSONValue.maximumNestingDepth) levels")
            }
            if byte == UInt8(ascii: "{") {
                try writeCanonicalObject(into: &out, depth: depth, redaction: redaction)
            } else {
                try writeCanonicalArray(into: &out, depth: depth, redaction: redaction)
            }
        case UInt8(ascii: "\""):
            let text = try parseString()
            JSONValue.writeString(redaction?.redact(text: text) ?? text, into: &out)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            ECMAScriptNumber.append(try parseNumber(), to: &out)
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            out += "true".utf8
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            out += "false".utf8
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            out += "null".utf8
        default:
            throw error(.unexpectedCharacter, "expected a JSON value, found \(describe(byte))")
        }
    }

    private mutating func writeCanonicalArray(into out: inout [UInt8], depth: Int, redaction: Redaction?)
        throws(JSONParseError)
    {
        position += 1
        out.append(UInt8(ascii: "["))
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            position += 1
            out.append(UInt8(ascii: "]"))
            return
        }
        while true {
            try writeCanonicalValue(into: &out, depth: depth + 1, redaction: redaction)
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
                if current == UInt8(ascii: "]") {
                    throw error(.trailingComma, "trailing comma before ']' is not allowed; expected a value after ','")
                }
                out.append(UInt8(ascii: ","))
            case UInt8(ascii: "]"):
                position += 1
                out.append(UInt8(ascii: "]"))
                return
            default:
                throw error(current == nil ? .unexpectedEndOfInput : .unexpectedCharacter,
                            "expected ',' or ']' after array element, found \(describe(current))")
            }
        }
    }

    private mutating func writeCanonicalObject(into out: inout [UInt8], depth: Int, redaction: Redaction?)
        throws(JSONParseError)
    {
        position += 1
        var members: [(name: String, bytes: [UInt8])] = []
        var seen = Set<[UInt8]>()
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            position += 1
            out += "{}".utf8
            return
        }
        var context = "'{'"
        while true {
            guard current == UInt8(ascii: "\"") else {
                if context == "','", current == UInt8(ascii: "}") {
                    throw error(.trailingComma, "trailing comma before '}' is not allowed; expected a member name after ','")
                }
                throw error(current == nil ? .unexpectedEndOfInput : .unexpectedCharacter,
                            "expected a member name after \(context), found \(describe(current))")
            }
            let nameStart = position
            let name = try parseString()
            guard seen.insert(Array(name.utf8)).inserted else {
                throw error(.duplicateMemberName, at: nameStart, "duplicate object member name \(quoted(name))")
            }
            skipWhitespace()
            guard current == UInt8(ascii: ":") else {
                throw error(current == nil ? .unexpectedEndOfInput : .unexpectedCharacter,
                            "expected ':' after object member name \(quoted(name)), found \(describe(current))")
            }
            position += 1
            var value: [UInt8] = []
            try writeCanonicalValue(into: &value, depth: depth + 1, redaction: redaction)
            if let redaction, redaction.memberNames.contains(name.lowercased()), value != Array("null".utf8) {
                value = []
                JSONValue.writeString(Redaction.placeholder, into: &value)
            }
            members.append((name, value))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
                context = "','"
            case UInt8(ascii: "}"):
                position += 1
                members.sort { JSONValue.utf16Precedes($0.name, $1.name) }
                out.append(UInt8(ascii: "{"))
                for (index, member) in members.enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    JSONValue.writeString(member.name, into: &out)
                    out.append(UInt8(ascii: ":"))
                    out += member.bytes
                }
                out.append(UInt8(ascii: "}"))
                return
            default:
                throw error(current == nil ? .unexpectedEndOfInput : .unexpectedCharacter,
                            "expected ',' or '}' after object member, found \(describe(current))")
            }
        }
    }
}
