import Foundation
import Recorder
import Testing
import TestSupport

/// What every cache backend must do alike: the store protocols' contract, one check at a time, each against a
/// fresh, empty cache.
struct ContractCheck: Sendable, CustomTestStringConvertible {
    let name: String
    let body: @Sendable (any CacheBackend) async throws -> Void

    var testDescription: String { name }

    static let all: [ContractCheck] = [
        ContractCheck(name: "a recorded call is served whole, a miss is nil") { store in
            let request = try sampleRequest(marker: "contract one")
            let interaction = sampleInteraction(request, response: chatCompletion(size: 3000, seed: 1))
            #expect(try await store.lookup(request.key, includingRequest: false) == nil)
            #expect(try await store.record(interaction, policy: .keepExisting) == .inserted)
            let hit = try #require(try await store.lookup(request.key, includingRequest: false))
            #expect(hit.response == .body(chatCompletion(size: 3000, seed: 1)))
            #expect(hit.provider == "openai" && hit.method == "POST" && hit.endpoint == "/v1/chat/completions")
            #expect(hit.status == 200 && hit.model == "gpt-4o-mini" && hit.sampleIndex == 0)
            #expect(hit.usage == TokenUsage(input: 12, cachedInput: 0, output: 34))
            #expect(hit.latencyMilliseconds == 420)
            #expect(hit.recordedAt == Timestamp.string(from: Date(timeIntervalSince1970: 1_790_000_000)))
            #expect(hit.responseHeaders == ["content-type": "application/json"])
            #expect(hit.requestBody == nil)
            let full = try #require(try await store.lookup(request.key, includingRequest: true))
            #expect(full.requestBody == request.canonicalBody)
            // No credential reaches the store: the Authorization header is not in the key headers.
            #expect(!full.keyHeadersJSON.contains("Bearer"))
        },
        ContractCheck(name: "first write wins; refresh replaces") { store in
            let request = try sampleRequest(marker: "contract two")
            _ = try await store.record(sampleInteraction(request, response: Array("first".utf8)), policy: .keepExisting)
            #expect(try await store.record(sampleInteraction(request, response: Array("second".utf8)),
                                           policy: .keepExisting) == .alreadyPresent)
            #expect(try await store.lookup(request.key, includingRequest: false)?.response == .body(Array("first".utf8)))
            #expect(try await store.record(sampleInteraction(request, response: Array("third".utf8)),
                                           policy: .replace) == .replaced)
            #expect(try await store.lookup(request.key, includingRequest: false)?.response == .body(Array("third".utf8)))
            #expect(try await store.stats().interactions == 1)
        },
        ContractCheck(name: "streamed answers keep their events and timing") { store in
            let request = try sampleRequest(marker: "contract stream")
            let events = [StreamEvent(data: #"{"a":1}"#, offsetMicroseconds: 10),
                          StreamEvent(event: "done", data: "[DONE]", id: "7", offsetMicroseconds: 99)]
            var interaction = sampleInteraction(request, response: [])
            interaction.response = .events(events)
            _ = try await store.record(interaction, policy: .keepExisting)
            #expect(try await store.lookup(request.key, includingRequest: false)?.response == .events(events))
            #expect(try await store.stats().streamedInteractions == 1)
        },
        ContractCheck(name: "secrets in answers are redacted before they are stored") { store in
            let request = try sampleRequest(marker: "contract secret")
            let secret = fakeAPIKey("leak")
            _ = try await store.record(sampleInteraction(request, response: Array("your key is \(secret)".utf8)),
                                       policy: .keepExisting)
            guard case .body(let body) = try #require(try await store.lookup(request.key, includingRequest: false))
                .response else { Issue.record("not a body"); return }
            #expect(!String(decoding: body, as: UTF8.self).contains(secret))
        },
        ContractCheck(name: "identical bodies are stored once") { store in
            let body = chatCompletion(size: 2000, seed: 5)
            for marker in ["dedup a", "dedup b"] {
                _ = try await store.record(sampleInteraction(try sampleRequest(marker: marker), response: body),
                                           policy: .keepExisting)
            }
            let stats = try await store.stats()
            #expect(stats.interactions == 2)
            #expect(stats.blobs == 3)   // two requests, one response
            #expect(stats.referencedRawBytes > stats.blobRawBytes)
        },
        ContractCheck(name: "executions: stored once, refreshed on request") { store in
            let key = CacheKey(hashing: Array("execution one".utf8))
            let record = ExecutionRecord(key: key, runner: "python-harness/1", input: Array(#"{"code":"x"}"#.utf8),
                                         result: Array(#"{"passed":1}"#.utf8), status: "passed",
                                         durationMilliseconds: 12.5, recordedAt: "2026-11-27T10:00:00.000Z")
            let absent = try await store.execution(key)
            #expect(absent == nil)
            let inserted = try await store.recordExecution(record, policy: .keepExisting)
            #expect(inserted == .inserted)
            let stored = try await store.execution(key)
            #expect(stored == record)
            var changed = record
            changed.result = Array(#"{"passed":0}"#.utf8)
            let kept = try await store.recordExecution(changed, policy: .keepExisting)
            #expect(kept == .alreadyPresent)
            let unchanged = try await store.execution(key)
            #expect(unchanged == record)
            let replaced = try await store.recordExecution(changed, policy: .replace)
            #expect(replaced == .replaced)
            let refreshed = try await store.execution(key)
            #expect(refreshed?.result == changed.result)
        },
        ContractCheck(name: "runs: events in order, finished with a summary") { store in
            let run = StoredRun(runID: "run-b", createdAt: "2026-11-27T10:00:00.000Z", status: .running,
                                config: ["tasks": 2], events: [RunEvent(sequence: 0, kind: .other("start"))])
            let added = try await store.recordRun(run)
            let again = try await store.recordRun(run)
            let other = try await store.recordRun(StoredRun(runID: "run-a", createdAt: "2026-11-27T09:00:00.000Z",
                                                            status: .running, config: [:]))
            #expect(added && !again && other)
            try await store.appendRunEvents([RunEvent(sequence: 1, kind: .modelCall, taskID: "T/1", tryNumber: 1,
                                                      payload: ["key": "k"]),
                                             RunEvent(sequence: 2, kind: .taskResult, taskID: "T/1")], to: "run-b")
            try await store.finishRun("run-b", status: .finished, summary: ["correct": 1],
                                      at: Date(timeIntervalSince1970: 1_790_000_100))
            let stored = try #require(try await store.run("run-b"))
            #expect(stored.events.map(\.sequence) == [0, 1, 2])
            #expect(stored.events[1] == RunEvent(sequence: 1, kind: .modelCall, taskID: "T/1", tryNumber: 1,
                                                 payload: ["key": "k"]))
            #expect(stored.status == .finished && stored.summary == ["correct": 1])
            #expect(stored.finishedAt == Timestamp.string(from: Date(timeIntervalSince1970: 1_790_000_100)))
            let listed = try await store.runs(includingEvents: false)
            #expect(listed.map(\.runID) == ["run-a", "run-b"])
            #expect(listed.allSatisfy { $0.events.isEmpty })
            #expect(try await store.runs(includingEvents: true).last?.events.count == 3)
            #expect(try await store.run("nope") == nil)
            await #expect(throws: CacheError.self) { try await store.appendRunEvents([], to: "nope") }
            await #expect(throws: CacheError.self) {
                try await store.finishRun("nope", status: .finished, summary: [:], at: Date())
            }
        },
        ContractCheck(name: "nearest-miss candidates, newest first; the cost audit's calls") { store in
            for index in 0..<5 {
                _ = try await store.record(sampleInteraction(try sampleRequest(marker: "near \(index)"),
                                                             response: Array("answer \(index)".utf8)),
                                           policy: .keepExisting)
            }
            let recent = try await store.recordedRequests(provider: "openai", endpoint: "/v1/chat/completions", limit: 3)
            #expect(recent.count == 3)
            #expect(String(decoding: recent[0].body, as: UTF8.self).contains("near 4"))
            let none = try await store.recordedRequests(provider: "anthropic", endpoint: "/v1/messages", limit: 3)
            #expect(none.isEmpty)
            let calls = try await store.recordedCalls()
            #expect(calls.count == 5)
            #expect(calls.allSatisfy { $0.usage.output == 34 && $0.status == 200 })
        },
        ContractCheck(name: "inspection: list, key prefixes, blobs, verify") { store in
            let request = try sampleRequest(marker: "inspect")
            _ = try await store.record(sampleInteraction(request, response: Array("inspected".utf8), model: "m-1"),
                                       policy: .keepExisting)
            _ = try await store.record(sampleInteraction(try sampleRequest(marker: "other"), response: Array("x".utf8),
                                                         model: "m-2"), policy: .keepExisting)
            #expect(try await store.list(InteractionFilter(), limit: nil).count == 2)
            let only = try await store.list(InteractionFilter(model: "m-1"), limit: nil)
            #expect(only.map(\.key) == [request.key.description])
            #expect(only.first?.responseBytes == 9)
            #expect(try await store.list(InteractionFilter(), limit: 1).count == 1)
            let prefixed = try await store.keys(matchingPrefix: String(request.key.description.prefix(14)))
            #expect(prefixed.contains(request.key))
            await #expect(throws: CacheError.self) { try await store.keys(matchingPrefix: "zz") }
            #expect(try await store.blob(CacheKey(hashing: Array("inspected".utf8))) == Array("inspected".utf8))
            await #expect(throws: CacheError.self) { try await store.blob(CacheKey(hashing: Array("absent".utf8))) }
            let report = try await store.verify()
            #expect(report.isClean, "\(report.problems)")
            #expect(report.interactionsChecked == 2 && report.blobsChecked == 4)
            let stats = try await store.stats()
            #expect(stats.byModel.map(\.model) == ["m-1", "m-2"])
            #expect(stats.schemaVersion >= 1 && stats.fileBytes > 0)
        },
        ContractCheck(name: "prune: matching calls, then unreferenced blobs; a dry run changes nothing") { store in
            for (marker, model) in [("keep", "keep-model"), ("drop", "drop-model")] {
                _ = try await store.record(sampleInteraction(try sampleRequest(marker: marker),
                                                             response: Array("answer \(marker)".utf8), model: model),
                                           policy: .keepExisting)
            }
            let dry = try await store.prune(InteractionFilter(model: "drop-model"), dryRun: true)
            #expect(dry.interactionsRemoved == 1 && dry.blobsRemoved == 2 && dry.dryRun)
            #expect(try await store.stats().interactions == 2)
            let done = try await store.prune(InteractionFilter(model: "drop-model"), dryRun: false)
            #expect(done.interactionsRemoved == 1 && done.blobsRemoved == 2)
            let after = try await store.stats()
            #expect(after.interactions == 1 && after.blobs == 2)
            try await store.compact()
            let verified = try await store.verify()
            #expect(verified.isClean)
        },
        ContractCheck(name: "export then import into another cache: the same export, byte for byte") { store in
            try await StoreContract.fill(store)
            let first = try await StoreContract.exportText(store)
            try await StoreContract.withScratch(like: store) { copy in
                let report = try await copy.importLines(from: StoreContract.lines(first))
                #expect(report.interactionsAdded == 3 && report.executionsAdded == 1 && report.runsAdded == 1)
                #expect(try await StoreContract.exportText(copy) == first)
                let again = try await copy.importLines(from: StoreContract.lines(first))
                #expect(again.interactionsPresent == 3 && again.interactionsAdded == 0 && again.runsPresent == 1)
            }
        },
        ContractCheck(name: "a malformed export line imports nothing") { store in
            let lines = [#"{"format":"selfalign-cache-export","schema":1,"type":"header","version":1}"#,
                         #"{"type":"run","run_id":"r","created_at":"2026","status":"running","config":{},"events":[]}"#,
                         #"{"type":"interaction","provider":"openai"}"#]
            await #expect(throws: CacheError.self) { try await store.importLines(from: StoreContract.lines(lines)) }
            let runs = try await store.runs(includingEvents: false)
            #expect(runs.isEmpty)
            await #expect(throws: CacheError.self) { try await store.importLines(from: StoreContract.lines([String]())) }
        },
    ]
}

