import Recorder
import Replay

/// `direct`: one program from the prompt, no tests and no loop — the baseline every comparison is against.
struct DirectStrategy: TaskStrategy {
    func generate(_ state: inout TaskState, loop: AlignmentLoop, scope: CallScope) async throws {
        state.result.tries = 1
        switch try await loop.generateCode(&state, attempt: 1, scope: scope) {
        case .success(let code):
            state.code = code
            state.codeByTry.append(code)
            state.record(TryResultEvent(aligned: false), try: 1)
        case .failure(let problem):
            state.codeConversation.answer(Prompts.formatProblem(problem.description, tool: Tool.writeCode.name))
            state.codeByTry.append(nil)
            state.record(TryResultEvent(aligned: false, formatError: "code: \(problem)"), try: 1)
        }
    }
}
