import Foundation

/// Just enough Python lexing to cut a block of source into top-level statements, without running Python.
///
/// Used to split published test blocks (several asserts, sometimes with helper code) into single tests. A statement
/// ends at a newline outside brackets and strings and without a trailing backslash; indented lines belong to the
/// statement above (a `def` body). Comments and blank lines are dropped.
public enum PythonSource {
    /// The top-level statements of `source`, each with its continuation and indented lines.
    public static func topLevelStatements(_ source: String) -> [String] {
        var statements: [String] = []
        var current: [Substring] = []
        var depth = 0
        var quote: String?            // the open string's delimiter: ', ", ''' or """
        var continued = false         // the last line ended inside brackets, a string, or with a backslash
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            let startsStatement = !continued && trimmed.count == line.count
            if !continued && (trimmed.isEmpty || trimmed.hasPrefix("#")) { continue }
            if startsStatement, !current.isEmpty {
                statements.append(current.joined(separator: "\n"))
                current = []
            }
            current.append(line.hasSuffix("\r") ? line.dropLast() : line)
            // Scan the line for brackets and strings.
            var characters = Array(line)
            if characters.last == "\r" { characters.removeLast() }
            var index = 0
            var backslash = false
            while index < characters.count {
                let character = characters[index]
                if let open = quote {
                    if character == "\\" { index += 2; continue }
                    if open.count == 3 {
                        if index + 2 < characters.count, String(characters[index...index + 2]) == open {
                            quote = nil
                            index += 3
                            continue
                        }
                    } else if String(character) == open {
                        quote = nil
                    }
                    index += 1
                    continue
                }
                switch character {
                case "#": index = characters.count; continue
                case "'", "\"":
                    if index + 2 < characters.count, characters[index + 1] == character, characters[index + 2] == character {
                        quote = String(repeating: String(character), count: 3)
                        index += 3
                        continue
                    }
                    quote = String(character)
                case "(", "[", "{": depth += 1
                case ")", "]", "}": depth = max(0, depth - 1)
                default: break
                }
                index += 1
            }
            backslash = characters.last == "\\"
            // A single-quoted string cannot span lines; only triple quotes carry over.
            if let open = quote, open.count == 1 { quote = nil }
            continued = depth > 0 || quote != nil || backslash
        }
        if !current.isEmpty { statements.append(current.joined(separator: "\n")) }
        return statements
    }

    /// Splits a block of tests into single tests: each top-level `assert` on its own, each `def test…` function on
    /// its own; import lines are kept in front of every test that needs them. Other statements (a redefinition of
    /// the function under test, prints, calls) are dropped: they are not tests.
    public static func splitTests(_ block: String) -> [String] {
        let statements = topLevelStatements(block)
        let imports = statements.filter { $0.hasPrefix("import ") || $0.hasPrefix("from ") }
        let prefix = imports.isEmpty ? "" : imports.joined(separator: "\n") + "\n"
        var tests: [String] = []
        for statement in statements {
            if statement.hasPrefix("assert ") || statement.hasPrefix("assert(") {
                tests.append(prefix + statement)
            } else if statement.hasPrefix("def test") {
                // A test function made only of asserts becomes one test per assert; one with setup stays whole.
                let inner = topLevelStatements(dedentedBody(of: statement))
                if !inner.isEmpty, inner.allSatisfy({ $0.hasPrefix("assert ") || $0.hasPrefix("assert(") }) {
                    tests += inner.map { prefix + $0 }
                } else {
                    tests.append(prefix + statement)
                }
            }
        }
        return tests
    }

    /// The body of a one-level `def`, dedented by its first body line's indentation.
    static func dedentedBody(of function: String) -> String {
        let lines = function.split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
        guard let first = lines.first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return "" }
        let indent = first.prefix { $0 == " " || $0 == "\t" }.count
        return lines.map { line in
            let leading = line.prefix { $0 == " " || $0 == "\t" }.count
            return String(line.dropFirst(min(indent, leading)))
        }.joined(separator: "\n")
    }
}
