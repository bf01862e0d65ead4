import ArgumentParser
import Engine
import Foundation
import Recorder
import Replay

/// `align eval`: scores code and tests from a file of outputs against a task file's hidden tests and references.
struct EvalCommand: AsyncAlignCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score model outputs (JSON Lines or a JSON array): code on the hidden tests, tests on the reference solution.",
        discussion: """
            Each line has `task_id` and any of `code`/`solution` (a program), `completion` (a function body), \
            `tests` (an array, or a block split into single asserts). A claim in `is_solved` or `passed` is compared \
            with what was measured. Executions go through the cache when --cache is given (or $ALIGN_CACHE is set).
            """)

    @Option(help: ArgumentHelp("The task file the outputs answer.", valueName: "file")) var tasks: String
    @Option(help: ArgumentHelp("The outputs: JSON Lines, plain or .gz.", valueName: "file")) var outputs: String
    @Option(name: .long, help: ArgumentHelp("A cache for the executions (default: $ALIGN_CACHE; none: run them all).", valueName: "file"))
    var cache: String?
    @Option(help: "record, replay, refresh or off (default: $ALIGN_CACHE_MODE, else record; off without a cache).")
    var mode: String?
    @Option(help: "Seconds a single test may run.") var testTimeout: Double = 5
    @Option(help: ArgumentHelp("The member holding the program (default: code, else solution, else completion).", valueName: "name"))
    var codeField: String?
    @Flag(help: "Also list every output.") var showOutputs = false
    @Flag(help: "Print JSON.") var json = false

    func execute() async throws {
        let taskList = try TaskLoader.load(path: tasks)
        let bytes = try TaskLoader.readFile(outputs)
        let environment = ProcessInfo.processInfo.environment
        let path = cache ?? environment["ALIGN_CACHE"].flatMap { $0.isEmpty ? nil : $0 }
        let cacheMode = path == nil ? .off : try CacheMode.resolve(option: mode, environment: environment)
        var store: (any CacheBackend)?
        if let path, cacheMode != .off { store = try await openCache(path, createIfMissing: cacheMode != .replay) }
        let executor = try RecordingExecutor(mode: cacheMode, store: store,
                                             live: Sandbox())
        let evaluation = OutputEvaluation(executor: executor, limits: SandboxLimits(testTimeoutSeconds: testTimeout),
                                          codeField: codeField)
        let scored = try await evaluation.score(lines: bytes, path: outputs, tasks: taskList)

        let withCode = scored.filter { $0.correct != nil }
        let correct = withCode.count { $0.correct == true }
        let claimed = withCode.filter { $0.claimedCorrect != nil }
        let claimsHeld = claimed.count { $0.claimedCorrect == $0.correct }
        let withTests = scored.filter { $0.totalTests > 0 }
        let valid = withTests.reduce(0) { $0 + $1.validTests }, total = withTests.reduce(0) { $0 + $1.totalTests }
        let allValid = withTests.count { $0.validTests == $0.totalTests }
        if json {
            func number(_ value: Int) -> JSONValue { .number(Double(value)) }
            print(JSONValue.object([
                "outputs": number(scored.count), "with_code": number(withCode.count), "correct": number(correct),
                "claims": number(claimed.count), "claims_confirmed": number(claimsHeld),
                "with_tests": number(withTests.count), "valid_tests": number(valid), "total_tests": number(total),
                "all_tests_valid": number(allValid),
                "lines": .array(scored.map { output in
                    ["task": .string(output.taskID), "line": number(output.line),
                     "correct": output.correct.map(JSONValue.bool) ?? .null,
                     "valid_tests": number(output.validTests), "total_tests": number(output.totalTests),
                     "claimed_correct": output.claimedCorrect.map(JSONValue.bool) ?? .null]
                }),
            ]).canonicalString)
            return
        }
        var table = Table("measure", "count", "rate")
        table.add("outputs", "\(scored.count)", "")
        if !withCode.isEmpty {
            table.add("code correct (hidden tests pass)", "\(correct)/\(withCode.count)", RunSummary.percent(correct, of: withCode.count))
        }
        if !claimed.isEmpty {
            table.add("claims confirmed (is_solved / passed)", "\(claimsHeld)/\(claimed.count)", RunSummary.percent(claimsHeld, of: claimed.count))
        }
        if !withTests.isEmpty {
            table.add("tests valid (pass on reference)", "\(valid)/\(total)", RunSummary.percent(valid, of: total))
            table.add("outputs whose tests are all valid", "\(allValid)/\(withTests.count)", RunSummary.percent(allValid, of: withTests.count))
        }
        print(table.rendered)
        if showOutputs {
            var lines = Table("line", "task", "correct", "claimed", "valid tests")
            for output in scored {
                lines.add("\(output.line)", output.taskID, output.correct.map { $0 ? "yes" : "no" } ?? "–",
                          output.claimedCorrect.map { $0 ? "yes" : "no" } ?? "–", "\(output.validTests)/\(output.totalTests)")
            }
            print("")
            print(lines.rendered)
        }
    }
}
