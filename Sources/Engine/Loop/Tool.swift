import Recorder

/// A function the model must call: its name, what it is for, and the JSON schema of its arguments.
///
/// Every generation step forces exactly one tool, so the answer's format is enforced by the provider's function
/// calling and then checked again here (`OutputSchema`), since a provider's enforcement is not a guarantee.
public struct Tool: Sendable, Equatable {
    /// The function name.
    public var name: String
    /// What the function is for, as the model sees it.
    public var description: String
    /// The JSON schema of the arguments (an object schema).
    public var schema: JSONValue

    /// The program: `{code}`.
    public static let writeCode = Tool(
        name: "write_code",
        description: "Submit the complete Python program: imports, helpers and the requested function.",
        schema: object(["code": .object(["type": "string", "description": "Python source code"])], required: ["code"]))

    /// The test suite: `{tests: [...]}`, each one assert or one test function.
    public static func writeTests(minimum: Int) -> Tool {
        Tool(name: "write_tests",
             description: "Submit unit tests for the function, each one `assert` statement or one `def test_…()` function.",
             schema: object(["tests": .object([
                 "type": "array", "minItems": .number(Double(minimum)),
                 "items": .object(["type": "string", "description": "one assert statement or one test function"]),
             ])], required: ["tests"]))
    }

    /// Replacement tests for the ones judged wrong: exactly `count` of them.
    public static func rewriteTests(count: Int) -> Tool {
        Tool(name: "write_tests",
             description: "Submit exactly \(count) replacement tests, in the order of the tests they replace.",
             schema: object(["tests": .object([
                 "type": "array", "minItems": .number(Double(count)), "maxItems": .number(Double(count)),
                 "items": .object(["type": "string"]),
             ])], required: ["tests"]))
    }

    /// The judge's verdicts: for each failing test, whether the code or the test is wrong.
    public static let judgeFailures = Tool(
        name: "judge_failures",
        description: "For every failing test, say whether the code or the test is wrong, judged against the task.",
        schema: object(["verdicts": .object([
            "type": "array",
            "items": object([
                "test": .object(["type": "integer", "description": "the failing test's number"]),
                "wrong": .object(["type": "string", "enum": ["code", "test"]]),
                "reason": .object(["type": "string"]),
            ], required: ["test", "wrong", "reason"]),
        ])], required: ["verdicts"]))

    /// A second model's format check of a program: does it define the function and nothing that runs on import.
    public static let checkFormat = Tool(
        name: "check_format",
        description: "Say whether the program is a well-formed solution: it defines the requested function with the "
            + "requested signature, and runs nothing (no input(), no prints, no example calls) when imported.",
        schema: object(["ok": .object(["type": "boolean"]), "problem": .object(["type": "string"])],
                       required: ["ok", "problem"]))

    private static func object(_ properties: [String: JSONValue], required: [String]) -> JSONValue {
        .object(["type": "object", "properties": .object(properties),
                 "required": .array(required.map(JSONValue.string)), "additionalProperties": false])
    }
}
