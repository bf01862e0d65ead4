import Foundation
import Recorder

/// A published log of real model outputs: per task, the programs and test blocks a model wrote, try by try.
///
/// Read from AgentCoder's released `codes_and_tests` files (a JSON array, plain or `.gz`): `prompt`,
/// `completion_list` (one program per try) and `test_case_list` (one block of tests per try).
public struct PublishedLog: Sendable {
    /// One task's outputs.
    public struct Entry: Sendable {
        /// The task id as the log names it.
        public var taskID: String
        /// The task's prompt, which identifies it in a request.
        public var prompt: String
        /// Program k is the answer to the k-th code request.
        public var programs: [String]
        /// Test block k is the answer to the k-th tests request.
        public var testBlocks: [String]
    }

    /// The entries in file order.
    public let entries: [Entry]

    /// Reads a log file.
    /// - Throws: `TaskFileError` naming the file and record when it is not in the expected layout.
    public init(path: String) throws {
        let bytes = try TaskLoader.readFile(path)
        let records: [JSONValue]
        do {
            guard let array = try JSONValue(parsing: bytes).arrayValue else {
                throw TaskFileError(path: path, line: nil, reason: "a log must be a JSON array of task records")
            }
            records = array
        } catch let error as JSONParseError {
            throw TaskFileError(path: path, line: error.line, reason: "malformed JSON: \(error)")
        }
        entries = try records.enumerated().map { index, record in
            guard let prompt = record["prompt"]?.stringValue,
                  let programs = record["completion_list"]?.arrayValue?.compactMap(\.stringValue),
                  let blocks = record["test_case_list"]?.arrayValue?.compactMap(\.stringValue)
            else {
                throw TaskFileError(path: path, line: index + 1,
                                    reason: "record \(index + 1) lacks prompt, completion_list or test_case_list")
            }
            return Entry(taskID: record["task_id"]?.stringValue ?? "record \(index + 1)", prompt: prompt,
                         programs: programs, testBlocks: blocks)
        }
    }

    /// The entry whose prompt appears in `text` (the longest, should one prompt contain another).
    func entry(mentionedIn text: String) -> Entry? {
        entries.filter { text.contains($0.prompt) }.max { $0.prompt.count < $1.prompt.count }
    }
}
