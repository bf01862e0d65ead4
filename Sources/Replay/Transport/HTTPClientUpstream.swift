import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Live calls over AsyncHTTPClient, with streamed response bodies.
///
/// Every instance uses one process-wide client, never shut down: a reply's body stream may outlive whatever made the
/// call, and a client shut down under it would cancel the stream mid-way.
public struct HTTPClientUpstream: Upstream {
    private let client: HTTPClient

    /// An upstream on the process-wide client.
    public init() {
        client = processWideClient
    }

    public func send(_ request: UpstreamRequest) async throws -> UpstreamResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if !request.body.isEmpty { outgoing.body = .bytes(ByteBuffer(bytes: request.body)) }
        let seconds = request.timeout.components.seconds
        let response = try await client.execute(outgoing, timeout: .seconds(seconds))
        let body = response.body
        return UpstreamResponse(
            status: Int(response.status.code),
            headers: response.headers.map { (name: $0.name, value: $0.value) },
            body: AsyncThrowingStream { continuation in
                let task = Task {
                    do {
                        for try await buffer in body { continuation.yield(Array(buffer.readableBytesView)) }
                        continuation.finish()
                    } catch {
                        continuation.finish(throwing: error)
                    }
                }
                continuation.onTermination = { _ in task.cancel() }
            })
    }
}

/// Connection failures are not retried inside the client (it would keep trying until the request's deadline, minutes
/// for a model call): `RetryingUpstream` retries them with backoff, and a refused connection fails fast.
private let processWideClient: HTTPClient = {
    var configuration = HTTPClient.Configuration()
    configuration.timeout.connect = .seconds(10)
    configuration.connectionPool.retryConnectionEstablishment = false
    // The proxy serves many clients at once; eight connections a host (the default) would queue the rest.
    configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
    return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
}()
