import Foundation
import Recorder

/// EvalPlus's oracle for one task (HumanEval+ / MBPP+): its base and extra inputs, run through the reference solution
/// in the sandbox to get the expected outputs; a program is correct when every input's output matches, as EvalPlus
/// compares them. Never shown to the model.
public struct PlusOracle: Sendable, Equatable {
    /// Which EvalPlus dataset: its comparison has per-dataset special cases.
    public enum Dataset: String, Sendable, Equatable {
        case humaneval
        case mbpp
    }

    /// One group of inputs (`base`, `plus`): a JSON array of argument lists, exactly as the file has it.
    public struct Inputs: Sendable, Equatable {
        /// `base` or `plus`.
        public var name: String
        /// The raw JSON text, handed to Python's `json` untouched (floats stay floats, big integers stay exact).
        public var json: String
        /// How many inputs the group has.
        public var count: Int

        /// Builds a group; `count` is read from the JSON.
        public init(name: String, json: String, count: Int) {
            self.name = name
            self.json = json
            self.count = count
        }

        /// `sha256:` of the raw JSON: what stands for the inputs in keys.
        public var digest: String { CacheKey(hashing: Array(json.utf8)).description }
    }

    /// The dataset.
    public var dataset: Dataset
    /// The EvalPlus task id (`HumanEval/0`, `Mbpp/2`).
    public var taskID: String
    /// The function called with each input.
    public var entryPoint: String
    /// The reference program that makes the expected outputs: EvalPlus's `prompt + canonical_solution`.
    public var reference: String
    /// The reference with its contract asserts inserted, run first on each input: an input it rejects is skipped.
    public var contracted: String?
    /// The input groups, `base` first.
    public var groups: [Inputs]
    /// Float tolerance (0 = exact, which EvalPlus raises to 1e-6 once a float output is seen).
    public var atol: Double
    /// MBPP+ tasks whose output is only checked for not being None (EvalPlus's `MBPP_OUTPUT_NOT_NONE_TASKS`).
    public var outputNotNone: Bool

    /// Builds an oracle.
    public init(dataset: Dataset, taskID: String, entryPoint: String, reference: String, contracted: String?,
                groups: [Inputs], atol: Double, outputNotNone: Bool = false)
    {
        self.dataset = dataset
        self.taskID = taskID
        self.entryPoint = entryPoint
        self.reference = reference
        self.contracted = contracted
        self.groups = groups
        self.atol = atol
        self.outputNotNone = outputNotNone
    }

    /// Inputs in all groups.
    public var inputCount: Int { groups.reduce(0) { $0 + $1.count } }

    /// EvalPlus's contracted reference: HumanEval's contract goes between prompt and body; MBPP's right after the
    /// `def` line of the entry point (`insert_contract_into_code`).
    static func contracted(dataset: Dataset, prompt: String, solution: String, contract: String, entryPoint: String) -> String? {
        guard !contract.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        switch dataset {
        case .humaneval:
            return prompt + contract + solution
        case .mbpp:
            var lines = solution.components(separatedBy: "\n")
            guard let index = lines.firstIndex(where: { $0.hasPrefix("def \(entryPoint)") }) else { return nil }
            lines.insert(contract, at: index + 1)
            return prompt + lines.joined(separator: "\n")
        }
    }
}
