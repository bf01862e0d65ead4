import Recorder

/// The top-level members of one JSON object, each value kept as its raw bytes.
///
/// EvalPlus's inputs must reach Python exactly as written: `1.0` is a float there and `1` an int, integers may exceed
/// a double's precision, and Python's `json` writes `NaN` and `Infinity`. `JSONValue` keeps none of that, so the
/// task loader reads those members raw and hands them to the harness untouched.
enum RawJSONMembers {
    /// The members of the object in `bytes`, name → raw value bytes; nil when it is not a JSON object. Names with
    /// escapes are read with `JSONValue`; values are delimited, not validated.
    static func members(of bytes: ArraySlice<UInt8>) -> [String: ArraySlice<UInt8>]? {
        var index = bytes.startIndex
        func skipSpace() {
            while index < bytes.endIndex, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[index]) { index += 1 }
        }
        /// Moves past a string that starts at `index` (a quote).
        func skipString() -> Bool {
            index += 1
            while index < bytes.endIndex {
                switch bytes[index] {
                case UInt8(ascii: "\\"): index += 2
                case UInt8(ascii: "\""): index += 1; return true
                default: index += 1
                }
            }
            return false
        }
        /// Moves past one value.
        func skipValue() -> Bool {
            skipSpace()
            guard index < bytes.endIndex else { return false }
            if bytes[index] == UInt8(ascii: "\"") { return skipString() }
            if bytes[index] == UInt8(ascii: "[") || bytes[index] == UInt8(ascii: "{") {
                var depth = 0
                while index < bytes.endIndex {
                    switch bytes[index] {
                    case UInt8(ascii: "\""): if !skipString() { return false }; continue
                    case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
                    case UInt8(ascii: "]"), UInt8(ascii: "}"):
                        depth -= 1
                        if depth == 0 { index += 1; return true }
                    default: break
                    }
                    index += 1
                }
                return false
            }
            while index < bytes.endIndex, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0a, 0x0d]
                .contains(bytes[index]) { index += 1 }
            return true
        }
        skipSpace()
        guard index < bytes.endIndex, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        var members: [String: ArraySlice<UInt8>] = [:]
        while true {
            skipSpace()
            guard index < bytes.endIndex else { return nil }
            if bytes[index] == UInt8(ascii: "}") { return members }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            guard bytes[index] == UInt8(ascii: "\"") else { return nil }
            let nameStart = index
            guard skipString(), let name = (try? JSONValue(parsing: bytes[nameStart..<index]))?.stringValue else { return nil }
            skipSpace()
            guard index < bytes.endIndex, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            skipSpace()
            let valueStart = index
            guard skipValue() else { return nil }
            members[name] = bytes[valueStart..<index]
        }
    }
}
