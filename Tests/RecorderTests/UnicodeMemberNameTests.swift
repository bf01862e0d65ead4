import Foundation
@testable import Recorder
import Testing
import TestSupport

/// Member names that differ only in Unicode normalisation ("\u{E9}" and "e\u{301}") are two members under RFC 8785:
/// a request with both is keyed, stored, exported and imported with both kept, sorted by UTF-16 code units.
@Suite("Member names by code units")
struct UnicodeMemberNameTests {
    let directory = TemporaryDirectory("unicode-names")
    // U+00E9 first in the input, then e + U+0301: in UTF-16 order 0x0065 sorts before 0x00E9.
    static let body = Array(#"{"model":"m","\#u{E9}":1,"e\#u{301}":2}"#.utf8)

    @Test func bothMembersAreKeptAndSortedByUTF16() throws {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: Self.body) }
        let canonical = try JSONValue.canonicalize(Self.body)
        #expect(canonical == Array(#"{"e\#u{301}":2,"model":"m","\#u{E9}":1}"#.utf8))
    }

    @Test func aNameRepeatedCodeUnitForCodeUnitIsStillADuplicate() {
        #expect {
            _ = try JSONValue.canonicalizePreservingNames(Array(#"{"e\#u{301}":1,"e\u0301":2}"#.utf8))
        } throws: { error in
            (error as? JSONParseError)?.kind == .duplicateMemberName
        }
    }

    @Test func theCodeUnitPathAgreesWithTheParsedPathOnEveryOrdinaryDocument() throws {
        let documents = [
            #"{"b":[1,2.50,-0,1e21,{"z":null,"a":true}],"a":"\u00e9\n\"","\ud83d\ude00":false,"\ue000":1}"#,
            #"[]"#, #"{}"#, #"  "x"  "#, #"[{"k":[[],{}]},1E-7,123456789012345678901234567890]"#,
            // A key-shaped text, put together so that no key-shaped literal stands in the source.
            #"{"api_key":"secret","nested":{"Authorization":null,"text":"sk-"# + "abcdefghijklmnopqrstuvwxyz0123" + #""}}"#,
        ]
        for document in documents {
            let bytes = Array(document.utf8)
            let parsed = try JSONValue(parsing: bytes)
            #expect(try JSONValue.canonicalizePreservingNames(bytes) == parsed.canonicalBytes, "\(document)")
            #expect(try JSONValue.canonicalizePreservingNames(bytes, redaction: .default)
                    == Redaction.default.redact(parsed).canonicalBytes, "\(document)")
        }
        // Every request recorded in the shipped fixture is already canonical, and stays byte for byte the same.
        let store = try CacheStore(path: fixturePath("sample-cache.sqlite"), options: .existingOnly)
        var exported: [String] = []
        try store.export { exported.append($0) }
        for line in exported where line.contains(#""type":"interaction""#) {
            let request = try #require(try JSONValue(parsing: line)["request"])
            #expect(try JSONValue.canonicalizePreservingNames(request.canonicalBytes) == request.canonicalBytes)
        }
    }

    @Test func aRequestWithBothIsKeyedRedactedStoredExportedAndImported() throws {
        let secretBody = Array(#"{"api_key":"hunter2","\#u{E9}":1,"e\#u{301}":2}"#.utf8)
        let identity = try RequestIdentity(provider: "openai", method: "POST", path: "/v1/chat/completions",
                                           body: secretBody)
        let text = String(decoding: identity.canonicalBody, as: UTF8.self)
        #expect(text == #"{"api_key":"[REDACTED]","e\#u{301}":2,"\#u{E9}":1}"#)
        let single = try RequestIdentity(provider: "openai", method: "POST", path: "/v1/chat/completions",
                                         body: Array(#"{"api_key":"hunter2","\#u{E9}":1}"#.utf8))
        #expect(single.key != identity.key)

        let cache = directory.path("names.sqlite")
        let store = try CacheStore(path: cache)
        try store.record(sampleInteraction(identity, response: chatCompletion(size: 64)))
        var lines: [String] = []
        try store.export { lines.append($0) }
        let line = try #require(lines.first { $0.contains("request_canonical") })
        #expect(!line.contains("hunter2"))
        let copy = try CacheStore(path: directory.path("copy.sqlite"))
        let report = try copy.importExport(lines: lines)
        #expect(report.interactionsAdded == 1)
        let stored = try #require(try copy.lookup(identity.key, includingRequest: true))
        #expect(stored.status == 200)
    }
}
