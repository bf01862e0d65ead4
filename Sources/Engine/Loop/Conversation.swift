import Recorder
import Replay

/// A provider-neutral chat history: rendered as an OpenAI Chat Completions or an Anthropic Messages request.
public struct Conversation: Sendable, Equatable {
    /// One turn of the history.
    public enum Turn: Sendable, Equatable {
        /// A user message.
        case user(String)
        /// The assistant answered with text instead of calling the tool.
        case assistantText(String)
        /// The assistant called a tool.
        case toolCall(id: String, name: String, arguments: String)
        /// The answer to a tool call: feedback on what it submitted.
        case toolResult(id: String, content: String)
    }

    /// The system message.
    public var system: String
    /// The turns after it.
    public var turns: [Turn]

    /// A conversation that starts with `user`.
    public init(system: String, user: String) {
        self.system = system
        self.turns = [.user(user)]
    }

    /// Answers the model's last turn with `feedback`: a tool result when it called a tool, a user message otherwise.
    public mutating func answer(_ feedback: String) {
        if case .toolCall(let id, _, _) = turns.last {
            turns.append(.toolResult(id: id, content: feedback))
        } else {
            turns.append(.user(feedback))
        }
    }

    /// Adds what the model answered: its first tool call, or its text.
    mutating func add(_ message: ChatMessageAssembly, fallbackID: String) {
        if let call = message.toolCalls.first {
            turns.append(.toolCall(id: call.id ?? fallbackID, name: call.name, arguments: call.arguments))
        } else {
            turns.append(.assistantText(message.text))
        }
    }

    /// How many times the model has answered so far.
    public var answers: Int {
        turns.count { if case .user = $0 { false } else if case .toolResult = $0 { false } else { true } }
    }
}

/// The sampling settings of every request of a run.
public struct ModelSettings: Sendable, Equatable {
    /// The model id, as the provider takes it.
    public var model: String
    /// Sampling temperature.
    public var temperature: Double
    /// The most tokens an answer may have.
    public var maxTokens: Int

    /// Builds settings.
    public init(model: String, temperature: Double = 0, maxTokens: Int = 2048) {
        self.model = model
        self.temperature = temperature
        self.maxTokens = maxTokens
    }
}

extension ChatClient.API {
    /// The request body that asks for `tool` to be called on `conversation`, in this API's wire format.
    public func body(for conversation: Conversation, tool: Tool, settings: ModelSettings) -> JSONValue {
        switch self {
        case .openAI:
            var messages: [JSONValue] = [["role": "system", "content": .string(conversation.system)]]
            for turn in conversation.turns {
                switch turn {
                case .user(let text): messages.append(["role": "user", "content": .string(text)])
                case .assistantText(let text): messages.append(["role": "assistant", "content": .string(text)])
                case .toolCall(let id, let name, let arguments):
                    // An empty string, neither null nor left out: llama.cpp's OpenAI-compatible server rejects
                    // `"content": null` and its chat templates read `message.content` (both seen in the live
                    // SmolLM2 run); OpenAI takes either.
                    messages.append(["role": "assistant", "content": "", "tool_calls": [[
                        "id": .string(id), "type": "function",
                        "function": ["name": .string(name), "arguments": .string(arguments)],
                    ]]])
                case .toolResult(let id, let content):
                    messages.append(["role": "tool", "tool_call_id": .string(id), "content": .string(content)])
                }
            }
            return [
                "model": .string(settings.model), "temperature": .number(settings.temperature),
                "max_tokens": .number(Double(settings.maxTokens)), "messages": .array(messages),
                "tools": [["type": "function", "function": [
                    "name": .string(tool.name), "description": .string(tool.description), "parameters": tool.schema,
                ]]],
                "tool_choice": ["type": "function", "function": ["name": .string(tool.name)]],
            ]
        case .anthropic:
            var messages: [JSONValue] = []
            for turn in conversation.turns {
                switch turn {
                case .user(let text): messages.append(["role": "user", "content": .string(text)])
                case .assistantText(let text): messages.append(["role": "assistant", "content": .string(text)])
                case .toolCall(let id, let name, let arguments):
                    let input = (try? JSONValue(parsing: arguments)).flatMap { $0.objectValue != nil ? $0 : nil }
                        ?? ["unparsed_arguments": .string(arguments)]
                    messages.append(["role": "assistant", "content": [[
                        "type": "tool_use", "id": .string(id), "name": .string(name), "input": input,
                    ]]])
                case .toolResult(let id, let content):
                    messages.append(["role": "user", "content": [[
                        "type": "tool_result", "tool_use_id": .string(id), "content": .string(content),
                    ]]])
                }
            }
            return [
                "model": .string(settings.model), "temperature": .number(settings.temperature),
                "max_tokens": .number(Double(settings.maxTokens)), "system": .string(conversation.system),
                "messages": .array(messages),
                "tools": [["name": .string(tool.name), "description": .string(tool.description),
                           "input_schema": tool.schema]],
                "tool_choice": ["type": "tool", "name": .string(tool.name)],
            ]
        }
    }
}
