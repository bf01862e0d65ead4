import Recorder
import Replay

/// The self-aligning loop for one task: code and tests generated separately, run against each other in the
/// sandbox, and regenerated until every test passes or the try budget is spent; then scored on the hidden tests.
public struct AlignmentLoop: Sendable {
    /// Where model calls go (through the cache).
    public let client: ChatClient
    /// The model of `--format-check model` (default: the loop's model).
    public let formatModel: String?
    /// Where code runs (through the cache).
    public let executor: any CodeExecutor
    /// The configuration.
    public let configuration: LoopConfiguration

    /// Builds a loop.
    public init(client: ChatClient, executor: any CodeExecutor, configuration: LoopConfiguration,
                formatModel: String? = nil)
    {
        self.client = client
        self.executor = executor
        self.configuration = configuration
        self.formatModel = formatModel
    }

    /// Runs the loop on `task`; model calls are numbered in `scope` (one per task, so `--jobs N` replays the same).
    /// - Throws: `ReplayMiss`, `CacheError`, a sandbox failure, an unreachable provider or a rejected key, which stop
    ///   the run; a provider's refusal of one request (any other `UpstreamFailure`) ends only this task, recorded in
    ///   its result.
    public func run(_ task: CodingTask, index: Int, scope: CallScope) async throws -> TaskRun {
        var state = TaskState(task: task, configuration: configuration)
        do {
            try await generateAndAlign(&state, scope: scope)
        } catch let failure as UpstreamFailure where ![0, 401, 403].contains(failure.status) {
            // A refusal of this task's request ends the task; an unreachable provider or a rejected key (status 0,
            // 401, 403) would fail every task alike, so it stops the run instead.
            state.result.error = failure.description
        }
        try await evaluate(&state)
        state.events.append(LoopEvent(kind: "task_result", tryNumber: nil, payload: state.result.json))
        return TaskRun(index: index, result: state.result, events: state.events)
    }

    // MARK: The loop

