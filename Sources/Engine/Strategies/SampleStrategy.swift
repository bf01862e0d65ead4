import Recorder
import Replay

/// `sample`: n independent programs from the same prompt (the n-th identical request is sample index n−1 in the
/// cache key, so a model at temperature > 0 answers anew and a replay gives the same answers). The first is the
/// task's program; all n are scored on the hidden tests for pass@k.
struct SampleStrategy: TaskStrategy {
    func generate(_ state: inout TaskState, loop: AlignmentLoop, scope: CallScope) async throws {
        state.result.tries = 1
        let programs = try await Self.programs(&state, loop: loop, scope: scope)
        state.samples = programs
        state.code = programs.first ?? nil
        state.codeByTry = [state.code]
        let problems = programs.count { $0 == nil }
        state.record(TryResultEvent(aligned: false, formatError: problems == 0 ? nil
                         : "\(problems) of \(programs.count) programs failed the format check"), try: 1)
    }

    /// `configuration.samples` programs, each from the untouched code conversation; nil for one that failed the
    /// format check.
    static func programs(_ state: inout TaskState, loop: AlignmentLoop, scope: CallScope) async throws -> [String?] {
        let initial = state.codeConversation
        var programs: [String?] = []
        for _ in 0..<max(1, loop.configuration.samples) {
            state.codeConversation = initial
            switch try await loop.generateCode(&state, attempt: 1, scope: scope) {
            case .success(let code): programs.append(code)
            case .failure: programs.append(nil)
            }
        }
        state.codeConversation = initial
        return programs
    }
}
