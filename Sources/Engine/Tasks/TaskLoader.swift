import Foundation
import Recorder

/// A task file that cannot be read: which file, which line, what is wrong.
public struct TaskFileError: Error, CustomStringConvertible {
    /// The file.
    public var path: String
    /// The 1-based line (or record) where it went wrong; nil for the file as a whole.
    public var line: Int?
    /// What is wrong.
    public var reason: String
    /// What kind of problem it is, for a caller with more to say about one.
    public var problem = Problem.malformed

    /// The kinds of problem a caller may tell apart.
    public enum Problem: Sendable, Equatable {
        /// The file cannot be read as tasks (the reason says why).
        case malformed
        /// EvalPlus inputs without HumanEval's own tests, given as the tasks: they go beside HumanEval.
        case evalPlusWithoutTests
    }

    /// Builds an error.
    public init(path: String, line: Int?, reason: String) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    public var description: String {
        "\(path)\(line.map { ":\($0)" } ?? ""): \(reason)"
    }
}

/// Reads benchmark task files: HumanEval JSON Lines (plain or `.gz`), MBPP (sanitized JSON array or JSON Lines) and
/// EvalPlus's HumanEval+ / MBPP+ (JSON Lines with `base_input` and `plus_input`).
public enum TaskLoader {
    /// The tasks of `path`, in file order, filtered by `only` (ids) and cut to `limit`.
    /// - Throws: `TaskFileError` naming the file and line of a malformed record, or an unknown id in `only`.
    public static func load(path: String, limit: Int? = nil, only: [String] = []) throws -> [CodingTask] {
        var tasks = try parse(try readFile(path), path: path)
        if !only.isEmpty {
            let wanted = Set(only)
            let known = Set(tasks.map(\.id))
            if let unknown = only.first(where: { !known.contains($0) }) {
                throw TaskFileError(path: path, line: nil, reason: "no task with id '\(unknown)' (ids look like '\(tasks.first?.id ?? "?")')")
            }
            tasks = tasks.filter { wanted.contains($0.id) }
        }
        if let limit { tasks = Array(tasks.prefix(max(0, limit))) }
        return tasks
    }