    private func generateAndAlign(_ state: inout TaskState, scope: CallScope) async throws {
        let selfAlign = configuration.strategy == .selfAlign
        let tries = selfAlign ? max(1, configuration.tries) : 1
        var needCode = true
        var needTests = selfAlign
        var blamed: [Int] = []
        for attempt in 1...tries {
            state.result.tries = attempt
            var problems: [String] = []
            if needCode {
                switch try await generateCode(&state, attempt: attempt, scope: scope) {
                case .success(let code):
                    state.code = code
                    needCode = false
                case .failure(let problem):
                    problems.append("code: \(problem)")
                    state.codeConversation.answer(Prompts.formatProblem(problem.description, tool: Tool.writeCode.name))
                }
            }
            if needTests {
                let tool = blamed.isEmpty ? Tool.writeTests(minimum: configuration.minTests) : Tool.rewriteTests(count: blamed.count)
                switch try await generateTests(&state, tool: tool, attempt: attempt, scope: scope) {
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
                state.event("try_result", attempt, ["aligned": false, "format_error": .string(problems.joined(separator: "; "))])
                continue
            }
            guard selfAlign else {
                state.event("try_result", attempt, ["aligned": false, "format_error": .null])
                return
            }
            let outcome = try await execute(&state, .tests, code: state.task.runnable(code), tests: state.tests,
                                            purpose: "own_tests", attempt: attempt)
            let failures = failingTests(outcome, tests: state.tests)
            if outcome.allPassed {
                state.result.aligned = true
                state.result.alignedAtTry = attempt
                state.event("try_result", attempt, tryPayload(outcome, aligned: true))
                return
            }
            if attempt == tries {
                state.event("try_result", attempt, tryPayload(outcome, aligned: false))
                return
            }
            if configuration.judge {
                let verdicts = try await judge(&state, code: code, failures: failures, attempt: attempt, scope: scope)
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
                state.event("try_result", attempt, tryPayload(outcome, aligned: false, blamedCode: codeBlamed.count,
                                                              blamedTests: testBlamed.count))
            } else {
                needCode = true
                needTests = true
                state.codeConversation.answer(Prompts.codeFailures(failures))
                state.testsConversation.answer(Prompts.testFailures(failures, minimum: configuration.minTests))
                state.event("try_result", attempt, tryPayload(outcome, aligned: false, blamedCode: failures.count,
                                                              blamedTests: failures.count))
            }
        }
    }

    private func tryPayload(_ outcome: ExecutionOutcome, aligned: Bool, blamedCode: Int = 0, blamedTests: Int = 0) -> JSONValue {
        ["aligned": .bool(aligned), "passed": .number(Double(outcome.passed)), "total": .number(Double(outcome.tests.count)),
         "blamed_code": .number(Double(blamedCode)), "blamed_tests": .number(Double(blamedTests)), "format_error": .null]
    }

    private func failingTests(_ outcome: ExecutionOutcome, tests: [String]) -> [Prompts.Failure] {
        outcome.tests.filter { $0.status != .pass }.map { test in
            let message = outcome.loadError ?? test.message
            let result = test.status.rawValue + (message.isEmpty ? "" : ": " + String(message.prefix(600)))
            return Prompts.Failure(number: test.index + 1, source: test.index < tests.count ? tests[test.index] : "?",
                                   result: result)
        }
    }

    // MARK: Generation

    private func generateCode(_ state: inout TaskState, attempt: Int, scope: CallScope) async throws -> Result<String, FormatProblem> {
        var conversation = state.codeConversation
        let arguments = try await ask(&state, &conversation, tool: .writeCode, phase: "code", attempt: attempt,
                                      scope: scope)
        state.codeConversation = conversation
        guard case .success(let value) = arguments, let code = value["code"]?.stringValue else {
            return .failure(arguments.failureValue ?? FormatProblem("no code"))
        }
        let parse = try await execute(&state, .syntax, code: code, tests: [], purpose: "format", attempt: attempt)
        if let problem = parse.tests.first(where: { $0.status != .pass }) {
            return .failure(FormatProblem("the code does not parse as Python: \(problem.message)"))
        }
        if !definesFunction(state.task.entryPoint, in: code) {
            return .failure(FormatProblem("the program does not define `\(state.task.entryPoint)`"))
        }
        if configuration.formatCheck == .model {
            var check = Conversation(system: Prompts.formatSystem, user: Prompts.formatCheck(state.task, code: code))
            var settings = configuration.settings
            settings.model = formatModel ?? settings.model
            let verdict = try await ask(&state, &check, tool: .checkFormat, phase: "format_check", attempt: attempt,
                                        scope: scope, settings: settings)
            if case .success(let value) = verdict, value["ok"]?.boolValue == false {
                return .failure(FormatProblem("a format check found: \(value["problem"]?.stringValue ?? "a problem")"))
            }
        }
        return .success(code)
    }

    private func generateTests(_ state: inout TaskState, tool: Tool, attempt: Int, scope: CallScope) async throws -> Result<[String], FormatProblem> {
        var conversation = state.testsConversation
        let arguments = try await ask(&state, &conversation, tool: tool, phase: "tests", attempt: attempt,
                                      scope: scope)
        state.testsConversation = conversation
        guard case .success(let value) = arguments, let tests = value["tests"]?.arrayValue?.compactMap(\.stringValue) else {
            return .failure(arguments.failureValue ?? FormatProblem("no tests"))
        }
        let parse = try await execute(&state, .syntax, code: "", tests: tests, purpose: "format", attempt: attempt)
        let broken = parse.tests.filter { $0.index > 0 && $0.status != .pass }
        if !broken.isEmpty {
            let list = broken.map { "test \($0.index) (\($0.message))" }.joined(separator: ", ")
            return .failure(FormatProblem("these tests do not parse as Python: \(list)"))
        }
        return .success(tests)
    }

    private func judge(_ state: inout TaskState, code: String, failures: [Prompts.Failure], attempt: Int,
                       scope: CallScope) async throws -> Verdicts
    {
        var conversation = Conversation(system: Prompts.judgeSystem, user: Prompts.judge(state.task, code: code, failures: failures))
        let answer = try await ask(&state, &conversation, tool: .judgeFailures, phase: "judge", attempt: attempt,
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
    private func ask(_ state: inout TaskState, _ conversation: inout Conversation, tool: Tool, phase: String,
                     attempt: Int, scope: CallScope, settings: ModelSettings? = nil) async throws -> Result<JSONValue, FormatProblem>
    {
        let settings = settings ?? configuration.settings
        let completion = try await client.complete(client.api.body(for: conversation, tool: tool, settings: settings),
                                                   scope: scope)
        let usage = completion.usage
        state.result.modelCalls += 1
        state.result.inputTokens += usage.input ?? 0
        state.result.outputTokens += usage.output ?? 0
        state.event("model_call", attempt, [
            "phase": .string(phase), "key": .string(completion.key.description), "source": .string(completion.source.rawValue),
            "provider": .string(client.provider), "model": .string(settings.model),
            "usage": usage.json,
        ])
        conversation.add(completion.message, fallbackID: "call_\(phase)_\(attempt)")
        guard let call = completion.message.toolCalls.first(where: { $0.name == tool.name }) else {
            return .failure(FormatProblem("the answer did not call `\(tool.name)`"))
        }
        return OutputSchema.check(arguments: call.arguments, against: tool.schema)
    }

    // MARK: Execution and evaluation

    private func execute(_ state: inout TaskState, _ kind: ExecutionRequest.Kind, code: String, tests: [String],
                         purpose: String, attempt: Int?) async throws -> ExecutionOutcome
    {
        let execution = try await executor.execute(ExecutionRequest(kind: kind, code: code, tests: tests, limits: configuration.limits))
        state.event("execution", attempt, [
            "purpose": .string(purpose), "key": .string(execution.key.description), "source": .string(execution.source.rawValue),
            "passed": .number(Double(execution.outcome.passed)), "total": .number(Double(execution.outcome.tests.count)),
        ])
        return execution.outcome
    }

    private func evaluate(_ state: inout TaskState) async throws {
        state.result.finalCode = state.code
        state.result.finalTests = state.tests
        let oracle = HiddenTestOracle(executor: executor, limits: configuration.limits)
        var verdicts: [String: HiddenTestOracle.Verdict] = [:]
        for (position, code) in state.codeByTry.enumerated() {
            guard let code, verdicts[code] == nil else { continue }
            let verdict = try await oracle.judge(state.task, code: code)
            verdicts[code] = verdict
            var payload: [String: JSONValue] = [
                "purpose": "hidden_tests", "key": .string(verdict.official.key.description),
                "source": .string(verdict.official.source.rawValue),
                "passed": .number(Double(verdict.official.outcome.passed)),
                "total": .number(Double(verdict.official.outcome.tests.count)),
                "calibration": .string(verdict.calibration.key.description),
            ]
            if let plus = verdict.plus, let reference = verdict.reference {
                payload["plus"] = ["key": .string(plus.key.description), "source": .string(plus.source.rawValue),
                                   "reference": .string(reference.key.description),
                                   "passed": .number(Double(plus.outcome.passed)), "total": .number(Double(plus.outcome.tests.count))]
            }
            state.event("execution", position + 1, .object(payload))
        }
        let budget = configuration.strategy == .selfAlign ? max(1, configuration.tries) : 1
        func verdict(after attempt: Int) -> HiddenTestOracle.Verdict? {
            let code = attempt < state.codeByTry.count ? state.codeByTry[attempt] : state.code
            return code.flatMap { verdicts[$0] }
        }
        state.result.correctByTry = (0..<budget).map { verdict(after: $0)?.correct ?? false }
        let final = state.code.flatMap { verdicts[$0] }
        state.result.correct = final?.correct ?? false
        state.result.timingSensitive = verdicts.values.contains(where: \.timingSensitive)
        if state.task.plus != nil {
            state.result.correctPlusByTry = (0..<budget).map { verdict(after: $0)?.correctPlus ?? false }
            state.result.correctPlus = final?.correctPlus ?? false
        }
        if !state.tests.isEmpty {
            let outcome = try await execute(&state, .tests, code: state.task.referenceSolution, tests: state.tests,
                                            purpose: "validity", attempt: nil)
            state.result.validTests = outcome.passed
            state.result.totalTests = outcome.tests.count
        }
    }

    private func definesFunction(_ name: String, in code: String) -> Bool {
        code.split(separator: "\n").contains { line in
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            return trimmed.hasPrefix("def \(name)(") || trimmed.hasPrefix("async def \(name)(") || trimmed.hasPrefix("def \(name) (")
                || (trimmed.hasPrefix("\(name) =") || trimmed.hasPrefix("\(name)=")) && line.first != " "
        }
    }
}

/// The judge's verdicts by failing test number: `code` or `test` (a test without a verdict blames the code).
struct Verdicts {
    var wrong: [Int: String] = [:]
    var reasons: [Int: String] = [:]
    subscript(number: Int) -> String? { wrong[number] }
}

/// Everything the loop knows about one task while it runs.
struct TaskState {
    let task: CodingTask
    var result: TaskResult
    var events: [LoopEvent] = []
    var codeConversation: Conversation
    var testsConversation: Conversation
    var code: String?
    var tests: [String] = []
    var codeByTry: [String?] = []

    init(task: CodingTask, configuration: LoopConfiguration) {
        self.task = task
        result = TaskResult(taskID: task.id)
        codeConversation = Conversation(system: Prompts.codeSystem, user: Prompts.code(task))
        testsConversation = Conversation(system: Prompts.testsSystem, user: Prompts.tests(task, minimum: configuration.minTests))
    }

    mutating func event(_ kind: String, _ attempt: Int?, _ payload: JSONValue) {
        events.append(LoopEvent(kind: kind, tryNumber: attempt, payload: payload))
    }
}

extension Result {
    var failureValue: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
