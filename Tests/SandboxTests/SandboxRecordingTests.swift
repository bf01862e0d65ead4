import Foundation
import Recorder
import Replay
@testable import Sandbox
import SandboxWorld
import Testing
import TestSupport

/// Executions through the cache: keyed by runner version + request, replayed without Python.
@Suite struct SandboxRecordingTests {
    let directory = TemporaryDirectory("sandbox-recording")
    static let add = "def add(a, b):\n    return a + b\n"
    static let request = ExecutionRequest(kind: .tests, code: add, tests: ["assert add(1, 2) == 3", "assert add(2, 2) == 5"],
                                          limits: SandboxWorld.limits())

    /// A live executor that answers whatever it was given, and counts its calls.
    final class Scripted: CodeExecutor, @unchecked Sendable {
        let outcome: ExecutionOutcome
        private let lock = NSLock()
        private var count = 0
        init(_ outcome: ExecutionOutcome) { self.outcome = outcome }
        var calls: Int { lock.withLock { count } }
        func execute(_ request: ExecutionRequest) async throws -> Execution {
            lock.withLock { count += 1 }
            return Execution(key: request.key, outcome: outcome, source: .live)
        }
    }

    func sandbox(python: String? = nil) -> Sandbox {
        var protections = SandboxWorld.protections
        if let python { protections.pythonPath = python }
        return Sandbox(protections: protections)
    }

