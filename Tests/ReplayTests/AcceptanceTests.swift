import Foundation
import Recorder
import Replay
import Testing
import TestSupport

/// The Replay issue's acceptance run: 200 mixed calls recorded live, then replayed strictly with the server stopped.
@Suite("Acceptance: 200 calls recorded, then replayed offline")
struct AcceptanceTests {
    let directory = TemporaryDirectory("acceptance")

    /// Call i: both formats, a third of them streamed, a few repeated within a scope (sample indexes).
    static func call(_ index: Int, server: String) -> (ModelCall, String) {
        // Every eighth call repeats the one two before it in the same scope: it is sample 1 of that request.
        let base = index % 8 == 7 ? index - 2 : index
        let anthropic = base % 2 == 1
        let streamed = base % 3 == 0
        let text = "task \(base / 4) variant \(base)"
        let body = anthropic ? TransportTests.anthropicBody(text, stream: streamed, tools: base % 5 != 0)
                             : TransportTests.openAIBody(text, stream: streamed, tools: base % 5 != 0)
        let format: any WireFormat = anthropic ? AnthropicWire() : OpenAIWire()
        let call = ModelCall(format: format, baseURL: server, path: anthropic ? "/v1/messages" : "/v1/chat/completions",
                             headers: [("authorization", "Bearer " + fakeAPIKey("acceptance"))],
                             body: body.canonicalBytes, streamed: streamed)
        return (call, "task-\(index / 4)")
    }

    @Test func twoHundredCallsReplayIdenticallyWithZeroUpstreamCalls() async throws {
        let server = try FakeProvider()
        let cache = directory.path("acceptance.sqlite")
        let recording = try RecordingTransport(mode: .record, store: CacheStore(path: cache), upstream: HTTPClientUpstream())
        var scopes: [String: CallScope] = [:]
        var answers: [[UInt8]] = []
        for index in 0..<200 {
            let (call, scopeName) = Self.call(index, server: server.baseURL)
            let scope = scopes[scopeName] ?? CallScope(scopeName)
            scopes[scopeName] = scope
            answers.append(try await recording.send(call, scope: scope).collectedBody())
        }
        // Every call is a miss when recorded: the repeats are new samples.
        #expect(try await server.calls().total == 200)
        server.stop()

        let replay = try RecordingTransport(mode: .replay, store: CacheStore(path: cache, options: .existingOnly),
                                            upstream: HTTPClientUpstream())
        scopes = [:]
        for index in 0..<200 {
            let (call, scopeName) = Self.call(index, server: server.baseURL)
            let scope = scopes[scopeName] ?? CallScope(scopeName)
            scopes[scopeName] = scope
            let reply = try await replay.send(call, scope: scope)
            #expect(reply.source == .cache)
            #expect(try await reply.collectedBody() == answers[index], "call \(index) differs")
        }
        let (unseen, _) = Self.call(1_000, server: server.baseURL)
        await #expect {
            _ = try await replay.send(unseen, scope: CallScope("task-250"))
        } throws: { error in
            "\(error)".contains("replay miss") && "\(error)".contains("nearest is sha256:")
        }
    }
}
