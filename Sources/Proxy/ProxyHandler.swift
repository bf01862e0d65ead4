import Foundation
import Hummingbird
import HTTPTypes
import Recorder
import Replay

/// Answers one proxied request: route, scope, the recording transport, and the answer in the provider's shape.
struct ProxyHandler: Sendable {
    let configuration: ProxyConfiguration
    let transport: RecordingTransport
    let runLog: ProxyRunLog?
    let scopes = ProxyScopes()

    /// Request headers that concern this hop only, or the proxy itself: never forwarded upstream.
    static let hopHeaders: Set<String> = [
        "host", "content-length", "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
        "proxy-connection", "accept-encoding", "x-align-scope", "x-align-run",
    ]
    /// Response headers the proxy writes itself.
    static let ownResponseHeaders: Set<String> = [
        "content-length", "transfer-encoding", "connection", "keep-alive", "content-encoding", "date", "server",
    ]

    func respond(to request: Request) async -> Response {
        let method = request.method.rawValue
        let (prefixScope, fullPath) = ProxyRoute.splitScope(request.uri.path)
        let query = request.uri.query.map { "?" + $0 } ?? ""
        guard let route = ProxyRoute.match(method: method, path: fullPath) else {
            let family: ProviderFamily = fullPath.hasPrefix("/v1/messages") ? .anthropic : .openAI
            return Self.failure(family, status: 404, type: "not_found",
                                message: "align proxy has no route \(method) \(fullPath); it serves "
                                    + ProxyRoute.listing.joined(separator: "; "))
        }
        var body: [UInt8] = []
        do {
            for try await buffer in request.body {
                body += buffer.readableBytesView
                guard body.count <= configuration.maxBodyBytes else {
                    return Self.failure(route.family, status: 413, type: "request_too_large",
                                        message: "the request body is over the proxy's limit of "
                                            + "\(configuration.maxBodyBytes) bytes; nothing was sent or stored")
                }
            }
        } catch {
            return Self.failure(route.family, status: 400, type: "invalid_request_error",
                                message: "the request body could not be read: \(error)")
        }
        let headers = request.headers
        let scopeName = prefixScope ?? headers[HTTPField.Name("X-Align-Scope")!] ?? configuration.defaultScope
        var forwarded: [(name: String, value: String)] = []
        for field in headers where !Self.hopHeaders.contains(field.name.canonicalName) {
            forwarded.append((field.name.canonicalName, field.value))
        }
        let call = ModelCall(
            format: route.format, method: method,
            baseURL: route.family == .anthropic ? configuration.anthropicUpstream : configuration.openAIUpstream,
            path: fullPath + query, headers: forwarded, body: body, streamed: Self.asksForStream(body))
        let reply: ModelReply
        do {
            reply = try await transport.send(call, scope: scopes.scope(scopeName))
        } catch {
            return Self.failure(route.family, for: error)
        }
        guard let runID = headers[HTTPField.Name("X-Align-Run")!], !runID.isEmpty, let runLog,
              (200..<300).contains(reply.status)
        else { return Self.response(reply) }
        // The call becomes a `model_call` event of the run once its usage is known: at once for a body, at the end
        // for a stream.
        let model = (try? JSONValue(parsing: body))?["model"]?.stringValue
        let format = route.format
        let log: @Sendable (TokenUsage) async throws -> Void = { usage in
            try await runLog.record(runID: runID, scope: scopeName, provider: format.provider, model: model, reply: reply,
                              usage: usage)
        }
        if case .body(let bytes) = reply.content {
            do {
                try await log(format.summary(ofBody: bytes).usage)
            } catch {
                return Self.failure(route.family, status: 500, type: "cache_error",
                                    message: "the call was answered but its run event could not be stored: \(error)")
            }
        }
        return Self.response(reply, onStreamEnd: { events in try await log(format.summary(ofEvents: events).usage) })
    }

    /// Whether the client asked for a stream: `"stream": true` at the top of the body.
    static func asksForStream(_ body: [UInt8]) -> Bool {
        // A cheap check first: most bodies never mention it.
        guard body.count > 8, String(decoding: body, as: UTF8.self).contains("\"stream\"") else { return false }
        return (try? JSONValue(parsing: body))?["stream"]?.boolValue == true
    }

    static func response(_ reply: ModelReply, onStreamEnd: (@Sendable ([StreamEvent]) async throws -> Void)? = nil)
        -> Response
    {
        var fields = HTTPFields()
        for (name, value) in reply.headers.sorted(by: { $0.key < $1.key })
        where !ownResponseHeaders.contains(name) && !Credentials.isSensitiveHeader(name) {
            if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
        }
        fields.append(HTTPField(name: HTTPField.Name("X-Align-Source")!, value: reply.source.rawValue))
        fields.append(HTTPField(name: HTTPField.Name("X-Align-Key")!, value: reply.key.description))
        fields.append(HTTPField(name: HTTPField.Name("X-Align-Sample")!, value: String(reply.sampleIndex)))
        let status = HTTPResponse.Status(code: reply.status)
        switch reply.content {
        case .body(let bytes):
            return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        case .events(let events):
            return Response(status: status, headers: fields, body: ResponseBody { writer in
                var seen: [StreamEvent] = []
                for try await event in events {
                    if onStreamEnd != nil { seen.append(event) }
                    try await writer.write(ByteBuffer(bytes: event.wireBytes))
                }
                try await onStreamEnd?(seen)
                try await writer.finish(nil)
            })
        }
    }

    /// The proxy's answer to an error the transport threw, with no retryable status for what a retry cannot fix.
    static func failure(_ family: ProviderFamily, for error: any Error) -> Response {
        switch error {
        case let miss as ReplayMiss:
            // 404 is not retried by the official SDKs; x-should-retry says so explicitly too.
            return failure(family, status: 404, type: "replay_miss", message: "align proxy: \(miss)")
        case let failure as UpstreamFailure:
            return Self.failure(family, status: 502, type: "upstream_unreachable", message: "align proxy: \(failure)")
        case let malformed as RequestIdentityError:
            return failure(family, status: 400, type: "invalid_request_error", message: "align proxy: \(malformed)")
        default:
            return failure(family, status: 500, type: "proxy_error", message: "align proxy: \(error)")
        }
    }

    static func failure(_ family: ProviderFamily, status: Int, type: String, message: String) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        fields.append(HTTPField(name: HTTPField.Name("X-Should-Retry")!, value: status == 502 ? "true" : "false"))
        return Response(status: HTTPResponse.Status(code: status), headers: fields,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: ProxyErrorBody.json(family, type: type,
                                                                                             message: message))))
    }
}
