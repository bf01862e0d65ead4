/// RFC 8785 (JSON Canonicalization Scheme) serialization.
extension JSONValue {
    /// Parses `bytes` as strict JSON and returns its RFC 8785 canonical UTF-8 form.
    ///
    /// This is the entry point for hashing or comparing JSON documents: equivalent
    /// documents (member order, whitespace, escapes, number spelling) give identical bytes. Member names are
    /// distinct by their code units, as RFC 8785 has them: `"\u00e9"` and `"e\u0301"` are two members.
    /// - Throws: `JSONParseError` when `bytes` is not valid I-JSON (see `init(parsing:)`).
    public static func canonicalize(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> [UInt8] {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch where error.kind == .duplicateMemberName {
            // Member names that differ only in Unicode normalisation are kept apart (see JSONValue+CodeUnits).
            return try canonicalizePreservingNames(bytes)
        }
        var out: [UInt8] = []
        // Canonical output is rarely longer than the input (it only drops whitespace and
        // shortens escapes and numbers), so this usually avoids all regrowth.
        out.reserveCapacity(bytes.count)
        value.writeCanonical(into: &out)
        return out
    }

    /// The RFC 8785 canonical serialization of this value, as UTF-8 bytes.
    ///
    /// - Precondition: every number is finite (always true for parsed values).
    public var canonicalBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        writeCanonical(into: &out)
        return out
    }

    /// The RFC 8785 canonical serialization of this value, as a `String`.
    public var canonicalString: String {
        String(decoding: canonicalBytes, as: UTF8.self)
    }

    /// Appends the canonical form to `out` (RFC 8785 §3.2: no whitespace, sorted members).
    func writeCanonical(into out: inout [UInt8]) {
        switch self {
        case .null:
            out.append(contentsOf: "null".utf8)
        case .bool(let value):
            out.append(contentsOf: value ? "true".utf8 : "false".utf8)
        case .number(let value):
            ECMAScriptNumber.append(value, to: &out)
        case .string(let value):
            Self.writeString(value, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            var first = true
            for element in elements {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                element.writeCanonical(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let sorted = members.sorted { Self.utf16Precedes($0.key, $1.key) }
            var first = true
            for (key, value) in sorted {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                Self.writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                value.writeCanonical(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Whether `a` sorts before `b` as arrays of UTF-16 code units (RFC 8785 §3.2.3).
    ///
    /// Walks UTF-8 instead of transcoding: while both strings agree byte for byte they
    /// are aligned on the same scalar, and if either differing byte is ASCII the byte
    /// order equals the UTF-16 order. Only two differing non-ASCII scalars need real
    /// UTF-16 units, because UTF-8 (code point) order puts U+E000–U+FFFF before
    /// supplementary characters while UTF-16 surrogates (0xD800...) put them after.
    static func utf16Precedes(_ a: String, _ b: String) -> Bool {
        var left = a.utf8.makeIterator()
        var right = b.utf8.makeIterator()
        while true {
            guard let x = left.next() else { return right.next() != nil }
            guard let y = right.next() else { return false }
            if x == y { continue }
            if x < 0x80 || y < 0x80 { return x < y }
            return a.utf16.lexicographicallyPrecedes(b.utf16)
        }
    }

    /// Appends `string` quoted and escaped as RFC 8785 §3.2.2.2 (ECMAScript JSON.stringify) does.
    static func writeString(_ string: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            // Copy unescaped runs in bulk; only '"', '\' and U+0000–U+001F are escaped,
            // everything else (including '/', U+007F and non-ASCII) is written as is.
            var runStart = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                runStart = index + 1
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                default:
                    // Other controls as \u00xx with lowercase hex.
                    let hex: StaticString = "0123456789abcdef"
                    out.append(contentsOf: "u00".utf8)
                    out.append(hex.utf8Start[Int(byte >> 4)])
                    out.append(hex.utf8Start[Int(byte & 0x0F)])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
