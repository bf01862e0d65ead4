import Foundation

/// The scalar parts of the parser: strings (with UTF-8 validation and escapes) and numbers.
extension JSONByteParser {
    // MARK: Strings

    /// Parses a string starting at its opening quote; validates UTF-8 and escapes.
    mutating func parseString() throws(JSONParseError) -> String {
        let open = position
        position += 1
        var runStart = position
        var escaped = false
        scratch.removeAll(keepingCapacity: true)
        while true {
            guard position < input.count else {
                throw error(.unexpectedEndOfInput, "unterminated string (opened at offset \(open)); expected '\"', found end of input")
            }
            let byte = input[position]
            if byte == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: input[runStart..<position])
                position += 1
                // Escape-free strings (the vast majority) decode straight from the input.
                guard escaped else { return String(decoding: run, as: UTF8.self) }
                scratch.append(contentsOf: run)
                return String(decoding: scratch, as: UTF8.self)
            } else if byte == UInt8(ascii: "\\") {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<position]))
                escaped = true
                try parseEscape()
                runStart = position
            } else if byte < 0x20 {
                throw error(.controlCharacterInString, "unescaped control character \(describe(byte)) in string; control characters must be escaped (e.g. \\n, \\u001f)")
            } else if byte < 0x80 {
                position += 1
            } else {
                try skipUTF8Scalar()
            }
        }
    }

    /// Validates one multi-byte UTF-8 scalar at `position` (Unicode Table 3-7: no
    /// overlongs, no surrogates, nothing above U+10FFFF) and steps over it.
    mutating func skipUTF8Scalar() throws(JSONParseError) {
        let lead = input[position]
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF  // allowed range of the second byte
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default:
            throw error(.invalidUTF8, "invalid UTF-8 byte \(hex(lead)) in string")
        }
        for index in 1..<length {
            let at = position + index
            guard at < input.count else {
                throw error(.invalidUTF8, at: at, "truncated UTF-8 sequence in string, found end of input")
            }
            let byte = input[at]
            let range = index == 1 ? low...high : 0x80...0xBF
            guard range.contains(byte) else {
                throw error(.invalidUTF8, at: at, "invalid UTF-8 sequence in string: byte \(hex(byte)) cannot follow lead byte \(hex(lead))")
            }
        }
        position += length
    }

    /// Decodes the escape at `position` (a backslash) into `scratch`.
    mutating func parseEscape() throws(JSONParseError) {
        let escapeStart = position
        position += 1
        guard let kind = current else {
            throw error(.unexpectedEndOfInput, "unterminated escape sequence, found end of input")
        }
        position += 1
        switch kind {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(kind)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try parseHex4()
            var scalar = UInt32(unit)
            if (0xDC00...0xDFFF).contains(unit) {
                throw error(.invalidSurrogate, at: escapeStart, "lone low surrogate \\u\(hex4(unit)) without a preceding high surrogate")
            }
            if (0xD800...0xDBFF).contains(unit) {
                // A high surrogate is only valid as the first half of an escaped pair.
                guard position + 1 < input.count, input[position] == UInt8(ascii: "\\"),
                      input[position + 1] == UInt8(ascii: "u") else {
                    throw error(.invalidSurrogate, at: escapeStart, "lone high surrogate \\u\(hex4(unit)); expected a low surrogate escape \\udc00-\\udfff after it")
                }
                position += 2
                let second = try parseHex4()
                guard (0xDC00...0xDFFF).contains(second) else {
                    throw error(.invalidSurrogate, at: escapeStart, "high surrogate \\u\(hex4(unit)) followed by \\u\(hex4(second)), not a low surrogate \\udc00-\\udfff")
                }
                scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(second) - 0xDC00)
            }
            scratch.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar)!)!)
        default:
            throw error(.invalidEscape, at: escapeStart, "invalid escape '\\\(String(decoding: [kind], as: UTF8.self))'; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
        }
    }

    mutating func parseHex4() throws(JSONParseError) -> UInt16 {
        var unit: UInt16 = 0
        for _ in 0..<4 {
            let digit: UInt8
            switch current {
            case let byte? where byte >= 0x30 && byte <= 0x39: digit = byte - 0x30
            case let byte? where byte >= 0x61 && byte <= 0x66: digit = byte - 0x61 + 10
            case let byte? where byte >= 0x41 && byte <= 0x46: digit = byte - 0x41 + 10
            default:
                throw error(current == nil ? .unexpectedEndOfInput : .invalidEscape,
                            "expected 4 hex digits after \\u, found \(describe(current))")
            }
            unit = unit << 4 | UInt16(digit)
            position += 1
        }
        return unit
    }

    // MARK: Numbers

    /// Parses an RFC 8259 number into the correctly rounded double.
    mutating func parseNumber() throws(JSONParseError) -> Double {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        guard let first = current, isDigit(first) else {
            let hint = current == UInt8(ascii: "I") ? " (Infinity is not valid JSON)" : ""
            throw error(current == nil ? .unexpectedEndOfInput : .invalidNumber, "expected a digit after '-', found \(describe(current))\(hint)")
        }
        position += 1
        if first == UInt8(ascii: "0") {
            if let next = current, isDigit(next) {
                throw error(.invalidNumber, at: start, "leading zeros are not allowed in numbers ('0' followed by \(describe(next)))")
            }
        } else {
            skipDigits()
        }
        var isInteger = true
        if current == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard let digit = current, isDigit(digit) else {
                throw error(.invalidNumber, "expected a digit after '.' in number, found \(describe(current))")
            }
            skipDigits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard let digit = current, isDigit(digit) else {
                throw error(.invalidNumber, "expected a digit in the number's exponent, found \(describe(current))")
            }
            skipDigits()
        }
        let lexeme = UnsafeBufferPointer(rebasing: input[start..<position])
        // Integers of at most 15 digits are below 2^53, so accumulating them is exact;
        // everything else goes through the correctly rounded Double(String) (strtod).
        if isInteger, lexeme.count <= 16 {
            var magnitude: Int64 = 0
            let negative = lexeme[0] == UInt8(ascii: "-")
            for byte in lexeme.dropFirst(negative ? 1 : 0) {
                magnitude = magnitude * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            let value = Double(magnitude)
            if magnitude <= 999_999_999_999_999 { return negative ? -value : value }
        }
        let text = String(decoding: lexeme, as: UTF8.self)
        guard let value = Double(text) else {
            throw error(.invalidNumber, at: start, "unparseable number \(abbreviated(text))")
        }
        guard value.isFinite else {
            throw error(.numberOutOfRange, at: start, "number \(abbreviated(text)) is outside the range of an IEEE-754 double (RFC 8785 requires finite doubles)")
        }
        return value
    }

    mutating func skipDigits() {
        while position < input.count, isDigit(input[position]) { position += 1 }
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