    /// The bytes of `path`, inflated when it is gzip (whatever its name).
    /// - Throws: `TaskFileError` when it cannot be read or inflated.
    public static func readFile(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TaskFileError(path: path, line: nil, reason: "cannot read the file (does it exist?)")
        }
        let bytes = [UInt8](data)
        guard bytes.starts(with: [0x1f, 0x8b]) else { return bytes }
        do { return try Gzip.decompress(bytes) } catch {
            throw TaskFileError(path: path, line: nil, reason: "not a readable gzip file: \(error)")
        }
    }

    /// The records of a JSON Lines file with their 1-based line numbers; blank lines are skipped.
    /// - Throws: `TaskFileError` naming the line that is not JSON.
    public static func jsonLines(_ bytes: [UInt8], path: String) throws -> [(line: Int, record: JSONValue)] {
        var records: [(line: Int, record: JSONValue)] = []
        for (index, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0d }) { continue }
            do { records.append((index + 1, try JSONValue(parsing: Array(line)))) } catch {
                throw TaskFileError(path: path, line: index + 1, reason: "malformed JSON: \(error)")
            }
        }
        return records
    }

    /// The records of a JSON array (numbered from 1) or of JSON Lines (numbered by line), and which it was.
    /// - Throws: `TaskFileError` naming the line that is not JSON.
    public static func records(_ bytes: [UInt8], path: String) throws -> (isArray: Bool, records: [(line: Int, record: JSONValue)]) {
        let first = bytes.first { !(" \t\r\n" as String).utf8.contains($0) }
        guard first == UInt8(ascii: "[") else { return (false, try jsonLines(bytes, path: path)) }
        do {
            return (true, try (JSONValue(parsing: bytes).arrayValue ?? []).enumerated().map { ($0.offset + 1, $0.element) })
        } catch {
            throw TaskFileError(path: path, line: error.line, reason: "malformed JSON: \(error)")
        }
    }

    /// Parses task records from JSON Lines or a JSON array.
    static func parse(_ bytes: [UInt8], path: String) throws -> [CodingTask] {
        if isEvalPlus(bytes) { return try evalPlusTasks(bytes, path: path) }
        let (isArray, records) = try records(bytes, path: path)
        let tasks = try records.map { line, record in
            try task(from: record, path: path, line: line, unit: isArray ? "record" : "line")
        }
        if tasks.isEmpty && !isArray { throw TaskFileError(path: path, line: nil, reason: "no tasks in the file") }
        return tasks
    }

    private static func task(from record: JSONValue, path: String, line: Int, unit: String) throws -> CodingTask {
        func fail(_ reason: String) -> TaskFileError { TaskFileError(path: path, line: line, reason: reason) }
        guard record.objectValue != nil else { throw fail("a \(unit) must be a JSON object") }
        func string(_ name: String) throws -> String {
            guard let value = record[name]?.stringValue else { throw fail("missing string member '\(name)'") }
            return value
        }
        if record["canonical_solution"] != nil || record["entry_point"] != nil {
            // HumanEval (and HumanEval+): prompt is the signature + docstring; `test` defines check(candidate).
            let prompt = try string("prompt"), entryPoint = try string("entry_point")
            let test = try string("test")
            return CodingTask(id: try string("task_id"), prompt: prompt, entryPoint: entryPoint,
                              referenceSolution: prompt + (try string("canonical_solution")),
                              hiddenTests: [test + "\n\ncheck(\(entryPoint))\n"], assembly: .prompt)
        }
        if record["test_list"] != nil {
            // MBPP: a description, a reference `code`, asserts in `test_list`, imports in `test_imports`.
            let id: String
            if let number = record["task_id"]?.intValue { id = "Mbpp/\(number)" } else { id = try string("task_id") }
            let description = try string(record["prompt"] != nil ? "prompt" : "text")
            let code = try string("code")
            guard let asserts = record["test_list"]?.arrayValue?.compactMap(\.stringValue), !asserts.isEmpty else {
                throw fail("'test_list' must be a non-empty array of strings")
            }
            let imports = (record["test_imports"]?.arrayValue ?? []).compactMap(\.stringValue)
            guard let entryPoint = calledFunction(in: asserts[0], definedIn: code),
                  let signature = definition(of: entryPoint, in: code)
            else { throw fail("cannot tell which function the tests call") }
            var setupLines = imports
            if let setupCode = record["test_setup_code"]?.stringValue, !setupCode.isEmpty { setupLines.append(setupCode) }
            let setup = setupLines.isEmpty ? "" : setupLines.joined(separator: "\n") + "\n"
            let prompt = "\(description)\n\n\(setup)\(signature)\n"
            return CodingTask(id: id, prompt: prompt, entryPoint: entryPoint, referenceSolution: setup + code,
                              hiddenTests: asserts.map { setup + $0 })
        }
        throw fail("neither a HumanEval record (prompt, entry_point, canonical_solution, test) nor an MBPP one (prompt, code, test_list)")
    }

    /// The function of `code` that an assert calls first: `assert set(f(1)) == …` → `f`. A function the reference
    /// defines wins even over a builtin's name (MBPP has a task whose function is called `sum`).
    static func calledFunction(in assertion: String, definedIn code: String) -> String? {
        // By newline characters, not "\n": MBPP's code has "\r\n", which Swift counts as one character.
        let defined = code.split(whereSeparator: \.isNewline).compactMap { line -> String? in
            guard line.hasPrefix("def ") else { return nil }
            let name = line.dropFirst(4).prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            return name.isEmpty ? nil : String(name)
        }
        let text = assertion.replacingOccurrences(of: #"[ \t]+\("#, with: "(", options: .regularExpression)
        let calls = defined.compactMap { name -> (String, String.Index)? in
            var searchStart = text.startIndex
            while let range = text.range(of: name + "(", range: searchStart..<text.endIndex) {
                let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
                if before.map({ !($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }) ?? true {
                    return (name, range.lowerBound)
                }
                searchStart = range.upperBound
            }
            return nil
        }
        return calls.min { $0.1 < $1.1 }?.0 ?? calledFunction(in: assertion)
    }

    /// The first function called in an assert: `assert set(f(1)) == …` → `f` (skipping builtins).
    static func calledFunction(in assertion: String) -> String? {
        let builtins: Set<String> = ["assert", "set", "sorted", "list", "tuple", "abs", "math", "round", "len", "str",
                                     "int", "float", "dict", "frozenset", "not", "isclose", "all", "any", "max", "min",
                                     "sum", "bool", "type", "isinstance", "re", "in", "is", "and", "or"]
        var name = ""
        // `f (x)` is a call too.
        let text = assertion.replacingOccurrences(of: #"[ \t]+\("#, with: "(", options: .regularExpression)
        for character in text {
            if character.isLetter || character.isNumber || character == "_" || character == "." {
                name.append(character)
                continue
            }
            if character == "(", !name.isEmpty {
                let last = String(name.split(separator: ".").last ?? "")
                if !builtins.contains(last) && !builtins.contains(name) { return last }
            }
            name = ""
        }
        return nil
    }

    /// The `def name(…):` line of `name` in `code`.
    static func definition(of name: String, in code: String) -> String? {
        code.split(whereSeparator: \.isNewline).first {
            let line = $0.trimmingCharacters(in: .whitespaces)
            return line.hasPrefix("def \(name)(") || line.hasPrefix("def \(name) (")
        }.map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: .init(charactersIn: "\r")) }
    }
}
