import Foundation

/// Blanks out secrets in JSON bodies and in text before anything is hashed or stored.
///
/// Two rules: object members whose name says they hold a credential (`api_key`, `authorization`, …) lose their
/// value, and any string matching one of the patterns (by default, OpenAI and Anthropic key shapes) has each match
/// replaced. Extra patterns are regular expressions (ICU syntax, as NSRegularExpression takes them).
public struct Redaction: Sendable {
    /// What a redacted value is replaced with.
    public static let placeholder = "[REDACTED]"

    /// Lowercased member names whose values are always replaced.
    public var memberNames: Set<String>
    /// The patterns searched for in every string value (and in text such as stream events).
    public private(set) var patterns: [Pattern]

    /// One compiled pattern, with the text it was compiled from.
    public struct Pattern: @unchecked Sendable {
        /// The regular expression as written.
        public let source: String
        // NSRegularExpression is immutable after creation, so sharing it across threads is safe.
        let expression: NSRegularExpression
        // When set, strings without this literal cannot match, so the regex is skipped: keeps the common case cheap.
        let requiredLiteral: String?

        /// Compiles `source`.
        /// - Throws: `RedactionPatternError` when it is not a valid regular expression.
        public init(_ source: String) throws(RedactionPatternError) {
            try self.init(source, requiredLiteral: nil)
        }

        init(_ source: String, requiredLiteral: String?) throws(RedactionPatternError) {
            do {
                expression = try NSRegularExpression(pattern: source)
            } catch {
                throw RedactionPatternError(pattern: source, reason: "\(error)")
            }
            self.source = source
            self.requiredLiteral = requiredLiteral
        }
    }

    /// The member names redacted by default.
    public static let defaultMemberNames: Set<String> = [
        "api_key", "apikey", "api-key", "x-api-key", "authorization", "access_token", "refresh_token", "client_secret",
        "password", "secret_key",
    ]

    /// OpenAI (`sk-…`, `sk-proj-…`) and Anthropic (`sk-ant-…`) key shapes.
    // The literal `sk-` is required by the pattern itself, so it is a safe pre-filter.
    public static let defaultPatterns: [Pattern] = [
        try! Pattern("sk-[A-Za-z0-9_-]{20,}", requiredLiteral: "sk-"),
    ]

    /// The default redaction: credential member names and provider key shapes.
    public static let `default` = Redaction(memberNames: defaultMemberNames, patterns: defaultPatterns)

    /// Builds a redaction from its parts.
    public init(memberNames: Set<String>, patterns: [Pattern]) {
        self.memberNames = Set(memberNames.map { $0.lowercased() })
        self.patterns = patterns
    }

    /// This redaction with more patterns.
    /// - Throws: `RedactionPatternError` for a pattern that does not compile.
    public func adding(patterns sources: [String]) throws(RedactionPatternError) -> Redaction {
        var copy = self
        for source in sources { copy.patterns.append(try Pattern(source)) }
        return copy
    }

    /// `value` with credential members and pattern matches replaced by the placeholder.
    public func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text):
            return .string(redact(text: text))
        case .array(let items):
            return .array(items.map(redact))
        case .object(let members):
            var result = [String: JSONValue](minimumCapacity: members.count)
            for (name, member) in members {
                if memberNames.contains(name.lowercased()), member != .null {
                    result[name] = .string(Self.placeholder)
                } else {
                    result[name] = redact(member)
                }
            }
            return .object(result)
        case .null, .bool, .number:
            return value
        }
    }

    /// `text` with every match of every pattern replaced by the placeholder.
    public func redact(text: String) -> String {
        var result = text
        for pattern in patterns {
            if let literal = pattern.requiredLiteral, !result.utf8.containsBytes(of: literal) { continue }
            let range = NSRange(result.startIndex..., in: result)
            result = pattern.expression.stringByReplacingMatches(
                in: result, range: range, withTemplate: NSRegularExpression.escapedTemplate(for: Self.placeholder))
        }
        return result
    }
}

/// A redaction pattern that is not a valid regular expression.
public struct RedactionPatternError: Error, CustomStringConvertible, Sendable {
    /// The pattern as given.
    public let pattern: String
    /// What the regular expression engine said.
    public let reason: String
    public var description: String { "redaction pattern '\(pattern)' is not a valid regular expression: \(reason)" }
}

extension String.UTF8View {
    /// True when `literal`'s UTF-8 bytes occur in this text: a byte search, far cheaper than `String.contains`,
    /// which compares by Unicode canonical equivalence.
    func containsBytes(of literal: String) -> Bool {
        let needle = Array(literal.utf8)
        guard let first = needle.first else { return true }
        let found = withContiguousStorageIfAvailable { haystack -> Bool in
            guard haystack.count >= needle.count else { return false }
            var index = 0
            let last = haystack.count - needle.count
            while index <= last {
                if haystack[index] == first && needle.indices.allSatisfy({ haystack[index + $0] == needle[$0] }) {
                    return true
                }
                index += 1
            }
            return false
        }
        return found ?? String(self).contains(literal)
    }
}
