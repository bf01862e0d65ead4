import Foundation
import Recorder

/// The one way model calls reach a provider: through the cache, in the chosen mode.
///
/// `record` serves hits from the cache and sends misses live, storing the answer; `replay` is strictly offline and
/// a miss is a `ReplayMiss` showing the nearest recorded request; `refresh` always goes live and replaces what was
/// stored; `off` uses no cache. Error statuses, empty outputs and content-filter stops are not stored unless
/// `storeFailures` is set. Concurrent misses on one key share one live call: inside a process through `InFlight`,
/// across processes and machines through the store's `claim` (PostgreSQL's advisory locks).
public final class RecordingTransport: Sendable {
    /// The mode.
    public let mode: CacheMode
    /// The cache (nil only in `off` mode): a SQLite file, a PostgreSQL database, any `InteractionStore`.
    public let store: (any InteractionStore)?
    /// Where live calls go.
    public let upstream: any Upstream
    /// Store error statuses and not-cacheable answers too.
    public let storeFailures: Bool
    /// Replay streams with their recorded inter-event timing instead of at once.
    public let replayTiming: Bool
    /// Which headers enter keys, and what is redacted.
    public let keyPolicy: KeyPolicy
    /// The price table version stored with each recording.
    public let priceTableVersion: String?
    /// Give a call's sample index back to its scope when the call fails (an error, an error status, an answer not
    /// worth keeping), so that a client that retries on its own — an SDK behind the proxy — asks for the same
    /// sample again instead of the next one.
    public let reusesFailedSamples: Bool
    private let sleep: @Sendable (Duration) async throws -> Void

