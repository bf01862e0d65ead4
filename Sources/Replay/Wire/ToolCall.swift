/// A tool call the model made: the function's name and its JSON arguments as text.
public struct ToolCall: Sendable, Equatable {
    public var id: String?
    public var name: String
    public var arguments: String

    /// Builds a tool call.
    public init(id: String? = nil, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}
