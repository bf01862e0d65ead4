import Foundation
import Recorder

extension TaskLoader {
    /// Whether `bytes` is an EvalPlus file (HumanEval+ or MBPP+ JSON Lines): its first record has `base_input`.
    static func isEvalPlus(_ bytes: [UInt8]) -> Bool {
        guard let line = bytes.split(separator: UInt8(ascii: "\n")).first(where: { $0.contains { $0 > 0x20 } }) else {
            return false
        }
        return RawJSONMembers.members(of: line)?["base_input"] != nil
    }

    /// The tasks of an EvalPlus file: HumanEval+ (`task_id, prompt, entry_point, canonical_solution, test, contract,
    /// base_input, plus_input, atol`) or MBPP+ (`task_id` "Mbpp/N", `prompt`, `entry_point`, `canonical_solution`,
    /// `base_input`, `plus_input`, `atol`, `assertion`, optionally `contract`). The inputs are kept as raw JSON.
    /// - Throws: `TaskFileError` naming the file and line of a malformed record.
    static func evalPlusTasks(_ bytes: [UInt8], path: String) throws -> [CodingTask] {
        var tasks: [CodingTask] = []
        for (offset, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0d }) { continue }
            func fail(_ reason: String) -> TaskFileError { TaskFileError(path: path, line: offset + 1, reason: reason) }
            guard let members = RawJSONMembers.members(of: line) else { throw fail("malformed JSON: not a JSON object") }
            func value(_ name: String) throws -> JSONValue? {
                guard let raw = members[name] else { return nil }
                do { return try JSONValue(parsing: raw) } catch { throw fail("malformed JSON in '\(name)': \(error)") }
            }
            func string(_ name: String) throws -> String {
                guard let text = try value(name)?.stringValue else { throw fail("missing string member '\(name)'") }
                return text
            }
            func inputs(_ name: String) throws -> PlusOracle.Inputs {
                guard let raw = members[name] else { throw fail("missing member '\(name)' (a list of argument lists)") }
                let count = Self.topLevelCount(raw)
                guard let count else { throw fail("'\(name)' must be a JSON array of argument lists") }
                return PlusOracle.Inputs(name: name == "base_input" ? "base" : "plus", json: String(decoding: raw, as: UTF8.self),
                                         count: count)
            }
            let id = try string("task_id"), prompt = try string("prompt"), entryPoint = try string("entry_point")
            let solution = try string("canonical_solution")
            let contract = try value("contract")?.stringValue ?? ""
            let atol = try value("atol")?.doubleValue ?? 0
            let groups = [try inputs("base_input"), try inputs("plus_input")]
            let dataset: PlusOracle.Dataset = id.hasPrefix("Mbpp/") ? .mbpp : .humaneval
            let notNone = dataset == .mbpp && ["check_str", "text_match_three", "text_starta_endb"].contains(entryPoint)
            let oracle = PlusOracle(dataset: dataset, taskID: id, entryPoint: entryPoint, reference: prompt + solution,
                                    contracted: PlusOracle.contracted(dataset: dataset, prompt: prompt, solution: solution,
                                                                      contract: contract, entryPoint: entryPoint),
                                    groups: groups, atol: atol, outputNotNone: notNone)
            let hidden: [String]
            switch dataset {
            case .humaneval:
                guard let test = try value("test")?.stringValue else {
                    var error = fail("no 'test' member (HumanEval's own tests): use the full HumanEval+ file, or give it beside HumanEval")
                    error.problem = .evalPlusWithoutTests
                    throw error
                }
                hidden = [test + "\n\ncheck(\(entryPoint))\n"]
            case .mbpp:
                guard let assertion = try value("assertion")?.stringValue ?? value("test")?.stringValue else {
                    throw fail("missing string member 'assertion' (MBPP's own asserts)")
                }
                let imports = (try value("test_imports")?.arrayValue ?? []).compactMap(\.stringValue)
                let setup = imports.isEmpty ? "" : imports.joined(separator: "\n") + "\n"
                hidden = PythonSource.splitTests(assertion).map { setup + $0 }
            }
            tasks.append(CodingTask(id: id, prompt: prompt, entryPoint: entryPoint, referenceSolution: prompt + solution,
                                    hiddenTests: hidden, assembly: .prompt, plus: oracle))
        }
        if tasks.isEmpty { throw TaskFileError(path: path, line: nil, reason: "no tasks in the file") }
        return tasks
    }

    /// `tasks` with EvalPlus's oracle from `path` (HumanEval+ or MBPP+) attached by task id; tasks the file lacks
    /// keep none.
    /// - Throws: `TaskFileError` when the file cannot be read or is not an EvalPlus file.
    public static func attachingPlus(to tasks: [CodingTask], from path: String) throws -> [CodingTask] {
        let bytes = try readFile(path)
        guard isEvalPlus(bytes) else {
            throw TaskFileError(path: path, line: nil, reason: "not an EvalPlus file (HumanEval+ or MBPP+ JSON Lines with base_input and plus_input)")
        }
        let oracles = Dictionary(try evalPlusTasks(bytes, path: path).map { ($0.id, $0.plus) }, uniquingKeysWith: { first, _ in first })
        return tasks.map { task in
            var task = task
            task.plus = oracles[task.id] ?? nil
            return task
        }
    }

    /// The number of elements of the JSON array in `raw` (nil when it is not an array), without parsing them.
    static func topLevelCount(_ raw: ArraySlice<UInt8>) -> Int? {
        guard let first = raw.first(where: { $0 > 0x20 }), first == UInt8(ascii: "[") else { return nil }
        var depth = 0, count = 0, inString = false, escaped = false, sawValue = false
        for byte in raw {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true; if depth == 1 { sawValue = true }
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                if depth == 1 { sawValue = true }
                depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                if depth == 0 { return sawValue ? count + 1 : 0 }
            case UInt8(ascii: ","): if depth == 1 { count += 1 }
            case 0x20, 0x09, 0x0a, 0x0d: break
            default: if depth == 1 { sawValue = true }
            }
        }
        return nil
    }
}
