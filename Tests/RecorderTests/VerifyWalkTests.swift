import Recorder
import Testing

/// The checks `verify` runs on every backend's rows: a damaged blob reported once, and again at every entry using it.
@Suite struct VerifyWalkTests {
    struct Unreadable: Error {}

    @Test func aDamagedBlobIsNamedAtEveryEntryThatUsesIt() throws {
        var walk = VerifyWalk<Int>()
        try walk.blob(1, name: "good") {}
        try walk.blob(2, name: "sha256:bad") { throw CacheError.corruptBlob(owner: "blob #2", blob: "#2", reason: "is short") }
        #expect(throws: Unreadable.self) { try walk.blob(3, name: "never") { throw Unreadable() } }
        walk.interaction(key: "k1", request: 2, response: 1, responsePresent: true, missingResponse: "unused") {
            Issue.record("a damaged request is not read")
            throw Unreadable()
        }
        walk.interaction(key: "k2", request: 1, response: 9, responsePresent: false,
                         missingResponse: "response blob #9 is missing") { throw Unreadable() }
        walk.execution(key: "e1", blobs: [(1, true), (2, true), (8, false)]) { "execution blob #\($0) is missing" }
        let report = walk.report
        #expect(report.blobsChecked == 3 && report.interactionsChecked == 2 && report.executionsChecked == 1)
        #expect(report.problems.map { "\($0.kind) \($0.subject): \($0.detail)" } == [
            "corrupt-blob sha256:bad: corrupt cache entry: blob #2 needs blob #2, which is short; it is not served",
            "corrupt-blob k1: its request blob sha256:bad is damaged",
            "missing-blob k2: response blob #9 is missing",
            "missing-blob k2: Unreadable()",
            "corrupt-blob e1: execution blob sha256:bad is damaged",
            "missing-blob e1: execution blob #8 is missing",
        ])
    }
}
