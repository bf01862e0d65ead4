import Recorder
import Replay

/// `codet`: CodeT's dual execution agreement (Chen et al., ICLR 2023). n programs and m test suites are sampled
/// from the prompt alone; the suites are pooled (duplicates dropped, cut to `--tests N` when set); every program
/// runs against the pool; programs are grouped by the set of tests they pass, each group scored
/// (programs in it) × (tests they pass), and the first program of the best group is the task's program.
struct CodeTStrategy: TaskStrategy {
    func generate(_ state: inout TaskState, loop: AlignmentLoop, scope: CallScope) async throws {
        let configuration = loop.configuration
        state.result.tries = 1
        let programs = try await SampleStrategy.programs(&state, loop: loop, scope: scope)
        state.samples = programs
        var pool: [String] = []
        let initial = state.testsConversation
        for _ in 0..<max(1, configuration.testSamples) {
            state.testsConversation = initial
            let tool = Tool.writeTests(minimum: configuration.testMinimum)
            if case .success(let tests) = try await loop.generateTests(&state, tool: tool, attempt: 1, scope: scope) {
                for test in tests where !pool.contains(test) { pool.append(test) }
            }
        }
        state.testsConversation = initial
        if let count = configuration.tests { pool = Array(pool.prefix(count)) }
        state.tests = pool

        var passing: [Int: Set<Int>] = [:]     // program index → the pool tests it passes
        for (index, program) in programs.enumerated() {
            guard let program else { continue }
            guard !pool.isEmpty else {
                passing[index] = []
                continue
            }
            let outcome = try await loop.execute(&state, .tests, code: state.task.runnable(program), tests: pool,
                                                 purpose: .agreement, attempt: 1)
            passing[index] = Set(outcome.tests.filter { $0.status == .pass }.map(\.index))
        }
        guard let chosen = Self.choose(passing) else {
            state.codeByTry = [nil]
            state.record(TryResultEvent(aligned: false, formatError: "no program passed the format check"), try: 1)
            return
        }
        let passed = passing[chosen]?.count ?? 0
        state.code = programs[chosen]
        state.codeByTry = [state.code]
        state.result.aligned = !pool.isEmpty && passed == pool.count
        state.result.alignedAtTry = state.result.aligned ? 1 : nil
        state.record(TryResultEvent(aligned: state.result.aligned, passed: passed, total: pool.count), try: 1)
    }

    /// The program CodeT picks: programs grouped by the tests they pass, each group scored by its size times the
    /// tests passed; the best score wins, ties going to the group of the earliest program; its earliest program.
    static func choose(_ passing: [Int: Set<Int>]) -> Int? {
        var groups: [Set<Int>: [Int]] = [:]
        for index in passing.keys.sorted() { groups[passing[index]!, default: []].append(index) }
        let best = groups.max { left, right in
            let (a, b) = (left.value.count * left.key.count, right.value.count * right.key.count)
            return a != b ? a < b : left.value[0] > right.value[0]
        }
        return best?.value.first
    }
}