    /// Builds a transport.
    /// - Throws: `CacheError.invalidArgument` when a mode other than `off` has no cache.
    public init(mode: CacheMode, store: (any InteractionStore)?, upstream: any Upstream, storeFailures: Bool = false,
                replayTiming: Bool = false, keyPolicy: KeyPolicy = .default, priceTableVersion: String? = nil,
                reusesFailedSamples: Bool = false,
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) })
        throws(CacheError)
    {
        if mode != .off && store == nil {
            throw .invalidArgument("cache mode \(mode.rawValue) needs a cache store")
        }
        self.mode = mode
        self.store = store
        self.upstream = upstream
        self.storeFailures = storeFailures
        self.replayTiming = replayTiming
        self.keyPolicy = keyPolicy
        self.priceTableVersion = priceTableVersion
        self.reusesFailedSamples = reusesFailedSamples
        self.sleep = sleep
    }

    /// Makes `call` as the `n`-th identical request of `scope`.
    /// - Throws: `ReplayMiss` in replay mode when it was never recorded; `CacheError` when the cache fails; the
    ///   upstream's error when a live call fails.
    public func send(_ call: ModelCall, scope: CallScope) async throws -> ModelReply {
        let base = try RequestIdentity(provider: call.format.provider, method: call.method, path: call.path,
                                       headers: call.headers, body: call.body, sampleIndex: 0, policy: keyPolicy)
        let sampleIndex = scope.nextSampleIndex(for: base)
        let identity = sampleIndex == 0 ? base : try base.withSampleIndex(sampleIndex)
        guard reusesFailedSamples else { return try await send(call, identity: identity) }
        let giveBack: @Sendable () -> Void = { scope.giveBack(sampleIndex, for: base) }
        do {
            // A live answer that is not kept gives its index back itself (a stream only once it has ended).
            return try await send(call, identity: identity, onFailure: giveBack)
        } catch {
            giveBack()
            throw error
        }
    }

    private func send(_ call: ModelCall, identity: RequestIdentity,
                      onFailure: @escaping @Sendable () -> Void = {}) async throws -> ModelReply
    {
        switch mode {
        case .off:
            return try await live(call, identity: identity, store: nil, policy: .keepExisting, onFailure: onFailure)
        case .refresh:
            return try await live(call, identity: identity, store: store, policy: .replace, onFailure: onFailure)
        case .replay:
            if let hit = try await store!.lookup(identity.key, includingRequest: false) {
                return served(hit, identity: identity)
            }
            throw try await miss(call, identity: identity)
        case .record:
            let store = store!
            let flight = InFlight.Key(cache: store.identity, key: identity.key)
            while true {
                if let hit = try await store.lookup(identity.key, includingRequest: false) {
                    return served(hit, identity: identity)
                }
                if await InFlight.shared.lead(flight) { break }
            }
            var claim: (any FlightClaim)?
            do {
                // Other processes (other machines, with a shared database) may be missing the same key: the claim
                // waits for the one that leads, and then the lookup below finds its answer.
                let held = try await store.claim(identity.key)
                claim = held
                // Checked again as leader: another leader may have stored it just before this one took over.
                if let hit = try await store.lookup(identity.key, includingRequest: false) {
                    await held.end()
                    InFlight.shared.end(flight)
                    return served(hit, identity: identity)
                }
                return try await live(call, identity: identity, store: store, policy: .keepExisting,
                                      onFailure: onFailure, onSettled: {
                                          if !(held is LocalClaim) { Task { await held.end() } }
                                          InFlight.shared.end(flight)
                                      })
            } catch {
                if let claim { await claim.end() }
                InFlight.shared.end(flight)
                throw error
            }
        }
    }

    // MARK: Serving

    private func served(_ stored: StoredInteraction, identity: RequestIdentity) -> ModelReply {
        let content: ModelReply.Content
        switch stored.response {
        case .body(let body):
            content = .body(body)
        case .events(let events):
            let timed = replayTiming
            let sleep = sleep
            content = .events(AsyncThrowingStream { continuation in
                let task = Task {
                    var previous: Int64 = 0
                    for event in events {
                        if timed && event.offsetMicroseconds > previous {
                            try? await sleep(.microseconds(event.offsetMicroseconds - previous))
                        }
                        previous = event.offsetMicroseconds
                        continuation.yield(event)
                    }
                    continuation.finish()
                }
                continuation.onTermination = { _ in task.cancel() }
            })
        }
        return ModelReply(key: identity.key, sampleIndex: identity.sampleIndex, source: .cache, status: stored.status,
                          headers: stored.responseHeaders, content: content)
    }

    private func miss(_ call: ModelCall, identity: RequestIdentity) async throws -> ReplayMiss {
        let requested = try? JSONValue(parsing: identity.canonicalBody)
        let model = requested?["model"]?.stringValue
        let candidates = try await store!.recordedRequests(provider: identity.provider, endpoint: identity.path,
                                                           limit: 500)
        var best: (RecordedRequest, [JSONDifference])?
        for candidate in candidates {
            guard let recorded = try? JSONValue(parsing: candidate.body), let requested else { continue }
            let differences = jsonDifferences(recorded: recorded, requested: requested)
            if best == nil || differences.count < best!.1.count
                || (differences.count == best!.1.count && candidate.sampleIndex == identity.sampleIndex) {
                best = (candidate, differences)
            }
        }
        return ReplayMiss(provider: identity.provider, model: model, path: identity.path, key: identity.key,
                          sampleIndex: identity.sampleIndex, nearestKey: best?.0.key,
                          nearestSampleIndex: best?.0.sampleIndex, differences: best?.1 ?? [])
    }

    // MARK: Live calls

    private func live(_ call: ModelCall, identity: RequestIdentity, store: (any InteractionStore)?,
                      policy: RecordConflictPolicy, onFailure: @escaping @Sendable () -> Void = {},
                      onSettled: @escaping @Sendable () -> Void = {}) async throws -> ModelReply
    {
        let request = UpstreamRequest(method: call.method, url: Self.join(call.baseURL, call.path),
                                      headers: call.headers, body: call.body, timeout: call.timeout,
                                      sampleIndex: identity.sampleIndex)
        let started = ContinuousClock.now
        let response: UpstreamResponse
        do {
            response = try await upstream.send(request)
        } catch is CancellationError {
            throw CancellationError()
        } catch let missing as MissingCredential {
            throw missing
        } catch {
            throw UpstreamFailure(provider: identity.provider, path: identity.path, status: 0,
                                  body: "could not reach \(request.url): \(error)")
        }
        let headers = Dictionary(response.headers.map { ($0.name.lowercased(), $0.value) }) { first, later in
            first + ", " + later
        }
        let isStream = call.streamed && (200..<300).contains(response.status)
        let recorder = Recording(store: store, policy: policy, identity: identity, format: call.format,
                                 status: response.status, headers: headers, storeFailures: storeFailures,
                                 priceTableVersion: priceTableVersion, started: started)
        guard isStream else {
            defer { onSettled() }
            let body = try await collect(response.body)
            if try await !recorder.finish(.body(body)) { onFailure() }
            return ModelReply(key: identity.key, sampleIndex: identity.sampleIndex, source: .live,
                              status: response.status, headers: headers, content: .body(body))
        }
        let events = AsyncThrowingStream<StreamEvent, any Error> { continuation in
            let pump = Task {
                defer { onSettled() }
                var parser = ServerSentEventParser()
                var received: [StreamEvent] = []
                do {
                    for try await chunk in response.body {
                        let offset = Self.microseconds(since: started)
                        for event in parser.consume(chunk, offsetMicroseconds: offset) {
                            received.append(event)
                            continuation.yield(event)
                        }
                    }
                    for event in parser.finish(offsetMicroseconds: Self.microseconds(since: started)) {
                        received.append(event)
                        continuation.yield(event)
                    }
                    // Stored before the consumer sees the end, so a finished stream is already a hit.
                    if try await !recorder.finish(.events(received)) { onFailure() }
                    continuation.finish()
                } catch {
                    onFailure()
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { termination in
                if case .cancelled = termination { pump.cancel() }
            }
        }
        return ModelReply(key: identity.key, sampleIndex: identity.sampleIndex, source: .live,
                          status: response.status, headers: headers, content: .events(events))
    }

    static func join(_ base: String, _ path: String) -> String {
        (base.hasSuffix("/") ? String(base.dropLast()) : base) + path
    }

    static func microseconds(since start: ContinuousClock.Instant) -> Int64 {
        let elapsed = ContinuousClock.now - start
        return elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
    }
}

/// Decides whether a finished live answer is stored, and stores it.
private struct Recording: Sendable {
    let store: (any InteractionStore)?
    let policy: RecordConflictPolicy
    let identity: RequestIdentity
    let format: any WireFormat
    let status: Int
    let headers: [String: String]
    let storeFailures: Bool
    let priceTableVersion: String?
    let started: ContinuousClock.Instant

    /// Stores the answer when it is worth keeping; returns whether it succeeded (a 2xx worth keeping).
    @discardableResult
    func finish(_ response: ResponsePayload) async throws -> Bool {
        // With no cache (off mode) the answer is not read: only its status says whether it failed.
        guard store != nil else { return (200..<300).contains(status) }
        let summary: ResponseSummary = switch response {
        case .body(let body): format.summary(ofBody: body)
        case .events(let events): format.summary(ofEvents: events)
        }
        let succeeded = (200..<300).contains(status) && summary.notCacheableReason == nil
        guard let store, succeeded || storeFailures else { return succeeded }
        let latency = ContinuousClock.now - started
        _ = try await store.record(Interaction(
            request: identity, model: summary.model, status: status, response: response, responseHeaders: headers,
            usage: summary.usage,
            latencyMilliseconds: Double(latency.components.seconds) * 1000
                + Double(latency.components.attoseconds) / 1e15,
            recordedAt: Date(), priceTableVersion: priceTableVersion), policy: policy)
        return succeeded
    }
}
