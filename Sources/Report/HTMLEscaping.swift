import Engine
import Recorder

/// Escaping for the two places text goes into the page: HTML text and attributes, and the JSON data island.
enum HTMLEscaping {
    /// `text` safe as HTML text or as a quoted attribute value: `& < > " '` as character references.
    static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// `value` as JSON for a `<script type="application/json">` element: `<`, `>` and `&` (which can only occur
    /// inside strings) written as `\u003c`, `\u003e`, `\u0026`, so no `</script>` or `<!--` can end or change the
    /// element; U+2028 and U+2029 escaped too.
    static func scriptJSON(_ value: JSONValue) -> String {
        var out = ""
        let canonical = value.canonicalString
        out.reserveCapacity(canonical.utf8.count + 64)
        for character in canonical.unicodeScalars {
            switch character {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
