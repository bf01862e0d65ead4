import Recorder
import Replay
import Sandbox

/// One task through a strategy: code (and tests) generated through the cache, run in the sandbox through the
/// cache, then scored on the hidden tests. The strategy (`LoopConfiguration.strategy`) decides what is generated;
/// generation steps, executions and the evaluation are shared by every strategy. The strategies, built on these
/// steps, live in Strategies/, and so does `run(_:index:scope:)`, which picks the configured one.
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

    /// Runs `strategy` on `task`, then scores what it left (`run(_:index:scope:)` picks the configured strategy).
    func run(_ task: CodingTask, using strategy: any TaskStrategy, index: Int, scope: CallScope) async throws -> TaskRun {
        var state = TaskState(task: task, configuration: configuration)
        do {
            try await strategy.generate(&state, loop: self, scope: scope)
        } catch let failure as UpstreamFailure where ![0, 401, 403].contains(failure.status) {
            // A refusal of this task's request ends the task; an unreachable provider or a rejected key (status 0,
            // 401, 403) would fail every task alike, so it stops the run instead.
            state.result.error = failure.description
        }
        try await evaluate(&state)
        state.events.append(LoopEvent(tryNumber: nil, state.result))
        return TaskRun(index: index, result: state.result, events: state.events)
    }

    // MARK: Evaluation

    /// Scores the final code, the code of every try and every sample on the hidden tests (`HiddenTestOracle`: the
    /// benchmark's own under a limit derived from the reference's time, and EvalPlus's inputs when the task has them).
    private func evaluate(_ state: inout TaskState) async throws {
        state.result.finalCode = state.code
        state.result.finalTests = state.tests
        let oracle = HiddenTestOracle(executor: executor, limits: configuration.limits)
        var verdicts: [String: HiddenTestOracle.Verdict] = [:]
        func isCorrect(_ code: String, attempt: Int?) async throws -> Bool {
            if let known = verdicts[code] { return known.correct }
            let verdict = try await oracle.judge(state.task, code: code)
            verdicts[code] = verdict
            var plus: ExecutionEvent.PlusExecution?
            if let run = verdict.plus, let reference = verdict.reference {
                plus = ExecutionEvent.PlusExecution(key: run.key.description, source: run.source == .live ? .live : .cache,
                                                    reference: reference.key.description, passed: run.outcome.passed,
                                                    total: run.outcome.tests.count)
            }
            state.record(ExecutionEvent(purpose: .hiddenTests, key: verdict.official.key.description,
                                        source: verdict.official.source == .live ? .live : .cache,
                                        passed: verdict.official.outcome.passed, total: verdict.official.outcome.tests.count,
                                        calibration: verdict.calibration.key.description, plus: plus),
                         try: attempt)
            return verdict.correct
        }
        let correctness = { (code: String) in verdicts[code]?.correct }
        for (position, code) in state.codeByTry.enumerated() {
            guard let code else { continue }
            _ = try await isCorrect(code, attempt: position + 1)
        }
        if let samples = state.samples {
            var passing = 0
            for code in samples {
                // A sample that failed the format check is an incorrect sample.
                if let code, try await isCorrect(code, attempt: 1) { passing += 1 }
            }
            state.result.samples = samples.count
            state.result.samplesCorrect = passing
        }
        func verdict(after attempt: Int) -> HiddenTestOracle.Verdict? {
            let code = attempt < state.codeByTry.count ? state.codeByTry[attempt] : state.code
            return code.flatMap { verdicts[$0] }
        }
        state.result.correctByTry = (0..<configuration.budget).map { verdict(after: $0)?.correct ?? false }
        state.result.correct = state.code.flatMap(correctness) ?? false
        state.result.timingSensitive = verdicts.values.contains(where: \.timingSensitive)
        if state.task.plus != nil {
            state.result.correctPlusByTry = (0..<configuration.budget).map { verdict(after: $0)?.correctPlus ?? false }
            state.result.correctPlus = state.code.flatMap { verdicts[$0]?.correctPlus } ?? false
        }
        if !state.tests.isEmpty {
            let outcome = try await execute(&state, .tests, code: state.task.referenceSolution, tests: state.tests,
                                            purpose: .validity, attempt: nil)
            state.result.validTests = outcome.passed
            state.result.totalTests = outcome.tests.count
        }
    }
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
    /// Every program sampled (`sample`, `codet`; nil where one failed the format check), for pass@k; nil for
    /// strategies that write one program at a time.
    var samples: [String?]?

    init(task: CodingTask, configuration: LoopConfiguration) {
        self.task = task
        result = TaskResult(taskID: task.id)
        codeConversation = Conversation(system: Prompts.codeSystem, user: Prompts.code(task))
        testsConversation = Conversation(system: Prompts.testsSystem,
                                         user: Prompts.tests(task, minimum: configuration.testMinimum))
    }

    mutating func record(_ payload: some RunEventPayload, try attempt: Int?) {
        events.append(LoopEvent(tryNumber: attempt, payload))
    }
}
