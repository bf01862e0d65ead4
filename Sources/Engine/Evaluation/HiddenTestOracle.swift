import Foundation
import Recorder
import Sandbox

/// Judges a program on a task's hidden tests: the benchmark's own (HumanEval's `check`, MBPP's asserts) under a time
/// limit derived from the reference solution's own measured CPU time, and EvalPlus's inputs when the task has them.
/// Both run in a judge outside the program's process (`.hidden`, `.plus`): the program only ever returns values.
///
/// Every measurement is an execution through the cache like any other, so a replay reads the same figures and needs
/// no Python; keys name the measurement (by its key), never the measured figure, so they do not change from one
/// recording to another.
public struct HiddenTestOracle: Sendable {
    /// Where code runs (through the cache).
    public let executor: any CodeExecutor
    /// The run's limits; their test time limit is the floor of the derived one.
    public let limits: SandboxLimits

    /// A derived limit is this many times the reference's CPU time (EvalPlus's `gt_time_limit_factor`).
    public static let factor = 4.0
    /// The floor of an EvalPlus input's limit, CPU seconds (EvalPlus's `min_time_limit`).
    public static let plusFloor = 1.0
    /// The reference's own limit per test or input while it is measured: generous, fixed (it enters the key).
    public static let measurementLimits = SandboxLimits(cpuSeconds: 120, testTimeoutSeconds: 60, executionTimeoutSeconds: 900)

    private let measured = Measurements()

    /// Builds an oracle.
    public init(executor: any CodeExecutor, limits: SandboxLimits) {
        self.executor = executor
        self.limits = limits
    }

    /// A measurement of the reference, taken once per oracle: with no cache (`--mode off`) every program of a task
    /// is still judged under the same limits.
    private func measurement(_ request: ExecutionRequest) async throws -> Execution {
        let key = request.key
        if let known = measured.get(key) { return known }
        let execution = try await executor.execute(request)
        measured.set(key, execution)
        return execution
    }

    /// What the oracle found for one program.
    public struct Verdict: Sendable {
        /// The benchmark's own tests.
        public var official: Execution
        /// The measurement of the reference on them, which set the time limit.
        public var calibration: Execution
        /// The time limit the official tests ran under, CPU seconds.
        public var timeLimit: Double
        /// EvalPlus's inputs (nil: the task has none).
        public var plus: Execution?
        /// The reference's outputs on them.
        public var reference: Execution?

        /// The official tests pass.
        public var correct: Bool { official.outcome.allPassed }
        /// EvalPlus's criterion: its base and plus inputs both pass (nil without EvalPlus inputs).
        public var correctPlus: Bool? { plus.map { $0.outcome.allPassed } }
        /// Some verdict depended on timing.
        public var timingSensitive: Bool { official.outcome.timingSensitive || plus?.outcome.timingSensitive == true }
    }

    /// Runs `code` (as the task assembles it) on the hidden tests, and on EvalPlus's inputs when there are any.
    /// - Throws: execution errors (a replay miss, a sandbox failure).
    public func judge(_ task: CodingTask, code: String) async throws -> Verdict {
        let program = task.runnable(code)
        let judge: [String: JSONValue] = ["entry_point": .string(task.entryPoint), "prelude": .string(task.judgePrelude)]
        let calibration = try await measurement(ExecutionRequest(
            kind: .measure, code: task.referenceSolution, tests: task.hiddenTests, limits: Self.measurementLimits,
            payload: judge))
        let limit = derivedLimit(calibration.outcome)
        var payload = judge, identity = judge
        payload["test_timeout"] = .number(limit)
        identity["calibrated_by"] = .string(calibration.key.description)
        identity["factor"] = .number(Self.factor)
        let official = try await executor.execute(ExecutionRequest(
            kind: .hidden, code: program, tests: task.hiddenTests, limits: limits, payload: payload,
            payloadIdentity: .object(identity)))
        var verdict = Verdict(official: official, calibration: calibration, timeLimit: limit)
        if let oracle = task.plus {
            let reference = try await measurement(Self.referenceRequest(oracle))
            verdict.reference = reference
            verdict.plus = try await executor.execute(Self.plusRequest(oracle, program: program, reference: reference))
        }
        return verdict
    }

