import Foundation
import Recorder
import Testing
import TestSupport

@Suite("Export, import and merge")
struct ExchangeTests {
    let directory = TemporaryDirectory("exchange")

    private func populated(_ name: String, markers: [String]) throws -> CacheStore {
        let store = try CacheStore(path: directory.path(name))
        for (index, marker) in markers.enumerated() {
            try store.record(sampleInteraction(try sampleRequest(marker: marker), response: chatCompletion(size: 800, seed: index)))
        }
        var streamed = sampleInteraction(try sampleRequest(marker: "stream-\(name)"), response: [])
        streamed.response = .events([StreamEvent(event: "delta", data: "a", offsetMicroseconds: 5),
                                     StreamEvent(data: "[DONE]", offsetMicroseconds: 9)])
        try store.record(streamed)
        // Binary bodies take the base64 path.
        try store.record(sampleInteraction(try sampleRequest(marker: "binary-\(name)"), response: [0xff, 0x00, 0xfe]))
        try store.recordExecution(ExecutionRecord(key: CacheKey(hashing: Array(name.utf8)), runner: "py", input: [1, 2],
                                                  result: Array("ok".utf8), status: "passed", durationMilliseconds: 3))
        try store.recordRun(StoredRun(runID: "run-\(name)", createdAt: "2026-11-27T00:00:00.000Z", status: .finished,
                                      config: .object(["tries": .number(5)]),
                                      events: [RunEvent(sequence: 0, kind: .other("generate-code"), taskID: "t", tryNumber: 1)]))
        return store
    }

    private func exportText(_ store: CacheStore) throws -> String {
        var text = ""
        try store.export { text += $0 }
        return text
    }

    @Test func exportImportExportIsIdentical() throws {
        let source = try populated("a.sqlite", markers: ["one", "two", "three"])
        let first = try exportText(source)
        let copy = try CacheStore(path: directory.path("copy.sqlite"))
        let report = try copy.importExport(lines: first.split(separator: "\n").map(String.init))
        #expect(report.interactionsAdded == 5 && report.executionsAdded == 1 && report.runsAdded == 1)
        #expect(try exportText(copy) == first)
        #expect(try copy.verify().isClean)
        // Importing again adds nothing.
        let again = try copy.importExport(lines: first.split(separator: "\n").map(String.init))
        #expect(again.interactionsAdded == 0 && again.interactionsPresent == 5 && again.runsPresent == 1)
    }

    @Test func exportIsSortedCanonicalJSONLines() throws {
        let text = try exportText(try populated("b.sqlite", markers: ["x", "y"]))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first?.contains(#""format":"selfalign-cache-export""#) == true)
        let keys = lines.compactMap { try? JSONValue(parsing: $0) }.filter { $0["type"] == .string("interaction") }
            .compactMap { $0["key"]?.stringValue }
        #expect(keys == keys.sorted())
        for line in lines { #expect(try JSONValue(parsing: line).canonicalString == line) }
    }

    @Test func mergeIsAUnionByKey() throws {
        let a = try populated("m1.sqlite", markers: ["shared", "only-a"])
        let b = try populated("m2.sqlite", markers: ["shared", "only-b", "also-b"])
        let report = try a.merge(from: b)
        // b adds only-b, also-b, its stream and its binary; "shared" had the same answer in both.
        #expect(report.interactionsAdded == 4)
        #expect(report.interactionsPresent == 1)
        #expect(try a.stats().interactions == 8)
        #expect(try a.runs().count == 2)
        #expect(try a.verify().isClean)
        #expect(try a.merge(from: b).interactionsAdded == 0)
    }

    @Test func aMalformedLineImportsNothing() throws {
        let good = try exportText(try populated("c.sqlite", markers: ["p", "q"]))
        var lines = good.split(separator: "\n").map(String.init)
        lines.insert(#"{"type":"interaction","provider":"openai"}"#, at: 3)
        let target = try CacheStore(path: directory.path("target.sqlite"))
        #expect {
            try target.importExport(lines: lines)
        } throws: { error in
            guard case CacheError.malformedExport(4, let reason) = error else { return false }
            return reason.contains("method") || reason.contains("endpoint") || reason.contains("headers")
        }
        #expect(try target.stats().interactions == 0)
    }

    @Test func anEditedRequestWithItsOldKeyIsRefused() throws {
        let good = try exportText(try populated("d.sqlite", markers: ["edit-me"]))
        let edited = good.replacingOccurrences(of: "edit-me", with: "edited")
        let target = try CacheStore(path: directory.path("edited.sqlite"))
        #expect {
            try target.importExport(lines: edited.split(separator: "\n").map(String.init))
        } throws: { error in
            "\(error)".contains("does not match its request")
        }
    }

    @Test func importedRequestsAreRedactedLikeRecordedOnes() throws {
        let secret = fakeAPIKey("imported")
        let line = #"{"type":"interaction","provider":"openai","method":"POST","endpoint":"/v1/chat/completions","headers":{},"sample":0,"request":{"model":"m","api_key":"x","messages":[{"role":"user","content":"key \#(secret) and ACME-123456"}]},"response":{"body":"ok"},"response_headers":{},"status":200,"usage":{},"latency_ms":1,"recorded_at":"2026-11-27T00:00:00.000Z"}"#
        let header = #"{"format":"selfalign-cache-export","type":"header","version":1}"#
        let path = directory.path("redacted.sqlite")
        let store = try CacheStore(path: path, options: .init(redaction: try Redaction.default.adding(patterns: ["ACME-[0-9]{6}"])))
        #expect(try store.importExport(lines: [header, line]).interactionsAdded == 1)
        var exported = ""
        try store.export { exported += $0 }
        #expect(!exported.contains(secret) && !exported.contains("ACME-123456"))
        #expect(exported.contains(#""api_key":"[REDACTED]""#))
        for file in [path, path + "-wal"] {
            guard let bytes = FileManager.default.contents(atPath: file) else { continue }
            #expect(!contains(Array(bytes), Array(secret.utf8)))
        }
        #expect(try store.verify().isClean)
    }

    @Test func aFileThatIsNotAnExportIsRefused() throws {
        let target = try CacheStore(path: directory.path("e.sqlite"))
        #expect(throws: CacheError.self) { try target.importExport(lines: [#"{"hello":"world"}"#]) }
        #expect(throws: CacheError.self) { try target.importExport(lines: [String]()) }
    }
}
