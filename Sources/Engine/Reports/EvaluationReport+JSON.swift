import Recorder

/// `align eval --json`.
extension EvaluationReport {
    /// The report as `align eval --json` prints it: the counts, the outputs of each kind, and every line's verdict.
    public var json: JSONValue {
        func number(_ value: Int) -> JSONValue { .number(Double(value)) }
        func ids(_ outputs: [ScoredOutput]) -> JSONValue {
            .array(outputs.map { ["task": .string($0.taskID), "line": number($0.line)] })
        }
        let (valid, total) = validTests
        var members: [String: JSONValue] = [
            "outputs": number(scored.count), "with_code": number(withCode.count),
            "correct": number(withCode.count { $0.correct == true }),
            "claims": number(claimed.count), "claims_confirmed": number(claimed.count - disagreements.count),
            "with_tests": number(withTests.count), "valid_tests": number(valid), "total_tests": number(total),
            "all_tests_valid": number(withTests.count { $0.validTests == $0.totalTests }),
            "empty": ids(empty), "unparsable": ids(unparsable), "timing_sensitive": ids(timingSensitive),
            "disagreements": .array(disagreements.map { output in
                ["task": .string(output.taskID), "line": number(output.line), "claimed_correct": .bool(output.claimedCorrect ?? false),
                 "correct": .bool(output.correct ?? false), "reason": output.failure.map(JSONValue.string) ?? .null]
            }),
            "lines": .array(scored.map { output in
                ["task": .string(output.taskID), "line": number(output.line),
                 "correct": output.correct.map(JSONValue.bool) ?? .null,
                 "correct_plus": output.correctPlus.map(JSONValue.bool) ?? .null,
                 "failure": output.failure.map(JSONValue.string) ?? .null,
                 "plus_failure": output.plusFailure.map(JSONValue.string) ?? .null,
                 "valid_tests": number(output.validTests), "total_tests": number(output.totalTests),
                 "claimed_correct": output.claimedCorrect.map(JSONValue.bool) ?? .null]
            }),
        ]
        if !withPlus.isEmpty {
            members["plus"] = ["with_code": number(withPlus.count), "correct": number(withPlus.count { $0.correctPlus == true }),
                               "official_pass_plus_fail": number(officialPassPlusFail.count)]
        }
        return .object(members)
    }
}
