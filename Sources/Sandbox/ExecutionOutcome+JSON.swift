import Recorder

extension ExecutionOutcome {
    /// The outcome as JSON, for the store and for comparisons: `{"load_error", "tests": [{index, status, message}]}`,
    /// with `output_bytes`, `timing_sensitive`, `cpu_ms` and `inputs` on a test only when set, and `reference` only
    /// for a reference execution.
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "load_error": loadError.map(JSONValue.string) ?? .null,
            "tests": .array(tests.map { test in
                var fields: [String: JSONValue] = ["index": .number(Double(test.index)), "status": .string(test.status.rawValue),
                                                   "message": .string(test.message)]
                if test.outputBytes > 0 { fields["output_bytes"] = .number(Double(test.outputBytes)) }
                if test.timingSensitive { fields["timing_sensitive"] = .bool(true) }
                if let cpu = test.cpuMilliseconds { fields["cpu_ms"] = .number(Double(cpu)) }
                if let inputs = test.inputs { fields["inputs"] = .string(inputs) }
                return .object(fields)
            }),
        ]
        if let reference {
            members["reference"] = .array(reference.map { group in
                [
                    "name": .string(group.name),
                    "digest": .string(group.digest),
                    "cpu_ms": .array(group.cpuMilliseconds.map { $0.map { .number(Double($0)) } ?? .null }),
                    "skipped": .object(Dictionary(uniqueKeysWithValues: group.skipped.map { (String($0.key), JSONValue.string($0.value)) })),
                ]
            })
        }
        return .object(members)
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
            outcomes.append(TestOutcome(index: index, status: status, message: message,
                                        outputBytes: test["output_bytes"]?.intValue ?? 0,
                                        timingSensitive: test["timing_sensitive"]?.boolValue ?? false,
                                        cpuMilliseconds: test["cpu_ms"]?.intValue, inputs: test["inputs"]?.stringValue))
        }
        var reference: [ReferenceOutputs]?
        if let groups = json["reference"]?.arrayValue {
            reference = try groups.map { group throws(ExecutionOutcomeFormatError) in
                guard let name = group["name"]?.stringValue, let digest = group["digest"]?.stringValue,
                      let cpu = group["cpu_ms"]?.arrayValue
                else { throw ExecutionOutcomeFormatError(detail: "a reference group without name, digest or cpu_ms") }
                var skipped: [Int: String] = [:]
                for (key, reason) in group["skipped"]?.objectValue ?? [:] {
                    if let index = Int(key) { skipped[index] = reason.stringValue ?? "" }
                }
                return ReferenceOutputs(name: name, digest: digest, cpuMilliseconds: cpu.map(\.intValue), skipped: skipped)
            }
        }
        self.init(tests: outcomes, loadError: json["load_error"]?.stringValue, reference: reference)
    }

    /// The same verdicts: statuses, messages, load error, discarded output and the reference's digests, but not the
    /// figures a re-execution measures afresh (CPU times, and whether a verdict came near its limit): what
    /// `align replay --reexecute` compares.
    public func sameVerdict(as other: ExecutionOutcome) -> Bool {
        func plain(_ outcome: ExecutionOutcome) -> ExecutionOutcome {
            var copy = outcome
            copy.tests = copy.tests.map { test in
                var test = test
                test.cpuMilliseconds = nil
                test.timingSensitive = false
                return test
            }
            copy.reference = copy.reference?.map { group in
                var group = group
                group.cpuMilliseconds = group.cpuMilliseconds.map { $0 == nil ? nil : 0 }
                return group
            }
            return copy
        }
        return plain(self) == plain(other)
    }

    /// One word for listings and the store: `load_error`, `timeout`, `error`, `failed` or `passed`, worst first (a
    /// hang while loading is a `timeout`).
    public var statusWord: String {
        if loadError != nil { return tests.first?.status == .timeout ? "timeout" : "load_error" }
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
