/// Where a run's model calls go.
public enum ProviderKind: String, Sendable, CaseIterable, Codable {
    /// OpenAI's Chat Completions API.
    case openAI = "openai"
    /// Anthropic's Messages API.
    case anthropic
    /// A server speaking the OpenAI API at a base URL of its own (vLLM, llama.cpp, Ollama, …).
    case openAICompatible = "openai-compatible"
    /// A published log of model outputs (`RunConfiguration.logPath`), answered by `LogUpstream`.
    case log
}
