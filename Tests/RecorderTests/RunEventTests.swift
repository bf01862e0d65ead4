@testable import Recorder
import Testing

/// The typed run events: the JSON each writes is the JSON runs stored before they existed (so stored runs replay),
/// and reading checks the kind and the shape.
@Suite struct RunEventTests {
    @Test func payloadsWriteTheStoredJSON() {
        #expect(TryResultEvent(aligned: false, formatError: "code: no code").json.canonicalString
            == #"{"aligned":false,"format_error":"code: no code"}"#)
        #expect(TryResultEvent(aligned: false).json.canonicalString == #"{"aligned":false,"format_error":null}"#)
        #expect(TryResultEvent(aligned: true, passed: 3, total: 3, blamedCode: 0, blamedTests: 0).json.canonicalString
            == #"{"aligned":true,"blamed_code":0,"blamed_tests":0,"format_error":null,"passed":3,"total":3}"#)
        #expect(ExecutionEvent(purpose: .ownTests, key: "sha256:ab", source: .cache, passed: 2, total: 3).json.canonicalString
            == #"{"key":"sha256:ab","passed":2,"purpose":"own_tests","source":"cache","total":3}"#)
        #expect(ModelCallEvent(phase: .code, key: "sha256:cd", source: .live, provider: "openai", model: "m",
                               usage: TokenUsage(input: 10, output: 2)).json.canonicalString
            == #"{"key":"sha256:cd","model":"m","phase":"code","provider":"openai","source":"live","usage":{"cache_write":null,"cached_input":null,"input":10,"output":2,"reasoning":null}}"#)
        var result = TaskResult(taskID: "HumanEval/0")
        result.correctByTry = [false]
        #expect(result.json.canonicalString == #"{"aligned":false,"aligned_at_try":null,"correct":false,"correct_by_try":[false],"error":null,"false_alignment":false,"final_code":null,"final_tests":[],"model_calls":0,"task":"HumanEval/0","tokens":{"input":0,"output":0},"total_tests":0,"tries":0,"valid_tests":0}"#)
        result.samples = 5
        result.samplesCorrect = 2
        #expect(result.json["samples"] == 5 && result.json["samples_correct"] == 2)
    }

    @Test func readingChecksKindAndShape() throws {
        let call = ModelCallEvent(phase: .tests, key: "sha256:ef", source: .cache, provider: "log", model: "log/x",
                                  usage: TokenUsage(input: 1))
        let event = RunEvent(sequence: 1, taskID: "t", tryNumber: 2, call)
        #expect(event.kind == .modelCall)
        #expect(try event.read(ModelCallEvent.self) == call)
        #expect(try event.read(ExecutionEvent.self) == nil)
        let broken = RunEvent(sequence: 2, kind: .modelCall, payload: ["phase": "code"])
        #expect(throws: RunEventError.self) { try broken.read(ModelCallEvent.self) }
        // A result stored before sample counts existed reads with none.
        let legacy: JSONValue = ["task": "HumanEval/1", "aligned": true, "aligned_at_try": 2, "correct": true,
                                 "tokens": ["input": 5, "output": 6], "final_code": .null]
        let result = try TaskResult(json: legacy)
        #expect(result.aligned && result.alignedAtTry == 2 && result.inputTokens == 5 && result.samples == nil)
    }

    /// The stored words are read back as written, known or not: a newer or older cache's spellings are kept.
    @Test func storedWordsKeepTheirSpelling() throws {
        #expect(ModelCallPhase.known.map(\.rawValue) == ["code", "tests", "judge", "format_check", "proxy"])
        #expect(ExecutionPurpose.known.map(\.rawValue) == ["format", "own_tests", "hidden_tests", "validity", "agreement"])
        #expect(RunStatus.known.map(\.rawValue) == ["running", "finished", "failed", "proxy"])
        #expect(RunEventKind.known.map(\.rawValue) == ["model_call", "execution", "try_result", "task_result"])
        #expect(ModelCallPhase(rawValue: "format_check") == .formatCheck)
        #expect(ModelCallPhase.other("judge") == .judge && Set([ModelCallPhase.judge, .other("judge")]).count == 1)
        let newer: JSONValue = ["phase": "repair", "key": "sha256:ef", "source": "live", "provider": "openai",
                                "model": "m", "usage": ["input": 1]]
        let call = try #require(try RunEvent(sequence: 0, kind: .modelCall, payload: newer).read(ModelCallEvent.self))
        #expect(call.phase == .other("repair") && call.phase.rawValue == "repair")
        #expect(call.json["phase"] == "repair")
        let execution = try ExecutionEvent(json: ["purpose": "mutation", "key": "sha256:ab", "source": "cache",
                                                  "passed": 1, "total": 2])
        #expect(execution.purpose == .other("mutation") && !execution.purpose.isScoring)
        #expect(execution.json.canonicalString.contains(#""purpose":"mutation""#))
        #expect(RunStatus(rawValue: "paused") == .other("paused") && RunStatus(rawValue: "finished") == .finished)
        // An event of a kind this version does not know is kept and read by no payload type.
        let unknown = RunEvent(sequence: 1, kind: RunEventKind(rawValue: "checkpoint"), payload: ["at": 3])
        #expect(unknown.kind == .other("checkpoint") && unknown.kind.rawValue == "checkpoint")
        #expect(try unknown.read(ModelCallEvent.self) == nil)
        #expect(try unknown.read(TaskResult.self) == nil)
    }
}
