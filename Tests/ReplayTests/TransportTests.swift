import Foundation
import Recorder
import Replay
import Testing
import TestSupport

/// The recording transport and the model clients against a real local HTTP server that speaks both wire formats.
@Suite("Record, replay, refresh")
struct TransportTests {
    let directory = TemporaryDirectory("replay")
    static let fakeKey = fakeAPIKey("transport")

    private func client(_ api: WireAPI, _ transport: RecordingTransport, _ server: FakeProvider) -> WireClient {
        WireClient(api: api, transport: transport, baseURL: server.baseURL + "/v1", apiKey: Self.fakeKey)
    }

    private func transport(_ mode: CacheMode, cache: String, upstream: any Upstream = HTTPClientUpstream(),
                           storeFailures: Bool = false) throws -> RecordingTransport
    {
        try RecordingTransport(mode: mode, store: mode == .off ? nil : CacheStore(path: cache), upstream: upstream,
                               storeFailures: storeFailures)
    }

    static func openAIBody(_ text: String, temperature: Double = 0, stream: Bool = false, tools: Bool = true) -> JSONValue {
        var body: [String: JSONValue] = [
            "model": .string("gpt-4o-mini"), "temperature": .number(temperature),
            "messages": .array([.object(["role": .string("system"), "content": .string("Write Python.")]),
                                .object(["role": .string("user"), "content": .string(text)])]),
        ]
        if tools {
            body["tools"] = .array([.object(["type": .string("function"), "function": .object([
                "name": .string("submit_code"),
                "parameters": .object(["type": .string("object"),
                                       "properties": .object(["code": .object(["type": .string("string")])])]),
            ])])])
            body["tool_choice"] = .object(["type": .string("function"),
                                           "function": .object(["name": .string("submit_code")])])
        }
        if stream {
            body["stream"] = .bool(true)
            body["stream_options"] = .object(["include_usage": .bool(true)])
        }
        return .object(body)
    }

    static func anthropicBody(_ text: String, stream: Bool = false, tools: Bool = true) -> JSONValue {
        var body: [String: JSONValue] = [
            "model": .string("claude-3-5-haiku-20241022"), "max_tokens": .number(512),
            "messages": .array([.object(["role": .string("user"), "content": .string(text)])]),
        ]
        if tools {
            body["tools"] = .array([.object(["name": .string("submit_code"), "input_schema": .object([
                "type": .string("object"), "properties": .object(["code": .object(["type": .string("string")])]),
            ])])])
            body["tool_choice"] = .object(["type": .string("tool"), "name": .string("submit_code")])
        }
        if stream { body["stream"] = .bool(true) }
        return .object(body)
    }

    @Test func aMissGoesLiveOnceThenTheSameRequestIsServedWithNoUpstreamCall() async throws {
        let server = try FakeProvider()
        let cache = directory.path("c.sqlite")
        let chat = client(.openAI(provider: "openai"), try transport(.record, cache: cache), server)
        let first = try await chat.complete(Self.openAIBody("sort a list"), scope: CallScope("t1"))
        #expect(first.source == .live)
        #expect(first.message.toolCalls.first?.name == "submit_code")
        #expect(first.usage.input != nil && first.usage.output != nil)
        let second = try await chat.complete(Self.openAIBody("sort a list"), scope: CallScope("t1"))
        #expect(second.source == .cache)
        #expect(second.message == first.message)
        #expect(second.key == first.key)
        #expect(try await server.calls().total == 1)
    }

    @Test func strictReplayServesEveryRecordedAnswerByteIdenticalWithTheServerStopped() async throws {
        let server = try FakeProvider()
        let cache = directory.path("replay.sqlite")
        let recording = try transport(.record, cache: cache)
        var live: [[UInt8]] = []
        let calls: [(WireAPI, JSONValue)] = [
            (.openAI(provider: "openai"), Self.openAIBody("a")), (.openAI(provider: "openai"), Self.openAIBody("b", stream: true)),
            (.anthropic, Self.anthropicBody("c")), (.anthropic, Self.anthropicBody("d", stream: true)),
        ]
        for (api, body) in calls {
            let call = ModelCall(format: api.wire, baseURL: server.baseURL, path: api.path, headers: [],
                                 body: body.canonicalBytes, streamed: body["stream"] == .bool(true))
            live.append(try await recording.send(call, scope: CallScope("s")).collectedBody())
        }
        server.stop()
        let replaying = try transport(.replay, cache: cache)
        for (index, (api, body)) in calls.enumerated() {
            let call = ModelCall(format: api.wire, baseURL: server.baseURL, path: api.path, headers: [],
                                 body: body.canonicalBytes, streamed: body["stream"] == .bool(true))
            let reply = try await replaying.send(call, scope: CallScope("s"))
            #expect(reply.source == .cache)
            #expect(try await reply.collectedBody() == live[index])
        }
    }

