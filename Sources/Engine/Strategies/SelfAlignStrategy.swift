import Recorder
import Replay
import Sandbox

/// `self-align`: code and tests generated separately, run against each other, and regenerated until every test
/// passes or the try budget is spent. With the judge on, a judge call blames code or tests for each failure and
/// only what it blames is regenerated; with it off (the original experiment) both are.
struct SelfAlignStrategy: TaskStrategy {
    func generate(_ state: inout TaskState, loop: AlignmentLoop, scope: CallScope) async throws {
        let configuration = loop.configuration
        let tries = configuration.budget
        var needCode = true
        var needTests = true
        var blamed: [Int] = []
        for attempt in 1...tries {
            state.result.tries = attempt
            var problems: [String] = []
            if needCode {
                switch try await loop.generateCode(&state, attempt: attempt, scope: scope) {
                case .success(let code):
                    state.code = code
                    needCode = false
                case .failure(let problem):
                    problems.append("code: \(problem)")
                    state.codeConversation.answer(Prompts.formatProblem(problem.description, tool: Tool.writeCode.name))
                }
            }
            if needTests {
                let tool = blamed.isEmpty ? Tool.writeTests(minimum: configuration.testMinimum)
                    : Tool.rewriteTests(count: blamed.count)
                switch try await loop.generateTests(&state, tool: tool, attempt: attempt, scope: scope,
                                                    cut: blamed.isEmpty ? configuration.tests : nil) {
                case .success(let tests):
                    if blamed.isEmpty {
                        state.tests = tests
                    } else {
                        for (position, index) in blamed.enumerated() { state.tests[index] = tests[position] }
                    }
                    needTests = false
                    blamed = []
                case .failure(let problem):
                    problems.append("tests: \(problem)")
                    state.testsConversation.answer(Prompts.formatProblem(problem.description, tool: tool.name))
                }
            }
            state.codeByTry.append(state.code)
            guard problems.isEmpty, let code = state.code else {
                state.record(TryResultEvent(aligned: false, formatError: problems.joined(separator: "; ")), try: attempt)
                continue
            }
            let outcome = try await loop.execute(&state, .tests, code: state.task.runnable(code), tests: state.tests,
                                                 purpose: .ownTests, attempt: attempt)
            let failures = loop.failingTests(outcome, tests: state.tests)
            if outcome.allPassed {
                state.result.aligned = true
                state.result.alignedAtTry = attempt
                state.record(Self.tryResult(outcome, aligned: true), try: attempt)
                return
            }
            if attempt == tries {
                state.record(Self.tryResult(outcome, aligned: false), try: attempt)
                return
            }
            if configuration.judge {
                let verdicts = try await loop.judge(&state, code: code, failures: failures, attempt: attempt, scope: scope)
                let codeBlamed = failures.filter { verdicts[$0.number] != "test" }
                let testBlamed = failures.filter { verdicts[$0.number] == "test" }.map { failure in
                    var failure = failure
                    failure.reason = verdicts.reasons[failure.number]
                    return failure
                }
                if !codeBlamed.isEmpty {
                    needCode = true
                    state.codeConversation.answer(Prompts.codeFailures(codeBlamed))
                }
                if !testBlamed.isEmpty {
                    needTests = true
                    blamed = testBlamed.map { $0.number - 1 }
                    state.testsConversation.answer(Prompts.wrongTests(testBlamed))
                }
                state.record(Self.tryResult(outcome, aligned: false, blamedCode: codeBlamed.count,
                                            blamedTests: testBlamed.count), try: attempt)
            } else {
                needCode = true
                needTests = true
                state.codeConversation.answer(Prompts.codeFailures(failures))
                state.testsConversation.answer(Prompts.testFailures(failures, minimum: configuration.testMinimum))
                state.record(Self.tryResult(outcome, aligned: false, blamedCode: failures.count,
                                            blamedTests: failures.count), try: attempt)
            }
        }
    }

    static func tryResult(_ outcome: ExecutionOutcome, aligned: Bool, blamedCode: Int = 0, blamedTests: Int = 0)
        -> TryResultEvent
    {
        TryResultEvent(aligned: aligned, passed: outcome.passed, total: outcome.tests.count, blamedCode: blamedCode,
                       blamedTests: blamedTests)
    }
}
