import Foundation
@testable import Recorder
import Testing
import TestSupport

@Suite("Cache store")
struct StoreTests {
    let directory = TemporaryDirectory("store")

    private func freshStore(_ name: String = "cache.sqlite") throws -> CacheStore {
        try CacheStore(path: directory.path(name))
    }

    @Test(arguments: [1, 3_000, 5_000_000])
    func roundTripsBodiesOfEverySize(size: Int) throws {
        let store = try freshStore()
        let request = try sampleRequest(marker: "size \(size)")
        let response = size == 1 ? Array("7".utf8) : chatCompletion(size: size, seed: size)
        #expect(response.count >= size - 200 && response.count <= size + 400)
        #expect(try store.record(sampleInteraction(request, response: response)) == .inserted)
        let stored = try #require(try store.lookup(request.key, includingRequest: true))
        #expect(stored.response == .body(response))
        #expect(stored.requestBody == request.canonicalBody)
        #expect(stored.usage == TokenUsage(input: 12, cachedInput: 0, output: 34))
        #expect(stored.status == 200)
        #expect(stored.model == "gpt-4o-mini")
        #expect(stored.recordedAt == "2026-09-21T14:13:20.000Z")
        // A second store on the same file sees it too.
        let other = try CacheStore(path: store.path, options: .existingOnly)
        #expect(try other.lookup(request.key)?.response == .body(response))
    }

    @Test func aMissIsNil() throws {
        let store = try freshStore()
        #expect(try store.lookup(sampleRequest(marker: "never recorded").key) == nil)
        #expect(try !store.contains(sampleRequest(marker: "never recorded").key))
    }

    @Test func identicalBodiesAreStoredOnce() throws {
        let store = try freshStore()
        let response = chatCompletion(size: 3_000, seed: 1)
        for sample in 0..<5 {
            try store.record(sampleInteraction(try sampleRequest(marker: "same", sampleIndex: sample), response: response))
        }
        let stats = try store.stats()
        #expect(stats.interactions == 5)
        // Five requests that differ only in their sample index share one body; five equal responses share another.
        #expect(stats.blobs == 2)
        #expect(stats.referencedRawBytes == 5 * (response.count + (try sampleRequest(marker: "same")).canonicalBody.count))
        #expect(stats.blobStoredBytes < response.count)
    }

    @Test func firstWriteWinsUnlessReplaced() throws {
        let store = try freshStore()
        let request = try sampleRequest()
        #expect(try store.record(sampleInteraction(request, response: Array("one".utf8))) == .inserted)
        #expect(try store.record(sampleInteraction(request, response: Array("two".utf8))) == .alreadyPresent)
        #expect(try store.lookup(request.key)?.response == .body(Array("one".utf8)))
        #expect(try store.record(sampleInteraction(request, response: Array("two".utf8)), policy: .replace) == .replaced)
        #expect(try store.lookup(request.key)?.response == .body(Array("two".utf8)))
        #expect(try store.stats().interactions == 1)
    }

