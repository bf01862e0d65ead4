import Recorder

/// Checks a tool call's arguments against its tool's JSON schema, locally: providers enforce schemas loosely or not
/// at all (an OpenAI-compatible server may ignore them), so every answer is checked again before it is used.
///
/// Supports the subset the tools use: `type` (object, array, string, integer, number, boolean), `properties`,
/// `required`, `additionalProperties: false`, `items`, `minItems`, `maxItems`, `enum`.
public enum OutputSchema {
    /// The arguments parsed and checked, or what is wrong with them, phrased for the model to fix.
    public static func check(arguments: String, against schema: JSONValue) -> Result<JSONValue, FormatProblem> {
        let value: JSONValue
        do { value = try JSONValue(parsing: arguments) } catch {
            return .failure(FormatProblem("the arguments are not valid JSON (\(error))"))
        }
        if let problem = violation(of: schema, by: value, at: "arguments") { return .failure(FormatProblem(problem)) }
        return .success(value)
    }

    static func violation(of schema: JSONValue, by value: JSONValue, at path: String) -> String? {
        if let options = schema["enum"]?.arrayValue, !options.contains(value) {
            return "\(path) must be one of \(options.map(\.canonicalString).joined(separator: ", "))"
        }
        switch schema["type"]?.stringValue {
        case "object":
            guard let members = value.objectValue else { return "\(path) must be an object" }
            let properties = schema["properties"]?.objectValue ?? [:]
            for name in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
                return "\(path) lacks the required member '\(name)'"
            }
            if schema["additionalProperties"]?.boolValue == false,
               let extra = members.keys.sorted().first(where: { properties[$0] == nil })
            {
                return "\(path) has an unexpected member '\(extra)'"
            }
            for name in members.keys.sorted() {
                if let property = properties[name], let problem = violation(of: property, by: members[name]!, at: "\(path).\(name)") {
                    return problem
                }
            }
        case "array":
            guard let elements = value.arrayValue else { return "\(path) must be an array" }
            if let minimum = schema["minItems"]?.intValue, elements.count < minimum {
                return "\(path) has \(elements.count) items; at least \(minimum) are required"
            }
            if let maximum = schema["maxItems"]?.intValue, elements.count > maximum {
                return "\(path) has \(elements.count) items; at most \(maximum) are allowed"
            }
            if let items = schema["items"] {
                for (index, element) in elements.enumerated() {
                    if let problem = violation(of: items, by: element, at: "\(path)[\(index)]") { return problem }
                }
            }
        case "string":
            guard let text = value.stringValue else { return "\(path) must be a string" }
            if text.trimmingWhitespace.isEmpty { return "\(path) is empty" }
        case "integer":
            guard value.intValue != nil else { return "\(path) must be an integer" }
        case "number":
            guard value.doubleValue != nil else { return "\(path) must be a number" }
        case "boolean":
            guard value.boolValue != nil else { return "\(path) must be true or false" }
        default:
            break
        }
        return nil
    }
}

/// Why an answer was not in the required format, as it is fed back to the model.
public struct FormatProblem: Error, Equatable, CustomStringConvertible {
    public var description: String
    /// Builds a problem from its description.
    public init(_ description: String) { self.description = description }
}

extension String {
    var trimmingWhitespace: Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<max(start, end)]
    }
}
