import ArgumentParser
import Foundation
import Proxy
import Recorder
import Replay

/// `align proxy`: a record/replay server in front of the cache for any program and the official SDKs.
struct ProxyCommand: AsyncAlignCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy",
        abstract: "Serve the OpenAI and Anthropic APIs from the cache, for any program and the official SDKs.",
        discussion: """
            Point a client at it: OpenAI(base_url="http://HOST:PORT/v1"), Anthropic(base_url="http://HOST:PORT"). \
            Every call goes through the cache in the chosen mode, as the loop's calls do; the client's API key is \
            forwarded upstream and never stored, and replay needs none. The first line on standard output is \
            "listening on http://HOST:PORT". Identical requests are numbered within a scope: the X-Align-Scope \
            header, a /scope/NAME/ path prefix, else --scope. X-Align-Run: NAME groups calls under a run for \
            `align costs NAME`. SIGINT or SIGTERM stops it after the calls in flight.
            """)

    @OptionGroup var file: CacheFileOption
    @Option(help: "The cache mode (default: $ALIGN_CACHE_MODE, else record).") var mode: CacheMode?
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port (0: pick a free one and print it).") var port = 8765
    @Option(help: ArgumentHelp("Where OpenAI routes go (any OpenAI-compatible server).", valueName: "url"))
    var openaiUpstream = "https://api.openai.com"
    @Option(help: ArgumentHelp("Where /v1/messages goes.", valueName: "url"))
    var anthropicUpstream = "https://api.anthropic.com"
    @Option(help: "The scope of requests that name none (one scope for the proxy's lifetime).") var scope = "proxy"
    @Flag(help: "Replay streamed answers at their recorded pace instead of at once.") var replayTiming = false
    @Option(help: ArgumentHelp("A price file overriding the built-in table; its version is stored with recordings.",
                               valueName: "file"))
    var prices: String?
    @Option(help: ArgumentHelp("The largest request body taken, in MiB.", valueName: "mib")) var maxBodyMib = 32

    func execute() async throws {
        let environment = ProcessInfo.processInfo.environment
        let priceTable = try PriceTable.load(overrides: prices)
        let cacheMode = try CacheMode.resolve(option: mode?.rawValue, environment: environment)
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        let store: (any CacheBackend)? = cacheMode == .off ? nil
            : try await file.open(createIfMissing: cacheMode != .replay)
        // No retries here: the client's SDK retries what it sees fail, and its retry is the same sample.
        let transport = try RecordingTransport(mode: cacheMode, store: store, upstream: HTTPClientUpstream(),
                                               replayTiming: replayTiming, priceTableVersion: priceTable.version,
                                               reusesFailedSamples: true)
        let server = ProxyServer(
            configuration: ProxyConfiguration(host: host, port: port, openAIUpstream: openaiUpstream,
                                              anthropicUpstream: anthropicUpstream, defaultScope: scope,
                                              maxBodyBytes: maxBodyMib << 20),
            transport: transport, store: store)
        try await server.run { host, port in
            let shown = host.contains(":") ? "[\(host)]" : host
            FileHandle.standardOutput.write(Data("listening on http://\(shown):\(port)\n".utf8))
            let cache = cacheMode == .off ? "none" : (try? file.resolvedPath()).map(printable) ?? "?"
            FileHandle.standardError.write(Data("align proxy: mode \(cacheMode.rawValue), cache \(cache)\n".utf8))
        }
        FileHandle.standardError.write(Data("align proxy: stopped\n".utf8))
    }
}
