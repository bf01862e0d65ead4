import Hummingbird
import Logging
import NIOCore
import Recorder
import Replay

/// `align proxy`: an HTTP server on one port in front of the recording transport, so that any program and the
/// official SDKs record and replay through the cache with no change but their base URL.
///
/// Every call goes through the same `RecordingTransport` as the loop: the same keys, store, modes, redaction,
/// single-flight and streams. The client's credentials are forwarded upstream and never stored.
public struct ProxyServer: Sendable {
    /// Where it listens and where live calls go.
    public let configuration: ProxyConfiguration
    private let handler: ProxyHandler

    /// Builds a server.
    /// - Parameters:
    ///   - transport: the recording transport every call goes through (its mode decides record, replay, …).
    ///   - store: where `X-Align-Run` groups calls into runs; nil to ignore the header (as in `off` mode).
    public init(configuration: ProxyConfiguration, transport: RecordingTransport, store: (any RunStore)?) {
        self.configuration = configuration
        handler = ProxyHandler(configuration: configuration, transport: transport,
                               runLog: store.map(ProxyRunLog.init(store:)))
    }

    /// Serves until SIGINT or SIGTERM, then stops taking connections and finishes the calls in flight.
    /// - Parameter onListening: called once with the host and the bound port (the chosen one for port 0).
    /// - Throws: when the address cannot be bound.
    public func run(onListening: @escaping @Sendable (String, Int) -> Void) async throws {
        let handler = handler
        let host = configuration.host
        var logger = Logger(label: "align-proxy")
        logger.logLevel = .critical
        let app = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in await handler.respond(to: request) },
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in onListening(host, channel.localAddress?.port ?? 0) },
            logger: logger)
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
