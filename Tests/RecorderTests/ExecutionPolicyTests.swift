import Foundation
import Recorder
import Testing
import TestSupport

/// Executions under a conflict policy: first write wins, `.replace` overwrites (the refresh mode).
struct ExecutionPolicyTests {
    let directory = TemporaryDirectory("execution-policy")

    func record(_ result: String, key: CacheKey) -> ExecutionRecord {
        ExecutionRecord(key: key, runner: "python-harness/1", input: Array("request".utf8),
                        result: Array(result.utf8), status: result, durationMilliseconds: 7)
    }

    @Test func replaceOverwritesAndKeepExistingKeeps() throws {
        let store = try CacheStore(path: directory.path("cache.sqlite"))
        let key = CacheKey(hashing: Array("execution".utf8))
        #expect(try store.recordExecution(record("passed", key: key), policy: .keepExisting) == .inserted)
        #expect(try store.recordExecution(record("failed", key: key), policy: .keepExisting) == .alreadyPresent)
        #expect(try store.execution(key)?.status == "passed")
        #expect(try store.recordExecution(record("failed", key: key), policy: .replace) == .replaced)
        let stored = try #require(try store.execution(key))
        #expect(stored.status == "failed")
        #expect(stored.result == Array("failed".utf8))
        // The replaced result blob is an orphan that prune removes; the new one survives it.
        let pruned = try store.prune(InteractionFilter())
        #expect(pruned.blobsRemoved == 1)
        #expect(try store.execution(key)?.result == Array("failed".utf8))
        #expect(try store.verify().problems.isEmpty)
    }
}