    @Test func streamsRoundTripAsTheSameEvents() throws {
        let store = try freshStore()
        let request = try sampleRequest(marker: "stream")
        let events = [
            StreamEvent(event: "message_start", data: #"{"type":"message_start"}"#, offsetMicroseconds: 1_200),
            StreamEvent(data: "line one\nline two", id: "7", offsetMicroseconds: 35_000),
            StreamEvent(data: "[DONE]", offsetMicroseconds: 90_500),
        ]
        var interaction = sampleInteraction(request, response: [])
        interaction.response = .events(events)
        try store.record(interaction)
        #expect(try store.lookup(request.key)?.response == .events(events))
        #expect(try store.stats().streamedInteractions == 1)
    }

    @Test func executionsAndRunsAreStored() throws {
        let store = try freshStore()
        let key = CacheKey(hashing: Array("runner 1 + code + tests + limits".utf8))
        let execution = ExecutionRecord(key: key, runner: "python-3.11/harness-1", input: Array("code".utf8),
                                        result: Array(#"{"passed":3}"#.utf8), status: "passed",
                                        durationMilliseconds: 41)
        #expect(try store.recordExecution(execution))
        #expect(try !store.recordExecution(execution))
        #expect(try store.execution(key) == execution)

        let run = StoredRun(runID: "run-1", createdAt: "2026-11-27T10:00:00.000Z", status: .running,
                            config: .object(["tries": .number(5)]),
                            events: [RunEvent(sequence: 0, kind: .other("generate-code"), taskID: "HumanEval/0", tryNumber: 1,
                                              payload: .object(["key": .string(key.description)]))])
        #expect(try store.recordRun(run))
        try store.appendRunEvents([RunEvent(sequence: 1, kind: .other("run-tests"), taskID: "HumanEval/0", tryNumber: 1)],
                                  to: "run-1")
        try store.finishRun("run-1", status: .finished, summary: .object(["aligned": .number(1)]))
        let stored = try #require(try store.runs().first)
        #expect(stored.events.map(\.kind.rawValue) == ["generate-code", "run-tests"])
        #expect(stored.status == .finished)
        #expect(stored.summary == .object(["aligned": .number(1)]))
    }

    @Test func aMissingFileIsAnErrorAndIsNotCreated() throws {
        let path = directory.path("absent.sqlite")
        #expect {
            try CacheStore(path: path, options: .existingOnly)
        } throws: { error in
            guard case CacheError.fileNotFound = error else { return false }
            return "\(error)".contains(path)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aFileThatIsNotSQLiteIsRefusedUntouched() throws {
        let path = directory.path("notes.txt")
        let original = Data("these are my notes, not a database\n".utf8 + [UInt8](repeating: 0x41, count: 5000))
        try original.write(to: URL(fileURLWithPath: path))
        for options in [CacheStore.Options(), .existingOnly] {
            #expect {
                try CacheStore(path: path, options: options)
            } throws: { error in
                guard case CacheError.notACache = error else { return false }
                return "\(error)".contains("not a SQLite database")
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original)
    }

    @Test func anotherApplicationsDatabaseIsRefusedUntouched() throws {
        let path = directory.path("other.sqlite")
        try sqlite(path, "CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('ada');")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect {
            try CacheStore(path: path)
        } throws: { error in
            guard case CacheError.notACache = error else { return false }
            return "\(error)".contains("another application")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aNewerSchemaIsRefusedWithAClearMessageAndUntouched() throws {
        let path = directory.path("future.sqlite")
        do {
            let store = try CacheStore(path: path)
            try store.record(sampleInteraction(try sampleRequest(), response: Array("x".utf8)))
        }
        try sqlite(path, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA user_version = 99;")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect {
            try CacheStore(path: path)
        } throws: { error in
            guard case CacheError.newerSchema(_, 99, let supported) = error else { return false }
            return supported < 99 && "\(error)".contains("newer")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func anOlderSchemaIsMigratedForward() throws {
        // Version 0 with our application id: a file whose first migration never ran.
        let path = directory.path("old.sqlite")
        try sqlite(path, "PRAGMA application_id = \(0x5341_4C4E);")
        let store = try CacheStore(path: path)
        try store.record(sampleInteraction(try sampleRequest(), response: Array("x".utf8)))
        #expect(try store.stats().schemaVersion >= 1)
    }

    @Test func pruneRemovesWhatMatchesAndOrphanedBlobs() throws {
        let store = try freshStore()
        for index in 0..<3 {
            var interaction = sampleInteraction(try sampleRequest(marker: "p\(index)"),
                                                response: chatCompletion(size: 500, seed: index))
            interaction.recordedAt = Date(timeIntervalSince1970: 1_700_000_000 + Double(index) * 86_400)
            interaction.model = index == 2 ? "gpt-4o" : "gpt-4o-mini"
            try store.record(interaction)
        }
        let dry = try store.prune(InteractionFilter(model: "gpt-4o-mini"), dryRun: true)
        #expect(dry.interactionsRemoved == 2 && dry.blobsRemoved == 4 && dry.dryRun)
        #expect(try store.stats().interactions == 3)
        let report = try store.prune(InteractionFilter(recordedBefore: "2023-11-15T00:00:00.000Z"))
        #expect(report.interactionsRemoved == 1)
        #expect(report.blobsRemoved == 2)
        #expect(try store.stats().interactions == 2)
        #expect(try store.verify().isClean)
        #expect(try store.prune(InteractionFilter()).interactionsRemoved == 0)
    }
}

/// Runs SQL on a file through a connection of its own, outside the store (to set up foreign or damaged files).
func sqlite(_ path: String, _ sql: String) throws {
    let connection = try SQLiteConnection(path: path, mode: .createIfMissing, busyTimeoutMilliseconds: 5_000)
    try connection.execute(sql)
}
