@testable import Engine
import Foundation
import Recorder
import Replay
import Sandbox
import Testing
import TestSupport

/// A run on the published-log provider, recorded, then replayed offline with other concurrency: identical.
@Suite struct ExperimentTests {
    let directory = TemporaryDirectory("experiment")

    private func experiment(mode: CacheMode, logPath: String, jobs: Int, temperature: Double = 0,
                            sandbox: any CodeExecutor = Sandbox()) throws -> Experiment
    {
        let store = try CacheStore(path: directory.path("cache.sqlite"))
        let transport = try RecordingTransport(mode: mode, store: store, upstream: LogUpstream(path: logPath, model: "log/agentcoder"))
        let client = ChatClient(api: .openAI(provider: "log"), transport: transport, baseURL: "log://agentcoder")
        let configuration = LoopConfiguration(strategy: .selfAlign, tries: 5, minTests: 3, judge: false,
                                              settings: ModelSettings(model: "log/agentcoder", temperature: temperature),
                                              limits: SandboxLimits(testTimeoutSeconds: 3))
        let loop = AlignmentLoop(client: client, executor: try RecordingExecutor(mode: mode, store: store, live: sandbox),
                                 configuration: configuration)
        let tasks = try TaskLoader.load(path: fixturePath("tasks/humaneval-10.jsonl"), limit: 6)
        return Experiment(loop: loop, tasks: tasks, jobs: jobs)
    }

    @Test func recordedRunReplaysIdenticallyOfflineWithOtherConcurrency() async throws {
        let log = fixturePath("tasks/agentcoder-humaneval-10.json.gz")
        let recorded = try await experiment(mode: .record, logPath: log, jobs: 3).run()
        #expect(recorded.map(\.result.taskID) == (0..<6).map { "HumanEval/\($0)" })
        #expect(recorded.allSatisfy { $0.result.error == nil })
        #expect(recorded.contains { $0.result.aligned })
        #expect(recorded.allSatisfy { $0.result.totalTests >= 3 })
        let liveCalls = recorded.flatMap(\.events).filter { $0.kind == .modelCall }
        #expect(liveCalls.allSatisfy { $0.payload["source"] == "live" })

        // Offline: the log file is gone and the sandbox could not run anything; one task at a time.
        let replayed = try await experiment(mode: .replay, logPath: directory.path("no-such-log.json"), jobs: 1,
                                            sandbox: Unrunnable()).run()
        #expect(replayed.map(\.result) == recorded.map(\.result))
        #expect(replayed.flatMap(\.events).filter { $0.kind == .modelCall }.allSatisfy { $0.payload["source"] == "cache" })
        var stored: [RunEvent] = []
        for run in recorded { stored += run.runEvents(after: stored.count) }
        #expect(RunComparison.firstDivergence(stored: stored, replayed: replayed, taskOrder: replayed.map(\.result.taskID)) == nil)

        // A changed setting is a clear replay miss, not a silent new answer.
        await #expect(throws: ReplayMiss.self) {
            _ = try await experiment(mode: .replay, logPath: log, jobs: 1, temperature: 0.5, sandbox: Unrunnable()).run()
        }
        // And a changed stored result is found as a divergence.
        var altered = stored
        if let index = altered.firstIndex(where: { $0.kind == .taskResult }) {
            altered[index].payload = ["task": altered[index].payload["task"]!, "aligned": true]
        }
        #expect(RunComparison.firstDivergence(stored: altered, replayed: replayed, taskOrder: replayed.map(\.result.taskID)) != nil)
    }
}

/// An executor that fails: proves a replay runs no code.
struct Unrunnable: CodeExecutor {
    struct Refused: Error {}
    func execute(_ request: ExecutionRequest) async throws -> Execution { throw Refused() }
}
