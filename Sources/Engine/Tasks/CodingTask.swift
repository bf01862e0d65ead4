/// One programming task: what the model is shown, and what it never is (reference solution, hidden tests).
public struct CodingTask: Sendable, Equatable {
    /// The benchmark's id (`HumanEval/0`, `Mbpp/2`).
    public var id: String
    /// What the model is shown: a signature and docstring (HumanEval) or a description plus signature (MBPP).
    public var prompt: String
    /// The function the task asks for.
    public var entryPoint: String
    /// A complete reference program (never shown to the model): used to check generated tests.
    public var referenceSolution: String
    /// The benchmark's own tests (never shown to the model), each run on its own against the final code.
    public var hiddenTests: [String]

    /// The prompt's own top-level imports (`from typing import List`): put in front of generated code when it runs,
    /// as HumanEval's evaluation runs `prompt + completion`, so a program that relies on the prompt's imports works.
    public var preamble: String {
        prompt.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.hasPrefix("import ") || $0.hasPrefix("from ") }.joined(separator: "\n")
    }

    /// `code` as it runs: the preamble, then the code.
    public func runnable(_ code: String) -> String {
        let preamble = preamble
        return preamble.isEmpty ? code : preamble + "\n" + code
    }

    /// Builds a task.
    public init(id: String, prompt: String, entryPoint: String, referenceSolution: String, hiddenTests: [String]) {
        self.id = id
        self.prompt = prompt
        self.entryPoint = entryPoint
        self.referenceSolution = referenceSolution
        self.hiddenTests = hiddenTests
    }
}