/// Helpers of the contract checks.
enum StoreContract {
    /// A fresh cache of the same backend as `store`, for the duration of `body`.
    static func withScratch(like store: any CacheBackend, _ body: (any CacheBackend) async throws -> Void) async throws {
        if store is CacheStore {
            let directory = TemporaryDirectory("contract-copy")
            try await body(try CacheStore(path: directory.path("copy.sqlite")))
        } else {
            try await Backends.withPostgres(body)
        }
    }

    /// Three interactions (one streamed), an execution and a run.
    static func fill(_ store: any CacheBackend) async throws {
        for index in 0..<3 {
            var interaction = sampleInteraction(try sampleRequest(marker: "fill \(index)"),
                                                response: chatCompletion(size: 1500, seed: index))
            if index == 2 { interaction.response = .events([StreamEvent(data: "chunk", offsetMicroseconds: 5)]) }
            _ = try await store.record(interaction, policy: .keepExisting)
        }
        _ = try await store.recordExecution(ExecutionRecord(
            key: CacheKey(hashing: Array("fill execution".utf8)), runner: "python-harness/1", input: Array("in".utf8),
            result: [0xff, 0x00, 0x01], status: "passed", durationMilliseconds: 3,
            recordedAt: "2026-11-27T10:00:00.000Z"), policy: .keepExisting)
        _ = try await store.recordRun(StoredRun(runID: "run-fill", createdAt: "2026-11-27T10:00:00.000Z",
                                                status: .finished, config: ["x": 1], summary: ["y": 2],
                                                events: [RunEvent(sequence: 0, kind: .other("start"), payload: ["z": 3])]))
    }

    /// The whole export as lines, newlines included.
    static func exportText(_ store: any CacheBackend) async throws -> [String] {
        let collected = Collected()
        try await store.exportLines { collected.append($0) }
        return collected.lines
    }

    static func lines(_ lines: [String]) -> AsyncThrowingStream<String, any Error> {
        AsyncThrowingStream { continuation in
            for line in lines { continuation.yield(line) }
            continuation.finish()
        }
    }
}

final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    var lines: [String] { lock.withLock { items } }
    func append(_ line: String) { lock.withLock { items.append(line) } }
}