    @Test func aChangedRequestInReplayFailsWithAFieldLevelDiff() async throws {
        let server = try FakeProvider()
        let cache = directory.path("diff.sqlite")
        let chat = client(.openAI(provider: "openai"), try transport(.record, cache: cache), server)
        _ = try await chat.complete(Self.openAIBody("reverse a string"), scope: CallScope("t"))
        _ = try await chat.complete(Self.openAIBody("something else entirely"), scope: CallScope("t"))
        server.stop()
        let replay = client(.openAI(provider: "openai"), try transport(.replay, cache: cache), server)
        await #expect {
            _ = try await replay.complete(Self.openAIBody("reverse a string", temperature: 0.7), scope: CallScope("t"))
        } throws: { error in
            guard let miss = error as? ReplayMiss else { return false }
            let text = "\(miss)"
            return miss.differences.map(\.path) == ["temperature"] && text.contains("replay miss")
                && text.contains("openai gpt-4o-mini /v1/chat/completions") && text.contains("`temperature`")
                && text.contains("recorded 0, requested 0.7")
        }
    }

    @Test func refreshGoesLiveAndReplacesTheRecording() async throws {
        let server = try FakeProvider()
        let cache = directory.path("refresh.sqlite")
        let body = Self.openAIBody("fizzbuzz")
        let recorded = try await client(.openAI(provider: "openai"), try transport(.record, cache: cache), server)
            .complete(body, scope: CallScope("t"))
        let store = try CacheStore(path: cache)
        let before = try #require(try store.lookup(recorded.key))
        let refreshed = try await client(.openAI(provider: "openai"), try transport(.refresh, cache: cache), server)
            .complete(body, scope: CallScope("t"))
        #expect(refreshed.source == .live)
        #expect(refreshed.key == recorded.key)
        let after = try #require(try store.lookup(recorded.key))
        // The server numbers its answers, so a new live answer differs from the recorded one.
        #expect(after.response != before.response)
        #expect(try store.stats().interactions == 1)
        #expect(try await server.calls().total == 2)
    }

    @Test func identicalRequestsInOneScopeGetSuccessiveSampleIndexesAndReplayInOrder() async throws {
        let server = try FakeProvider()
        let cache = directory.path("samples.sqlite")
        let chat = client(.openAI(provider: "openai"), try transport(.record, cache: cache), server)
        let body = Self.openAIBody("random pick", temperature: 1.0, tools: false)
        let scope = CallScope("run-1/task-1")
        var recorded: [WireCompletion] = []
        for _ in 0..<3 { recorded.append(try await chat.complete(body, scope: scope)) }
        #expect(recorded.map(\.sampleIndex) == [0, 1, 2])
        #expect(Set(recorded.map(\.key)).count == 3)
        #expect(try await server.calls().total == 3)
        server.stop()
        let replay = client(.openAI(provider: "openai"), try transport(.replay, cache: cache), server)
        let again = CallScope("run-1/task-1")
        for index in 0..<3 {
            let reply = try await replay.complete(body, scope: again)
            #expect(reply.key == recorded[index].key)
            #expect(reply.source == .cache)
        }
        // A fourth identical request in the scope was never recorded.
        await #expect(throws: ReplayMiss.self) { _ = try await replay.complete(body, scope: again) }
    }

    @Test func interleavedScopesReplayDeterministically() async throws {
        let server = try FakeProvider()
        let cache = directory.path("scopes.sqlite")
        let chat = client(.anthropic, try transport(.record, cache: cache), server)
        let body = Self.anthropicBody("same prompt in two tasks", tools: false)
        let (a, b) = (CallScope("task-a"), CallScope("task-b"))
        var keysA: [CacheKey] = [], keysB: [CacheKey] = []
        for _ in 0..<2 {
            keysA.append(try await chat.complete(body, scope: a).key)
            keysB.append(try await chat.complete(body, scope: b).key)
        }
        // Each scope numbers its own calls, so task b's n-th call is task a's n-th: one live call each.
        #expect(keysA == keysB)
        #expect(try await server.calls().total == 2)
        server.stop()
        let replay = client(.anthropic, try transport(.replay, cache: cache), server)
        let (a2, b2) = (CallScope("task-a"), CallScope("task-b"))
        let order = [b2, b2, a2, a2]
        var replayed: [CacheKey] = []
        for scope in order { replayed.append(try await replay.complete(body, scope: scope).key) }
        #expect(replayed == [keysB[0], keysB[1], keysA[0], keysA[1]])
    }

    @Test(arguments: [WireAPI.openAI(provider: "openai"), .anthropic])
    func aStreamReplaysAsTheSameEventsChunkForChunk(api: WireAPI) async throws {
        let server = try FakeProvider()
        let cache = directory.path("stream.sqlite")
        let recording = try transport(.record, cache: cache)
        let body = api.isAnthropic ? Self.anthropicBody("stream me", stream: true)
                                   : Self.openAIBody("stream me", stream: true)
        let call = client(api, recording, server).call(for: body)
        let liveReply = try await recording.send(call, scope: CallScope("s"))
        guard case .events(let liveStream) = liveReply.content else { Issue.record("not a stream"); return }
        var liveEvents: [StreamEvent] = []
        for try await event in liveStream { liveEvents.append(event) }
        #expect(liveEvents.count > 4)
        server.stop()
        let replayReply = try await (try transport(.replay, cache: cache)).send(call, scope: CallScope("s"))
        guard case .events(let replayStream) = replayReply.content else { Issue.record("not a stream"); return }
        var replayed: [StreamEvent] = []
        for try await event in replayStream { replayed.append(event) }
        #expect(replayed == liveEvents)
        // The client assembles the same message and usage from the replayed events.
        let completion = try await client(api, try transport(.replay, cache: cache), server)
            .complete(body, scope: CallScope("s"))
        #expect(completion.message.toolCalls.first?.name == "submit_code")
        #expect(completion.usage.input != nil && completion.usage.output != nil)
    }

    @Test func recordedTimingCanBeReplayed() async throws {
        let cache = directory.path("timing.sqlite")
        let store = try CacheStore(path: cache)
        let body = Self.openAIBody("timed", stream: true, tools: false)
        let chat = client(.openAI(provider: "openai"),
                          try RecordingTransport(mode: .replay, store: store, upstream: HTTPClientUpstream()),
                          try FakeProvider())
        let call = chat.call(for: body)
        let identity = try RequestIdentity(provider: "openai", method: "POST", path: call.path, headers: call.headers,
                                           body: call.body)
        // Four events recorded 40 ms apart.
        let events = (0..<4).map { StreamEvent(data: #"{"n":\#($0)}"#, offsetMicroseconds: Int64($0) * 40_000) }
        var interaction = sampleInteraction(identity, response: [])
        interaction.response = .events(events)
        try store.record(interaction)

        let clock = ContinuousClock()
        for timed in [true, false] {
            let waits = WaitLog()
            let transport = try RecordingTransport(mode: .replay, store: store, upstream: HTTPClientUpstream(),
                                                   replayTiming: timed, sleep: { duration in
                                                       await waits.add(duration)
                                                       try await Task.sleep(for: duration)
                                                   })
            let reply = try await transport.send(call, scope: CallScope("s"))
            guard case .events(let stream) = reply.content else { Issue.record("not a stream"); return }
            var replayed: [StreamEvent] = []
            let elapsed = try await clock.measure { for try await event in stream { replayed.append(event) } }
            #expect(replayed == events)
            // The waits between events are the recorded gaps; untimed replay waits not at all.
            #expect(await waits.all == (timed ? Array(repeating: .milliseconds(40), count: 3) : []))
            if timed { #expect(elapsed >= .milliseconds(120)) }
        }
    }

    @Test func aRateLimitWithRetryAfterIsRetriedAndOnlyTheAnswerIsStored() async throws {
        let server = try FakeProvider()
        let cache = directory.path("retry.sqlite")
        let waits = WaitLog()
        let upstream = RetryingUpstream(HTTPClientUpstream(), sleep: { duration in
            await waits.add(duration)
            try await Task.sleep(for: duration)
        })
        let chat = client(.openAI(provider: "openai"), try transport(.record, cache: cache, upstream: upstream), server)
        let result = try await chat.complete(Self.openAIBody("RATE_LIMIT_ONCE please"), scope: CallScope("t"))
        #expect(result.source == .live)
        #expect(try await server.calls().total == 2)
        #expect(await waits.all == [.milliseconds(50)])
        #expect(try CacheStore(path: cache).stats().interactions == 1)
    }

    @Test func errorsEmptyAnswersAndFilteredAnswersAreNotStored() async throws {
        let server = try FakeProvider()
        let cache = directory.path("failures.sqlite")
        let upstream = RetryingUpstream(HTTPClientUpstream(), policy: .init(maxAttempts: 1))
        let chat = client(.openAI(provider: "openai"), try transport(.record, cache: cache, upstream: upstream), server)
        await #expect {
            _ = try await chat.complete(Self.openAIBody("SERVER_ERROR"), scope: CallScope("t"))
        } throws: { error in
            (error as? UpstreamFailure)?.status == 500
        }
        await #expect {
            _ = try await chat.complete(Self.openAIBody("BAD_REQUEST"), scope: CallScope("t"))
        } throws: { error in
            "\(error)".contains("answered 400") && "\(error)".contains("temperature out of range")
        }
        let empty = try await chat.complete(Self.openAIBody("EMPTY", tools: false), scope: CallScope("t"))
        #expect(empty.message.text.isEmpty)
        let filtered = try await chat.complete(Self.openAIBody("FILTERED", tools: false), scope: CallScope("t"))
        #expect(filtered.message.finishReason == "content_filter")
        #expect(try CacheStore(path: cache).stats().interactions == 0)

        // A run that asks for failures keeps them.
        let keeping = client(.openAI(provider: "openai"),
                             try transport(.record, cache: cache, upstream: upstream, storeFailures: true), server)
        _ = try? await keeping.complete(Self.openAIBody("SERVER_ERROR"), scope: CallScope("t"))
        _ = try await keeping.complete(Self.openAIBody("EMPTY", tools: false), scope: CallScope("t"))
        #expect(try CacheStore(path: cache).stats().interactions == 2)
    }


    @Test func concurrentMissesOnOneKeyShareOneLiveCall() async throws {
        let server = try FakeProvider()
        let cache = directory.path("flight.sqlite")
        // Two clients, each with its own transport and store object, recording into one file.
        let first = client(.openAI(provider: "openai"), try transport(.record, cache: cache), server)
        let second = client(.openAI(provider: "openai"), try transport(.record, cache: cache), server)
        let body = Self.openAIBody("SLOW and shared")
        async let a = first.complete(body, scope: CallScope("x"))
        async let b = second.complete(body, scope: CallScope("y"))
        let (one, two) = try await (a, b)
        #expect(one.key == two.key)
        #expect(one.message == two.message)
        #expect(Set([one.source, two.source]) == [.live, .cache])
        #expect(try await server.calls().total == 1)
    }

    @Test func credentialsNeverReachTheStore() async throws {
        let server = try FakeProvider()
        let cache = directory.path("secrets.sqlite")
        let record = try transport(.record, cache: cache)
        _ = try await client(.openAI(provider: "openai"), record, server).complete(Self.openAIBody("x"), scope: CallScope("t"))
        _ = try await client(.anthropic, record, server).complete(Self.anthropicBody("y", stream: true), scope: CallScope("t"))
        let store = try CacheStore(path: cache)
        var exported = ""
        try store.export { exported += $0 }
        for file in [cache, cache + "-wal"] {
            guard let bytes = FileManager.default.contents(atPath: file) else { continue }
            #expect(!contains(Array(bytes), Array(Self.fakeKey.utf8)))
            #expect(!contains(Array(bytes), Array("FAKECOOKIE123".utf8)))
        }
        #expect(!exported.contains(Self.fakeKey))
        #expect(!exported.contains("FAKECOOKIE123"))
        #expect(exported.contains("anthropic-version"))
    }

    @Test(arguments: [true, false])
    func aFailedCallGivesItsSampleIndexBackOnlyWhenAsked(reuses: Bool) async throws {
        let server = try FakeProvider()
        let cache = directory.path("giveback-\(reuses).sqlite")
        let transport = try RecordingTransport(mode: .record, store: CacheStore(path: cache),
                                               upstream: HTTPClientUpstream(), reusesFailedSamples: reuses)
        let chat = client(.openAI(provider: "openai"), transport, server)
        let scope = CallScope("client")
        let call = chat.call(for: Self.openAIBody("RATE_LIMIT_ONCE then fine"))
        // The first answer is a 429 (not stored); the client retries the same request itself.
        #expect(try await transport.send(call, scope: scope).status == 429)
        let retried = try await transport.send(call, scope: scope)
        #expect(retried.status == 200)
        #expect(retried.sampleIndex == (reuses ? 0 : 1))
    }

    @Test func offModeUsesNoCache() async throws {
        let server = try FakeProvider()
        let chat = client(.openAI(provider: "openai"),
                          try RecordingTransport(mode: .off, store: nil, upstream: HTTPClientUpstream()), server)
        _ = try await chat.complete(Self.openAIBody("z"), scope: CallScope("t"))
        _ = try await chat.complete(Self.openAIBody("z"), scope: CallScope("t"))
        #expect(try await server.calls().total == 2)
        #expect(throws: CacheError.self) {
            try RecordingTransport(mode: .record, store: nil, upstream: HTTPClientUpstream())
        }
    }
}

actor WaitLog {
    private(set) var all: [Duration] = []
    func add(_ duration: Duration) { all.append(duration) }
}
