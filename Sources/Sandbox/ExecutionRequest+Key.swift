import Recorder

extension ExecutionRequest {
    /// What determines the outcome, as JSON: runner version, kind, code, tests, limits and the payload (or what stands
    /// for it: the key of the measurement a time limit was derived from).
    ///
    /// Its RFC 8785 canonical bytes are hashed for the key and stored as the execution's input.
    public var canonicalJSON: JSONValue {
        var members: [String: JSONValue] = [
            "runner": .string(PythonHarness.version), "kind": .string(kind.rawValue), "code": .string(code),
            "tests": .array(tests.map(JSONValue.string)), "limits": limits.json,
        ]
        if !payload.isEmpty { members["payload"] = payloadIdentity ?? .object(payload) }
        return .object(members)
    }

    /// The execution's cache key: SHA-256 of `canonicalJSON`'s canonical bytes.
    public var key: CacheKey { CacheKey(hashing: canonicalJSON.canonicalBytes) }

    /// The runner and version that enters every key (`python-harness/N`).
    public static var runnerVersion: String { PythonHarness.version }
}
