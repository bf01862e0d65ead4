@testable import Engine
@testable import Recorder
@testable import Sandbox
import Testing

/// Library errors say what went wrong and never what to type: `align` adds its commands and flags (ExitStatus).
@Suite struct ErrorTextTests {
    static func expectNoCLIAdvice(_ error: any Error, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = "\(error)"
        #expect(!text.contains("align ") && !text.contains("--"), "\(text)", sourceLocation: sourceLocation)
    }

    @Test func recorderErrorsNameNoCommand() {
        Self.expectNoCLIAdvice(CacheError.corruptBlob(owner: "interaction sha256:ab", blob: "sha256:cd", reason: "is damaged"))
        Self.expectNoCLIAdvice(CacheError.notFound(what: "run r1"))
        Self.expectNoCLIAdvice(KeyFormatError(text: "zz"))
        Self.expectNoCLIAdvice(CostAuditError.unknownRun(id: "r1", available: []))
        #expect("\(CostAuditError.unknownRun(id: "r1", available: []))" == "no run 'r1' in this cache: it holds no runs")
    }

    @Test func engineErrorsNameNoCommand() throws {
        let key = try CacheKey(parsing: "sha256:" + String(repeating: "0", count: 64))
        Self.expectNoCLIAdvice(ExecutionReplayMiss(key: key, kind: .tests, testCount: 2, codeFirstLine: "def f():"))
        Self.expectNoCLIAdvice(SandboxError.pythonUnavailable("/no/python3"))
        Self.expectNoCLIAdvice(SandboxError.harnessFailed(status: 1, stderr: "boom"))
        #expect(throws: RunConfigurationError.self) { try RunShard.parse("0/4") }
        do { _ = try RunShard.parse("5/4") } catch { Self.expectNoCLIAdvice(error) }
        var plus = TaskFileError(path: "p.jsonl", line: 1, reason: "no 'test' member")
        plus.problem = .evalPlusWithoutTests
        Self.expectNoCLIAdvice(plus)
    }
}
