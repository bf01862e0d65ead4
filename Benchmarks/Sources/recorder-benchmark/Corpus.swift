import Foundation
import Recorder

/// One piece of source material: a HumanEval task, or a generated stand-in.
struct CorpusTask: Sendable {
    /// The function name.
    let entryPoint: String
    /// Signature and docstring (the prompt of a code-generation request).
    let prompt: String
    /// The function body that completes the prompt.
    let solution: String
    /// Python source defining `check(candidate)`.
    let test: String
}

/// The text that request and response bodies are made of: real Python code and prose, so zlib ratios are realistic.
struct Corpus: Sendable {
    let tasks: [CorpusTask]
    /// Where the text came from, for the report.
    let source: String

    /// HumanEval from `path` (or from `shared/datasets/humaneval` beside the project); generated text when missing.
    static func load(path: String?) -> Corpus {
        let candidates = path.map { [$0] } ?? defaultPaths()
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate) {
            do {
                let tasks = try readHumanEval(candidate)
                if !tasks.isEmpty {
                    return Corpus(tasks: tasks, source: "HumanEval (\(tasks.count) tasks, \(candidate))")
                }
            } catch {
                print("note: could not read \(candidate): \(error)")
            }
        }
        print("note: HumanEval not found (looked at \(candidates.joined(separator: ", "))); "
              + "bodies are made of generated Python-like text instead")
        return Corpus(tasks: generatedTasks(count: 164), source: "generated Python-like text (HumanEval not found)")
    }

    /// `../../shared/datasets/humaneval/HumanEval.jsonl.gz` relative to the Benchmarks folder, found from this source
    /// file's location and from the working directory.
    private static func defaultPaths() -> [String] {
        let relative = "../../shared/datasets/humaneval/HumanEval.jsonl.gz"
        let benchmarks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let fromSource = benchmarks.appendingPathComponent(relative).standardizedFileURL.path
        let fromWorkingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent(relative).standardizedFileURL.path
        return fromSource == fromWorkingDirectory ? [fromSource] : [fromSource, fromWorkingDirectory]
    }

    /// Reads the gzipped JSON Lines through `gzip -dc`.
    private static func readHumanEval(_ path: String) throws -> [CorpusTask] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CorpusError(message: "gzip -dc exited with \(process.terminationStatus)")
        }
        return try data.split(separator: UInt8(ascii: "\n")).compactMap { line in
            let value = try JSONValue(parsing: Array(line))
            guard let prompt = value["prompt"]?.stringValue, let solution = value["canonical_solution"]?.stringValue,
                  let test = value["test"]?.stringValue, let entryPoint = value["entry_point"]?.stringValue
            else { return nil }
            return CorpusTask(entryPoint: entryPoint, prompt: prompt, solution: solution, test: test)
        }
    }

    /// Python-shaped functions from a small vocabulary, for machines without the data set.
    private static func generatedTasks(count: Int) -> [CorpusTask] {
        var random = SplitMix64(seed: 7)
        let nouns = ["numbers", "values", "text", "items", "grid", "words", "prices", "nodes", "scores", "pairs"]
        let verbs = ["filter", "count", "merge", "sort", "find", "sum", "split", "rotate", "match", "compress"]
        let adjectives = ["even", "largest", "unique", "nested", "closest", "balanced", "prime", "longest"]
        func pick(_ words: [String]) -> String { words[Int(random.next() % UInt64(words.count))] }
        return (0..<count).map { index in
            let name = "\(pick(verbs))_\(pick(adjectives))_\(pick(nouns))_\(index)"
            let (noun, adjective) = (pick(nouns), pick(adjectives))
            let prompt = """
                from typing import List


                def \(name)(\(noun): List[int], limit: int) -> List[int]:
                    \"\"\" Return the \(adjective) \(noun) up to limit, keeping their order.
                    >>> \(name)([\(random.next() % 10), \(random.next() % 10), \(random.next() % 10)], \(random.next() % 9))
                    [\(random.next() % 10)]
                    \"\"\"

                """
            let solution = """
                    result = []
                    for value in \(noun):
                        if value <= limit and value not in result:
                            result.append(value)
                    return sorted(result, reverse=\(random.next() % 2 == 0 ? "True" : "False"))

                """
            let test = """


                def check(candidate):
                    assert candidate([1, 2, 3], \(random.next() % 5)) == [\(random.next() % 4)]
                    assert candidate([], 0) == []

                """
            return CorpusTask(entryPoint: name, prompt: prompt, solution: solution, test: test)
        }
    }
}

/// The data set file exists but could not be read.
struct CorpusError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// A small deterministic random number generator (SplitMix64), so every run builds the same bodies and keys.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `range`.
    mutating func next(in range: Range<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
}
