import Recorder

extension ExecutionOutcome {
    /// The outcome as JSON, for the store and for comparisons: `{"load_error", "tests": [{index, status, message}]}`.
    public var json: JSONValue {
        .object([
            "load_error": loadError.map(JSONValue.string) ?? .null,
            "tests": .array(tests.map { test in
                .object(["index": .number(Double(test.index)), "status": .string(test.status.rawValue),
                         "message": .string(test.message)])
            }),
        ])
    }

    /// Reads an outcome back from `json`.
    /// - Throws: `ExecutionOutcomeFormatError` when a member is missing or of the wrong type.
    public init(json: JSONValue) throws(ExecutionOutcomeFormatError) {
        guard let tests = json["tests"]?.arrayValue else { throw ExecutionOutcomeFormatError(detail: "no tests array") }
        var outcomes: [TestOutcome] = []
        for test in tests {
            guard let index = test["index"]?.intValue, let word = test["status"]?.stringValue,
                  let status = TestOutcome.Status(rawValue: word), let message = test["message"]?.stringValue
            else { throw ExecutionOutcomeFormatError(detail: "a test without index, status or message") }
            outcomes.append(TestOutcome(index: index, status: status, message: message))
        }
        self.init(tests: outcomes, loadError: json["load_error"]?.stringValue)
    }

    /// One word for listings and the store: `load_error`, `timeout`, `error`, `failed` or `passed`, worst first.
    public var statusWord: String {
        if loadError != nil { return "load_error" }
        if tests.contains(where: { $0.status == .timeout }) { return "timeout" }
        if tests.contains(where: { $0.status == .error }) { return "error" }
        return allPassed ? "passed" : "failed"
    }
}

/// A stored outcome that does not have the shape `ExecutionOutcome.json` writes.
public struct ExecutionOutcomeFormatError: Error, CustomStringConvertible, Sendable {
    /// What is wrong with it.
    public let detail: String
    public var description: String { "stored execution outcome is malformed: \(detail)" }
}
