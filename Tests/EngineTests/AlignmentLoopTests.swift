@testable import Engine
import Foundation
import Recorder
import Replay
import Sandbox
import Testing
import TestSupport

/// The loop end to end: a scripted model, the real sandbox, a real cache.
@Suite struct AlignmentLoopTests {
    let directory = TemporaryDirectory("loop")

    private func loop(_ model: ScriptedModel, mode: CacheMode = .record, judge: Bool = true, strategy: LoopConfiguration.Strategy = .selfAlign,
                      tries: Int = 5, minTests: Int = 5, formatCheck: LoopConfiguration.FormatCheck = .local,
                      cache: String = "cache.sqlite") throws -> AlignmentLoop
    {
        let store = try CacheStore(path: directory.path(cache))
        let transport = try RecordingTransport(mode: mode, store: store, upstream: model)
        let client = ChatClient(api: .openAI(provider: "scripted"), transport: transport, baseURL: "http://scripted")
        let executor = try RecordingExecutor(mode: mode, store: store, live: Sandbox())
        let limits = SandboxLimits(testTimeoutSeconds: 2, executionTimeoutSeconds: 20)
        return AlignmentLoop(client: client, executor: executor,
                             configuration: LoopConfiguration(strategy: strategy, tries: tries, minTests: minTests, judge: judge,
                                                              formatCheck: formatCheck, settings: ModelSettings(model: "scripted"), limits: limits))
    }

    @Test func judgedCodeFailureRegeneratesCodeAndAligns() async throws {
        let model = ScriptedModel { tool, previous, _ in
            switch tool {
            case "write_code": ["code": .string(previous == 0 ? wrongAbs : rightAbs)]
            case "write_tests": ["tests": .array(goodAbsTests.map(JSONValue.string))]
            case "judge_failures": ["verdicts": [["test": 1, "wrong": "code", "reason": "negative input"],
                                                 ["test": 4, "wrong": "code", "reason": "negative input"]]]
            default: nil
            }
        }
        let run = try await loop(model).run(absTask, index: 0, scope: CallScope("t"))
        #expect(run.result.aligned && run.result.alignedAtTry == 2 && run.result.correct)
        #expect(run.result.correctByTry == [false, true, true, true, true])
        #expect(run.result.validTests == 5 && run.result.totalTests == 5)
        #expect(run.result.tries == 2)
        #expect(run.events.filter { $0.kind == .modelCall }.compactMap { $0.payload["phase"]?.stringValue } == ["code", "tests", "judge", "code"])
        // The second code request carries the failing tests as feedback on its tool call.
        let codeRequests = model.requests.filter { $0["tool_choice"]?["function"]?["name"] == "write_code" }
        let feedback = codeRequests[1]["messages"]?.arrayValue?.last
        #expect(feedback?["role"] == "tool")
        #expect(feedback?["content"]?.stringValue?.contains("assert absolute(-1) == 1") == true)
        // Nothing the model saw holds the hidden tests or the reference solution.
        for request in model.requests {
            let text = request.canonicalString
            #expect(!text.contains("absolute(-3) == 3"))
            #expect(!text.contains("-x if x < 0 else x"))
        }
    }

    @Test func judgedTestFailureRewritesOnlyThatTestAndKeepsTheSuiteSize() async throws {
        let model = ScriptedModel { tool, previous, body in
            switch tool {
            case "write_code": return ["code": .string(rightAbs)]
            case "write_tests":
                if previous == 0 {
                    var tests = goodAbsTests
                    tests[2] = "assert absolute(0) == 1"
                    return ["tests": .array(tests.map(JSONValue.string))]
                }
                // The rewrite request asks for exactly one test.
                return body["tools"]?.arrayValue?.first?["function"]?["parameters"]?["properties"]?["tests"]?["maxItems"] == 1
                    ? ["tests": ["assert absolute(-5) == 5"]] : ["tests": []]
            case "judge_failures": return ["verdicts": [["test": 3, "wrong": "test", "reason": "abs(0) is 0"]]]
            default: return nil
            }
        }
        let run = try await loop(model).run(absTask, index: 0, scope: CallScope("t"))
        #expect(run.result.aligned && run.result.alignedAtTry == 2)
        #expect(run.result.finalTests.count == 5)
        #expect(run.result.finalTests[2] == "assert absolute(-5) == 5")
        #expect(run.result.finalTests[0] == goodAbsTests[0])
        #expect(run.events.filter { $0.kind == .modelCall }.compactMap { $0.payload["phase"]?.stringValue } == ["code", "tests", "judge", "tests"])
    }

