import Foundation
@testable import Recorder
import Testing
import TestSupport

@Suite("Integrity and secrets")
struct IntegrityTests {
    let directory = TemporaryDirectory("integrity")

    /// Flips one bit of the stored bytes of the blob with `hash`, as a bad disk would.
    private func flipBit(in path: String, blob hash: CacheKey, byte: Int = 10, bit: UInt8 = 0x04) throws {
        let connection = try SQLiteConnection(path: path, mode: .existing, busyTimeoutMilliseconds: 5_000)
        let read = try connection.prepare("SELECT data FROM blobs WHERE hash = ?")
        try read.bind(bytes: hash.digest, at: 1)
        #expect(try read.step())
        var data = read.bytes(0)
        read.finalize()
        data[min(byte, data.count - 1)] ^= bit
        let write = try connection.prepare("UPDATE blobs SET data = ? WHERE hash = ?")
        try write.bind(bytes: data, at: 1)
        try write.bind(bytes: hash.digest, at: 2)
        try write.run()
        write.finalize()
    }

    @Test(arguments: [
        (3_000, 10),   // compressed (zlib) blob: a flip in the deflate data
        (3_000, 1),    // a flip in the zlib header
        (3_000, -1),   // a flip in the Adler-32 trailer
        (1, 0),        // a one-byte blob, stored as is
    ])
    func aFlippedBitIsFoundByVerifyAndRefusedByARead(size: Int, byte: Int) throws {
        let path = directory.path("flip-\(size)-\(byte).sqlite")
        let store = try CacheStore(path: path)
        let request = try sampleRequest(marker: "flip")
        let response = size == 1 ? Array("x".utf8) : chatCompletion(size: size, seed: 3)
        let neighbour = try sampleRequest(marker: "neighbour")
        try store.record(sampleInteraction(request, response: response))
        try store.record(sampleInteraction(neighbour, response: chatCompletion(size: 500, seed: 4)))
        #expect(try store.verify().isClean)

        let compressedSize = try store.stats().blobStoredBytes
        #expect(compressedSize > 0)
        try flipBit(in: path, blob: CacheKey(hashing: response), byte: byte < 0 ? Int.max : byte)

        let report = try store.verify()
        #expect(!report.isClean)
        #expect(report.problems.contains { $0.kind == "corrupt-blob" && $0.subject == request.key.description })
        #expect(!report.problems.contains { $0.subject == neighbour.key.description })
        #expect {
            try store.lookup(request.key)
        } throws: { error in
            guard case CacheError.corruptBlob(let owner, _, _) = error else { return false }
            return owner.contains(request.key.description)
        }
        // The neighbour is still served.
        #expect(try store.lookup(neighbour.key) != nil)
    }

    @Test func aKeyThatNoLongerMatchesItsRequestIsReported() throws {
        let path = directory.path("key.sqlite")
        let store = try CacheStore(path: path)
        let request = try sampleRequest(marker: "key")
        try store.record(sampleInteraction(request, response: Array("ok".utf8)))
        let connection = try SQLiteConnection(path: path, mode: .existing, busyTimeoutMilliseconds: 5_000)
        try connection.execute("UPDATE interactions SET sample_index = 9")
        let report = try store.verify()
        #expect(report.problems.map(\.kind) == ["key-mismatch"])
    }

    @Test func credentialsReachNeitherTheFileNorAnExport() throws {
        let path = directory.path("secrets.sqlite")
        let secrets = [
            fakeAPIKey("proj"), fakeAPIKey("ant-api03"),
            "sessioncookie-FAKE-987654321", "azure-FAKE-key-55555",
        ]
        let body = #"{"model":"gpt-4o","api_key":"\#(secrets[3])","messages":[{"role":"user","content":"use \#(secrets[0])"}]}"#
        let request = try RequestIdentity(
            provider: "openai", method: "POST", path: "/v1/chat/completions?api-key=\(secrets[3])",
            headers: [("Authorization", "Bearer \(secrets[0])"), ("x-api-key", secrets[1]), ("api-key", secrets[3]),
                      ("anthropic-version", "2023-06-01")],
            body: Array(body.utf8))
        var interaction = sampleInteraction(request, response: Array(#"{"echo":"\#(secrets[1])"}"#.utf8))
        interaction.responseHeaders = ["Set-Cookie": "sid=\(secrets[2])", "x-request-id": "req_1",
                                       "openai-organization": "org-FAKE", "content-type": "application/json"]
        let store = try CacheStore(path: path)
        try store.record(interaction)
        var streamed = sampleInteraction(try sampleRequest(marker: "stream"), response: [])
        streamed.response = .events([StreamEvent(data: #"{"delta":"\#(secrets[0])"}"#)])
        try store.record(streamed)

        var exported = ""
        try store.export { exported += $0 }
        #expect(exported.contains("x-request-id"))
        #expect(!exported.contains("org-FAKE"))
        let files = [path, path + "-wal"].compactMap { FileManager.default.contents(atPath: $0) }
        #expect(!files.isEmpty)
        for secret in secrets {
            for file in files {
                #expect(!contains(Array(file), Array(secret.utf8)), "\(secret) is in the database file")
            }
            #expect(!exported.contains(secret), "\(secret) is in the export")
        }
        // The behaviour header is kept; what was redacted says so.
        let stored = try #require(try store.lookup(request.key, includingRequest: true))
        #expect(stored.keyHeaders == ["anthropic-version": "2023-06-01"])
        #expect(stored.endpoint == "/v1/chat/completions")
        #expect(String(decoding: stored.requestBody ?? [], as: UTF8.self).contains("[REDACTED]"))
    }
}
