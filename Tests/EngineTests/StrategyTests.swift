@testable import Engine
import Foundation
import Recorder
import Replay
import Sandbox
import Testing
import TestSupport

/// The strategies other than the loop, end to end: a scripted model answering by sample index, the real sandbox,
/// a real cache.
@Suite struct StrategyTests {
    let directory = TemporaryDirectory("strategies")

    private func loop(_ model: ScriptedModel, _ configure: (inout LoopConfiguration) -> Void, mode: CacheMode = .record)
        throws -> AlignmentLoop
    {
        let store = try CacheStore(path: directory.path("cache.sqlite"))
        let transport = try RecordingTransport(mode: mode, store: store, upstream: model)
        let client = ChatClient(api: .openAI(provider: "scripted"), transport: transport, baseURL: "http://scripted")
        let executor = try RecordingExecutor(mode: mode, store: store, live: Sandbox())
        var configuration = LoopConfiguration(settings: ModelSettings(model: "scripted"),
                                              limits: SandboxLimits(testTimeoutSeconds: 2, executionTimeoutSeconds: 20))
        configure(&configuration)
        return AlignmentLoop(client: client, executor: executor, configuration: configuration)
    }

    static let returnsNegated = "def absolute(x):\n    return -x\n"

    /// Five programs (right ones at samples 1, 2 and 4) and three suites, one with a wrong test.
    static let codetModel = ScriptedModel(bySample: { tool, sample in
        switch tool {
        case "write_code":
            return ["code": .string([wrongAbs, rightAbs, rightAbs, returnsNegated, rightAbs][sample])]
        case "write_tests":
            let suites = [["assert absolute(1) == 1", "assert absolute(-1) == 1"],
                          ["assert absolute(-2) == 2", "assert absolute(0) == 0"],
                          ["assert absolute(5) == 5", "assert absolute(-3) == -3", "assert absolute(1) == 1"]]
            return ["tests": .array(suites[sample].map(JSONValue.string))]
        default: return nil
        }
    })

    @Test func codetPicksTheProgramOfTheBestAgreeingGroup() async throws {
        let model = Self.codetModel
        let run = try await loop(model) {
            $0.strategy = .codet
            $0.samples = 5
            $0.testSamples = 3
            $0.minTests = 2
        }.run(absTask, index: 0, scope: CallScope("t"))
        // Pool: 6 distinct tests (the repeated `absolute(1) == 1` once). The three right programs pass the 5 right
        // tests: 3 × 5 = 15; `return x` passes 1, 0, 5 and the wrong -3 test: 1 × 4; `return -x` 1 × 3.
        #expect(run.result.finalTests.count == 6)
        #expect(run.result.finalCode == rightAbs && run.result.correct)
        #expect(!run.result.aligned)              // the chosen program fails the wrong test
        #expect(run.result.samples == 5 && run.result.samplesCorrect == 3)
        #expect(run.result.validTests == 5 && run.result.totalTests == 6)
        let agreements = try run.events.compactMap { try $0.read(ExecutionEvent.self) }.filter { $0.purpose == .agreement }
        #expect(agreements.map(\.passed) == [4, 5, 5, 3, 5])
        // The five code requests are identical: sample indexes 0…4 in the cache, and a replay gives the same.
        let calls = try run.events.compactMap { try $0.read(ModelCallEvent.self) }
        #expect(calls.filter { $0.phase == .code }.count == 5 && calls.filter { $0.phase == .tests }.count == 3)
        let replayed = try await loop(model, {
            $0.strategy = .codet
            $0.samples = 5
            $0.testSamples = 3
            $0.minTests = 2
        }, mode: .replay).run(absTask, index: 0, scope: CallScope("t"))
        #expect(replayed.result == run.result)
    }

    @Test func codetCutsThePoolToTests() async throws {
        let run = try await loop(Self.codetModel) {
            $0.strategy = .codet
            $0.samples = 5
            $0.testSamples = 3
            $0.minTests = 2
            $0.tests = 2
        }.run(absTask, index: 0, scope: CallScope("t"))
        #expect(run.result.finalTests == ["assert absolute(1) == 1", "assert absolute(-1) == 1"])
        // The right programs pass both tests (3 × 2); `return x` and `return -x` pass one each (1 × 1).
        #expect(run.result.finalCode == rightAbs && run.result.aligned && run.result.correct)
    }

    @Test func sampleScoresEveryProgramForPassAtK() async throws {
        let run = try await loop(Self.codetModel) {
            $0.strategy = .sample
            $0.samples = 5
        }.run(absTask, index: 0, scope: CallScope("t"))
        #expect(run.result.samples == 5 && run.result.samplesCorrect == 3)
        #expect(run.result.finalCode == wrongAbs && !run.result.correct)   // the first sample is the task's program
        let summary = RunSummary(loop: LoopConfiguration(strategy: .sample, settings: ModelSettings(model: "m")),
                                 results: [run.result])
        // n = 5, c = 3: pass@1 = 3/5; pass@5 = 1 − C(2, 5)/C(5, 5) = 1 (fewer than 5 wrong ones).
        #expect(summary.passAtK == [1: 0.6, 5: 1])
    }

    @Test func aRepeatNumbersItsCallsApart() async throws {
        let model = Self.codetModel
        let direct = try loop(model) { $0.strategy = .direct }
        let first = try await direct.run(absTask, index: 0, scope: CallScope("t"))
        let second = try await direct.run(absTask, index: 0, scope: CallScope("t", firstSampleIndex: 1))
        #expect(first.result.finalCode == wrongAbs && second.result.finalCode == rightAbs)
        let again = try await direct.run(absTask, index: 0, scope: CallScope("t", firstSampleIndex: 1))
        #expect(try again.events.compactMap { try $0.read(ModelCallEvent.self) }.allSatisfy { $0.source == .cache })
        #expect(again.result == second.result)
    }

    @Test func selfAlignCutsAFreshSuiteToTests() async throws {
        let model = ScriptedModel { tool, _, _ in
            switch tool {
            case "write_code": ["code": .string(rightAbs)]
            case "write_tests": ["tests": .array(goodAbsTests.map(JSONValue.string))]
            default: nil
            }
        }
        let run = try await loop(model) {
            $0.tests = 3
            $0.judge = false
        }.run(absTask, index: 0, scope: CallScope("t"))
        #expect(run.result.aligned && run.result.finalTests == Array(goodAbsTests.prefix(3)))
        // The model was asked for at least 3.
        let testsRequest = try #require(model.requests.first { $0["tool_choice"]?["function"]?["name"] == "write_tests" })
        #expect(testsRequest["tools"]?.arrayValue?.first?["function"]?["parameters"]?["properties"]?["tests"]?["minItems"] == 3)
    }
}