    @Test func formatFailuresAreFedBackAndCostATry() async throws {
        let model = ScriptedModel { tool, previous, _ in
            switch tool {
            case "write_code":
                switch previous {
                case 0: return nil                                        // text instead of a tool call
                case 1: return ["code": "def absolute(x):\n    return x if x >= 0 else\n"]  // does not parse
                default: return ["code": .string(rightAbs)]
                }
            case "write_tests":
                return previous == 0 ? ["tests": ["assert absolute(1) == 1"]] : ["tests": .array(goodAbsTests.map(JSONValue.string))]
            default: return nil
            }
        }
        let run = try await loop(model).run(absTask, index: 0, scope: CallScope("t"))
        #expect(run.result.aligned && run.result.alignedAtTry == 3 && run.result.correct)
        let tries = run.events.filter { $0.kind == .tryResult }
        #expect(tries.count == 3)
        #expect(tries[0].payload["format_error"]?.stringValue?.contains("did not call `write_code`") == true)
        #expect(tries[0].payload["format_error"]?.stringValue?.contains("at least 5 are required") == true)
        #expect(tries[1].payload["format_error"]?.stringValue?.contains("does not parse as Python") == true)
        let lastCode = model.requests.last { $0["tool_choice"]?["function"]?["name"] == "write_code" }
        #expect(lastCode?["messages"]?.arrayValue?.last?["content"]?.stringValue?.contains("does not parse") == true)
    }

    @Test func aSecondModelsFormatCheckCanRejectAProgram() async throws {
        let model = ScriptedModel { tool, previous, body in
            switch tool {
            case "write_code": return ["code": .string(previous == 0 ? rightAbs + "print(absolute(-1))\n" : rightAbs)]
            case "write_tests": return ["tests": .array(goodAbsTests.map(JSONValue.string))]
            case "check_format":
                let program = body["messages"]?.arrayValue?.last?["content"]?.stringValue ?? ""
                return program.contains("print(") ? ["ok": false, "problem": "it prints when imported"] : ["ok": true, "problem": ""]
            default: return nil
            }
        }
        let run = try await loop(model, formatCheck: .model).run(absTask, index: 0, scope: CallScope("t"))
        #expect(run.result.aligned && run.result.alignedAtTry == 2)
        #expect(run.events.filter { $0.kind == .modelCall }.compactMap { $0.payload["phase"]?.stringValue }
            == ["code", "format_check", "tests", "code", "format_check"])
        #expect(run.events.first { $0.kind == .tryResult }?.payload["format_error"]?.stringValue?.contains("it prints when imported") == true)
    }

    @Test func wrongCodeWithAgreeingWrongTestsIsFalseAlignment() async throws {
        let model = ScriptedModel { tool, _, _ in
            switch tool {
            case "write_code": ["code": .string(wrongAbs)]
            case "write_tests": ["tests": ["assert absolute(1) == 1", "assert absolute(2) == 2", "assert absolute(-1) == -1",
                                           "assert absolute(0) == 0", "assert absolute(-2) == -2"]]
            default: nil
            }
        }
        let run = try await loop(model, judge: false).run(absTask, index: 0, scope: CallScope("t"))
        #expect(run.result.aligned && run.result.alignedAtTry == 1)
        #expect(!run.result.correct && run.result.falseAlignment)
        #expect(run.result.validTests == 3 && run.result.totalTests == 5)
    }

    @Test func directStrategyIsOneCodeGeneration() async throws {
        let model = ScriptedModel { tool, _, _ in tool == "write_code" ? ["code": .string(rightAbs)] : nil }
        let run = try await loop(model, strategy: .direct).run(absTask, index: 0, scope: CallScope("t"))
        #expect(model.requests.count == 1)
        #expect(run.result.correct && !run.result.aligned && run.result.correctByTry == [true])
        #expect(run.result.totalTests == 0)
    }

    @Test func judgeOffRegeneratesBothAndRunsOutOfTries() async throws {
        let model = ScriptedModel { tool, _, _ in
            switch tool {
            case "write_code": ["code": .string(wrongAbs)]
            case "write_tests": ["tests": .array(goodAbsTests.map(JSONValue.string))]
            default: nil
            }
        }
        let run = try await loop(model, judge: false, tries: 3).run(absTask, index: 0, scope: CallScope("t"))
        #expect(!run.result.aligned && !run.result.correct && run.result.tries == 3)
        #expect(run.events.filter { $0.kind == .modelCall }.count == 6)
        #expect(run.result.correctByTry == [false, false, false])
        let testRequests = model.requests.filter { $0["tool_choice"]?["function"]?["name"] == "write_tests" }
        #expect(testRequests[1]["messages"]?.arrayValue?.last?["content"]?.stringValue?.contains("submit the whole suite again") == true)
    }
}
