import Recorder

extension ExecutionRequest {
    /// What determines the outcome, as JSON: runner version, kind, code, tests and limits.
    ///
    /// Its RFC 8785 canonical bytes are hashed for the key and stored as the execution's input.
    public var canonicalJSON: JSONValue {
        .object([
            "runner": .string(PythonHarness.version), "kind": .string(kind.rawValue), "code": .string(code),
            "tests": .array(tests.map(JSONValue.string)), "limits": limits.json,
        ])
    }

    /// The execution's cache key: SHA-256 of `canonicalJSON`'s canonical bytes.
    public var key: CacheKey { CacheKey(hashing: canonicalJSON.canonicalBytes) }

    /// The runner and version that enters every key (`python-harness/N`).
    public static var runnerVersion: String { PythonHarness.version }
}
