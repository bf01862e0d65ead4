import Recorder
import Replay
import Sandbox

/// The steps every strategy is made of: generating code or tests through a forced tool call (format-checked),
/// the judge, and executions in the sandbox — each one an event of the task.
extension AlignmentLoop {
    /// Asks for a program on the code conversation and checks its form: schema, Python parse, the entry point, and
    /// with `--format-check model` a second model's verdict.
    func generateCode(_ state: inout TaskState, attempt: Int, scope: CallScope) async throws -> Result<String, FormatProblem> {
        var conversation = state.codeConversation
        let arguments = try await ask(&state, &conversation, tool: .writeCode, phase: .code, attempt: attempt,
                                      scope: scope)
        state.codeConversation = conversation
        guard case .success(let value) = arguments, let code = value["code"]?.stringValue else {
            return .failure(arguments.failureValue ?? FormatProblem("no code"))
        }
        let parse = try await execute(&state, .syntax, code: code, tests: [], purpose: .format, attempt: attempt)
        if let problem = parse.tests.first(where: { $0.status != .pass }) {
            return .failure(FormatProblem("the code does not parse as Python: \(problem.message)"))
        }
        if !PythonSource.defines(state.task.entryPoint, in: code) {
            return .failure(FormatProblem("the program does not define `\(state.task.entryPoint)`"))
        }
        if configuration.formatCheck == .model {
            var check = Conversation(system: Prompts.formatSystem, user: Prompts.formatCheck(state.task, code: code))
            var settings = configuration.settings
            settings.model = formatModel ?? settings.model
            let verdict = try await ask(&state, &check, tool: .checkFormat, phase: .formatCheck, attempt: attempt,
                                        scope: scope, settings: settings)
            if case .success(let value) = verdict, value["ok"]?.boolValue == false {
                return .failure(FormatProblem("a format check found: \(value["problem"]?.stringValue ?? "a problem")"))
            }
        }
        return .success(code)
    }

    /// Asks for tests with `tool` on the tests conversation, cuts the suite to its first `cut` tests when given
    /// (`--tests N`), and checks that each parses as Python.
    func generateTests(_ state: inout TaskState, tool: Tool, attempt: Int, scope: CallScope, cut: Int? = nil)
        async throws -> Result<[String], FormatProblem>
    {
        var conversation = state.testsConversation
        let arguments = try await ask(&state, &conversation, tool: tool, phase: .tests, attempt: attempt,
                                      scope: scope)
        state.testsConversation = conversation
        guard case .success(let value) = arguments, var tests = value["tests"]?.arrayValue?.compactMap(\.stringValue) else {
            return .failure(arguments.failureValue ?? FormatProblem("no tests"))
        }
        if let cut { tests = Array(tests.prefix(cut)) }
        let parse = try await execute(&state, .syntax, code: "", tests: tests, purpose: .format, attempt: attempt)
        let broken = parse.tests.filter { $0.index > 0 && $0.status != .pass }
        if !broken.isEmpty {
            let list = broken.map { "test \($0.index) (\($0.message))" }.joined(separator: ", ")
            return .failure(FormatProblem("these tests do not parse as Python: \(list)"))
        }
        return .success(tests)
    }

    /// The judge's verdict on each failing test: is the code or the test wrong.
    func judge(_ state: inout TaskState, code: String, failures: [Prompts.Failure], attempt: Int,
               scope: CallScope) async throws -> Verdicts
    {
        var conversation = Conversation(system: Prompts.judgeSystem, user: Prompts.judge(state.task, code: code, failures: failures))
        let answer = try await ask(&state, &conversation, tool: .judgeFailures, phase: .judge, attempt: attempt,
                                   scope: scope)
        var verdicts = Verdicts()
        // A judge answer that cannot be read blames the code: tests are never dropped on an unreadable verdict.
        guard case .success(let value) = answer else { return verdicts }
        for verdict in value["verdicts"]?.arrayValue ?? [] {
            guard let number = verdict["test"]?.intValue, let wrong = verdict["wrong"]?.stringValue else { continue }
            verdicts.wrong[number] = wrong
            verdicts.reasons[number] = verdict["reason"]?.stringValue
        }
        return verdicts
    }

    /// One model call that must call `tool`: the answer joins the conversation and its arguments are checked.
    func ask(_ state: inout TaskState, _ conversation: inout Conversation, tool: Tool, phase: ModelCallPhase,
             attempt: Int, scope: CallScope, settings: ModelSettings? = nil) async throws -> Result<JSONValue, FormatProblem>
    {
        let settings = settings ?? configuration.settings
        let completion = try await client.complete(client.api.body(for: conversation, tool: tool, settings: settings),
                                                   scope: scope)
        let usage = completion.usage
        state.result.modelCalls += 1
        state.result.inputTokens += usage.input ?? 0
        state.result.outputTokens += usage.output ?? 0
        state.record(ModelCallEvent(phase: phase, key: completion.key.description,
                                    source: completion.source == .live ? .live : .cache, provider: client.provider,
                                    model: settings.model, usage: usage), try: attempt)
        conversation.add(completion.message, fallbackID: "call_\(phase.rawValue)_\(attempt)")
        guard let call = completion.message.toolCalls.first(where: { $0.name == tool.name }) else {
            return .failure(FormatProblem("the answer did not call `\(tool.name)`"))
        }
        return OutputSchema.check(arguments: call.arguments, against: tool.schema)
    }

    /// One execution through the cache, as an `execution` event.
    func execute(_ state: inout TaskState, _ kind: ExecutionRequest.Kind, code: String, tests: [String],
                 purpose: ExecutionPurpose, attempt: Int?) async throws -> ExecutionOutcome
    {
        let execution = try await executor.execute(ExecutionRequest(kind: kind, code: code, tests: tests, limits: configuration.limits))
        state.record(ExecutionEvent(purpose: purpose, key: execution.key.description,
                                    source: execution.source == .live ? .live : .cache,
                                    passed: execution.outcome.passed, total: execution.outcome.tests.count),
                     try: attempt)
        return execution.outcome
    }

    /// The failing tests of an outcome, as feedback.
    func failingTests(_ outcome: ExecutionOutcome, tests: [String]) -> [Prompts.Failure] {
        outcome.tests.filter { $0.status != .pass }.map { test in
            let message = outcome.loadError ?? test.message
            let result = test.status.rawValue + (message.isEmpty ? "" : ": " + String(message.prefix(600)))
            return Prompts.Failure(number: test.index + 1, source: test.index < tests.count ? tests[test.index] : "?",
                                   result: result)
        }
    }
}

/// The judge's verdicts by failing test number: `code` or `test` (a test without a verdict blames the code).
struct Verdicts {
    var wrong: [Int: String] = [:]
    var reasons: [Int: String] = [:]
    subscript(number: Int) -> String? { wrong[number] }
}

extension Result {
    var failureValue: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
