import ArgumentParser
import Engine
import Foundation
import Recorder
import Replay

/// `align chat`: one model call through the cache, for recording, replaying or checking a single request.
struct ChatCommand: AsyncAlignCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Send one chat request through the cache and print the answer.",
        discussion: """
            In record mode (the default) a cached answer is printed without a call; otherwise the provider is called \
            and the answer stored. --mode replay never calls out: an unrecorded request is an error that shows the \
            nearest recorded one and how it differs. Keys come from OPENAI_API_KEY / ANTHROPIC_API_KEY and are never \
            stored.
            """)

    @OptionGroup var file: CacheFileOption
    @Option(help: "The provider (openai-compatible: any server with the OpenAI API; give --base-url).")
    var provider: ChatProvider = .openAI
    @Option(help: "The model id.") var model: String
    @Option(help: "The server's base URL (default: the provider's public API).") var baseURL: String?
    @Option(help: "The cache mode (default: $ALIGN_CACHE_MODE, else record).") var mode: CacheMode?
    @Option(help: "The user message.") var prompt: String
    @Option(help: "A system message.") var system: String?
    @Option(help: "Sampling temperature.") var temperature: Double = 0
    @Option(help: "The most tokens to generate.") var maxTokens: Int = 1024
    @Option(help: "Retries of a rate-limited, failed or unreachable call (backoff with jitter, Retry-After honoured).")
    var retries: Int = 4
    @Flag(help: "Stream the answer (server-sent events), and record it as a stream.") var stream = false
    @Flag(help: "When a streamed answer comes from the cache, replay it with its recorded timing.")
    var replayTiming = false
    @Option(help: ArgumentHelp("A price file (native or LiteLLM format) overriding the built-in table; its version "
                               + "is stored with the recording.", valueName: "file"))
    var prices: String?
    @Flag(help: "Print JSON: the answer, usage, key and whether it came from the cache.") var json = false

    func execute() async throws {
        let environment = ProcessInfo.processInfo.environment
        let priceTable = try PriceTable.load(overrides: prices)
        let cacheMode = try CacheMode.resolve(option: mode?.rawValue, environment: environment)
        let store: (any CacheBackend)? = cacheMode == .off ? nil
            : try await file.open(createIfMissing: cacheMode != .replay)
        let kind = provider.kind
        if kind == .openAICompatible && baseURL == nil {
            throw ValidationError("--provider openai-compatible needs --base-url")
        }
        let transport = try RecordingTransport(mode: cacheMode, store: store, upstream: kind.liveUpstream(retries: retries),
                                               replayTiming: replayTiming, priceTableVersion: priceTable.version)
        let api = kind.chatAPI
        let client = ChatClient(api: api, transport: transport, baseURL: baseURL)
        let completion = try await client.complete(body(for: api), scope: CallScope("chat"))
        if json {
            var members: [String: JSONValue] = [
                "text": .string(completion.message.text), "key": .string(completion.key.description),
                "source": .string(completion.source.rawValue), "model": completion.model.map(JSONValue.string) ?? .null,
                "finish_reason": completion.message.finishReason.map(JSONValue.string) ?? .null,
            ]
            let usage = completion.usage
            members["usage"] = .object([
                "input": usage.input.map { .number(Double($0)) } ?? .null,
                "output": usage.output.map { .number(Double($0)) } ?? .null,
            ])
            print(JSONValue.object(members).canonicalString)
        } else {
            print(completion.message.text)
            let usage = completion.usage
            FileHandle.standardError.write(Data(("[\(completion.source.rawValue) \(completion.key) · "
                + "\(usage.input.map(String.init) ?? "?") in, \(usage.output.map(String.init) ?? "?") out]\n").utf8))
        }
    }

    private func body(for api: ChatClient.API) -> JSONValue {
        var messages: [JSONValue] = []
        var body: [String: JSONValue] = ["model": .string(model), "temperature": .number(temperature)]
        switch api {
        case .openAI:
            if let system { messages.append(.object(["role": .string("system"), "content": .string(system)])) }
            body["max_tokens"] = .number(Double(maxTokens))
            if stream {
                body["stream"] = .bool(true)
                body["stream_options"] = .object(["include_usage": .bool(true)])
            }
        case .anthropic:
            if let system { body["system"] = .string(system) }
            body["max_tokens"] = .number(Double(maxTokens))
            if stream { body["stream"] = .bool(true) }
        }
        messages.append(.object(["role": .string("user"), "content": .string(prompt)]))
        body["messages"] = .array(messages)
        return .object(body)
    }
}