    /// max(floor, factor × the reference's slowest test), rounded up to a tenth of a second; the floor alone when the
    /// reference could not be measured.
    func derivedLimit(_ measurement: ExecutionOutcome) -> Double {
        let slowest = measurement.loadError == nil ? measurement.tests.compactMap(\.cpuMilliseconds).max() ?? 0 : 0
        let derived = (Self.factor * Double(slowest) / 1000 * 10).rounded(.up) / 10
        return max(limits.testTimeoutSeconds, derived)
    }

    /// The reference run on every input of `oracle`, keyed by its program, contract and the inputs' digests.
    static func referenceRequest(_ oracle: PlusOracle) -> ExecutionRequest {
        var common: [String: JSONValue] = [
            "entry_point": .string(oracle.entryPoint), "dataset": .string(oracle.dataset.rawValue),
            "task": .string(oracle.taskID), "contract": oracle.contracted.map(JSONValue.string) ?? .null,
            "input_cpu_limit": .number(measurementLimits.testTimeoutSeconds), "output_not_none": .bool(oracle.outputNotNone),
        ]
        var identity = common
        common["groups"] = .array(oracle.groups.map { ["name": .string($0.name), "inputs": .string($0.json)] })
        identity["groups"] = .array(oracle.groups.map { ["name": .string($0.name), "inputs_sha256": .string($0.digest)] })
        return ExecutionRequest(kind: .reference, code: oracle.reference, tests: [], limits: measurementLimits,
                                payload: common, payloadIdentity: .object(identity))
    }

    /// `program` run on every input of `oracle` and compared with the reference's outputs (made again in the same
    /// execution, before the program loads, and checked against the recorded digest); each input's CPU limit is
    /// max(1 s, 4 × the reference's time on it), as EvalPlus derives it. Keyed by the reference execution's key.
    static func plusRequest(_ oracle: PlusOracle, program: String, reference: Execution) -> ExecutionRequest {
        let recorded = reference.outcome.reference ?? []
        let groups: [JSONValue] = oracle.groups.enumerated().map { index, group in
            let measured = index < recorded.count ? recorded[index] : nil
            let limits = (0..<group.count).map { position -> JSONValue in
                let milliseconds = measured.flatMap { position < $0.cpuMilliseconds.count ? $0.cpuMilliseconds[position] : nil } ?? 0
                return .number(max(plusFloor, (factor * Double(milliseconds) / 1000 * 100).rounded(.up) / 100))
            }
            let skipped = measured?.skipped ?? [:]
            return ["name": .string(group.name), "inputs": .string(group.json), "limits": .array(limits),
                    "atol": .number(oracle.atol), "digest": .string(measured?.digest ?? ""),
                    "skipped": .object(Dictionary(uniqueKeysWithValues: skipped.map { (String($0.key), JSONValue.string($0.value)) }))]
        }
        let payload: [String: JSONValue] = [
            "entry_point": .string(oracle.entryPoint), "dataset": .string(oracle.dataset.rawValue),
            "task": .string(oracle.taskID), "groups": .array(groups), "load_cpu_limit": .number(5),
            "reference": .string(oracle.reference), "output_not_none": .bool(oracle.outputNotNone),
            "reference_cpu_limit": .number(measurementLimits.testTimeoutSeconds),
        ]
        let identity: JSONValue = [
            "entry_point": .string(oracle.entryPoint), "dataset": .string(oracle.dataset.rawValue),
            "task": .string(oracle.taskID), "reference": .string(reference.key.description), "atol": .number(oracle.atol),
            "factor": .number(factor), "floor": .number(plusFloor), "load_cpu_limit": .number(5),
        ]
        return ExecutionRequest(kind: .plus, code: program, tests: [], limits: measurementLimits, payload: payload,
                                payloadIdentity: identity)
    }
}

/// Measurements by key, shared by the copies of one oracle and safe across concurrent tasks.
private final class Measurements: @unchecked Sendable {
    private let lock = NSLock()
    private var byKey: [CacheKey: Execution] = [:]

    func get(_ key: CacheKey) -> Execution? { lock.withLock { byKey[key] } }

    func set(_ key: CacheKey, _ execution: Execution) { lock.withLock { byKey[key] = execution } }
}
