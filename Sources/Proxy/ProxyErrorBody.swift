import Recorder

/// The proxy's own error answers, in the shape each provider's SDK parses into its error classes.
enum ProxyErrorBody {
    /// `{"error": {"message", "type", "param", "code"}}` for OpenAI; `{"type": "error", "error": {"type", "message"}}`
    /// for Anthropic.
    static func json(_ family: ProviderFamily, type: String, message: String) -> [UInt8] {
        let body: JSONValue = switch family {
        case .openAI:
            ["error": ["message": .string(message), "type": .string(type), "param": .null, "code": .string(type)]]
        case .anthropic:
            ["type": "error", "error": ["type": .string(type), "message": .string(message)]]
        }
        return body.canonicalBytes
    }
}