    @Test func recordedExecutionsReplayWithoutPython() async throws {
        let store = try CacheStore(path: directory.path("cache.sqlite"))
        let recorded = try await RecordingExecutor(mode: .record, store: store, live: sandbox()).execute(Self.request)
        #expect(recorded.source == .live)
        #expect(recorded.outcome.tests.map(\.status) == [.pass, .fail])
        let stored = try #require(try store.execution(Self.request.key))
        #expect(stored.runner == "python-harness/3")
        #expect(stored.status == "failed")
        #expect(stored.input == Self.request.canonicalJSON.canonicalBytes)
        #expect(try JSONValue(parsing: stored.result)["python"]?.stringValue == SandboxWorld.protections.pythonVersion)

        let noPython = sandbox(python: directory.path("no-such-python"))
        for mode in [CacheMode.replay, .record] {
            let replayed = try await RecordingExecutor(mode: mode, store: store, live: noPython).execute(Self.request)
            #expect(replayed.source == .cache)
            #expect(replayed.outcome == recorded.outcome)
            #expect(replayed.key == recorded.key)
        }
        // The same sandbox, live, cannot run at all: so the replays above did not touch Python.
        await #expect(throws: SandboxError.pythonUnavailable(directory.path("no-such-python"))) {
            try await noPython.execute(Self.request)
        }
    }

    @Test func aReplayMissSaysWhatToDo() async throws {
        let store = try CacheStore(path: directory.path("cache.sqlite"))
        let executor = try RecordingExecutor(mode: .replay, store: store, live: Scripted(ExecutionOutcome(tests: [])))
        var changed = Self.request
        changed.limits.testTimeoutSeconds = 3
        await #expect {
            try await executor.execute(changed)
        } throws: { error in
            guard let miss = error as? ExecutionReplayMiss else { return false }
            return miss.key == changed.key && miss.testCount == 2
                && "\(miss)".contains("no recorded execution for this code and tests")
                && !"\(miss)".contains("--mode") && "\(miss)".contains("def add(a, b):")
        }
    }

    @Test func refreshReplacesAndOffStoresNothing() async throws {
        let store = try CacheStore(path: directory.path("cache.sqlite"))
        let wrong = ExecutionOutcome(tests: [TestOutcome(index: 0, status: .pass), TestOutcome(index: 1, status: .pass)])
        let scripted = Scripted(wrong)
        _ = try await RecordingExecutor(mode: .record, store: store, live: scripted).execute(Self.request)
        #expect(try await RecordingExecutor(mode: .record, store: store, live: scripted).execute(Self.request).outcome == wrong)
        #expect(scripted.calls == 1)

        let refreshed = try await RecordingExecutor(mode: .refresh, store: store, live: sandbox()).execute(Self.request)
        #expect(refreshed.source == .live)
        #expect(refreshed.outcome.tests.map(\.status) == [.pass, .fail])
        let replayed = try await RecordingExecutor(mode: .replay, store: store, live: scripted).execute(Self.request)
        #expect(replayed.outcome == refreshed.outcome)
        #expect(try store.execution(Self.request.key)?.status == "failed")

        var other = Self.request
        other.code += "\n# off\n"
        let off = try RecordingExecutor(mode: .off, store: nil, live: scripted)
        #expect(try await off.execute(other).source == .live)
        #expect(try store.execution(other.key) == nil)
        #expect(throws: CacheError.self) { try RecordingExecutor(mode: .replay, store: nil, live: scripted) }
    }

    @Test func reexecuteReportsDifferences() async throws {
        let store = try CacheStore(path: directory.path("cache.sqlite"))
        let claimed = ExecutionOutcome(tests: [TestOutcome(index: 0, status: .pass), TestOutcome(index: 1, status: .pass)])
        _ = try await RecordingExecutor(mode: .record, store: store, live: Scripted(claimed)).execute(Self.request)
        let same = Self.request.code + "\n"
        _ = try await RecordingExecutor(mode: .record, store: store, live: sandbox())
            .execute(ExecutionRequest(kind: .tests, code: same, tests: Self.request.tests, limits: Self.request.limits))

        let checker = try RecordingExecutor(mode: .replay, store: store, live: sandbox(), reexecute: true)
        let served = try await checker.execute(Self.request)
        _ = try await checker.execute(ExecutionRequest(kind: .tests, code: same, tests: Self.request.tests,
                                                       limits: Self.request.limits))
        #expect(served.source == .cache)
        #expect(served.outcome == claimed)
        #expect(checker.differences.count == 1)
        let difference = try #require(checker.differences.first)
        #expect(difference.key == Self.request.key)
        #expect(difference.stored == claimed)
        #expect(difference.current.tests.map(\.status) == [.pass, .fail])
    }

    @Test func theKeyCoversRunnerKindCodeTestsAndLimits() {
        let base = Self.request
        #expect(base.canonicalJSON["runner"] == .string(PythonHarness.version))
        var variants = [base]
        var kind = base; kind.kind = .syntax; variants.append(kind)
        var code = base; code.code += " "; variants.append(code)
        var tests = base; tests.tests.append("assert True"); variants.append(tests)
        var limits = base; limits.limits.processes += 1; variants.append(limits)
        #expect(Set(variants.map(\.key)).count == variants.count)
        #expect(base.key == CacheKey(hashing: base.canonicalJSON.canonicalBytes))
    }

    /// Editing the harness changes outcomes: this pin fails until `PythonHarness.version` is bumped with it.
    @Test func theHarnessSourceIsPinnedToItsVersion() {
        // The harness and, from version 3 on, the program's own process that it starts (the earlier pins are of the
        // harness alone).
        let digest = CacheKey(hashing: Array((PythonHarness.source + PythonHarness.programSource).utf8)).hex
        let pinned: [String: String] = [
            "python-harness/1": "1125f6561ceb862206856a5ba51ec21b2c6025c56c2b027944668e487f6a7d66",
            "python-harness/2": "faf00586de1fb452db44cea9b9a3e9697dad997937c65cfb36eb87cd2e48ee53",
            "python-harness/3": "f01d51843f4c0899a3f205edf43d63783722c5acf4f14ac15bc037bd6409854f",
        ]
        #expect(pinned[PythonHarness.version] == digest,
                "the harness changed: bump PythonHarness.version and pin \(digest) for it")
    }
}
