import Foundation
import Recorder
import SandboxWorld
import Testing
import TestSupport
import TestTraits

/// Issue 18, "verdicts the judged code cannot forge": the corpus of `Tests/alignTests/hostile/` through the built
/// `align`, on HumanEval's official tests and EvalPlus's inputs at once (`--plus`), with a 1 s test limit (the CPU
/// escapes of the corpus burn just past it). No wrong program may be judged correct under either, every legal
/// program must be correct under both, and none may leave a file or a process on the host.
@Suite("hostile programs under align eval", .serialized, .heavy)
struct HostileEvalTests {
    let directory = TemporaryDirectory("hostile-eval")
    let tasks = fixturePath("tasks/humaneval-10.jsonl")
    let plus = fixturePath("tasks/HumanEvalPlus.jsonl.gz")

    @Test(arguments: [1, 4]) func evalJudgesTheCorpus(jobs: Int) async throws {
        let programs = try HostileCorpus.all()
        let marker = SandboxWorld.marker("hostile\(jobs)")
        let outputs = directory.path("outputs.jsonl")
        try HostileCorpus.outputs(programs, marker: marker).write(toFile: outputs, atomically: true, encoding: .utf8)
        let scored = try await runProductAsync("align", ["eval", "--tasks", tasks, "--plus", plus, "--outputs", outputs,
                                                         "--test-timeout", "1", "--jobs", "\(jobs)", "--json"],
                                               environment: ["PATH": "/usr/bin:/bin"])
        #expect(scored.status == 0, "\(scored.stderr)")
        let lines = try JSONValue(parsing: Data(scored.stdout.utf8))["lines"]?.arrayValue ?? []
        try #require(lines.count == programs.count, "\(scored.stdout.prefix(2000))")
        for (program, line) in zip(programs, lines) {
            #expect(line["task"]?.stringValue == program.taskID)
            let verdict = Verdict(line)
            switch program.kind {
            case .wrong: #expect(verdict.isWrongUnderBoth, "\(program) was judged \(verdict)")
            case .legal: #expect(verdict.isCorrectUnderBoth, "\(program) was judged \(verdict)")
            }
        }
        #expect(HostileCorpus.leftovers(marker) == [])
        HostileCorpus.removeLeftovers(marker)
        #expect(await SandboxWorld.remainingProcesses(containing: marker) == [])
    }
}

/// The same programs as a model's answers in `align run --strategy direct` (one program a task, from a published
/// log): the stored verdict of the run (`align show --json`) judges none of the wrong ones correct.
@Suite("hostile programs through the loop", .serialized, .heavy)
struct HostileLoopTests {
    let directory = TemporaryDirectory("hostile-loop")
    let tasks = fixturePath("tasks/humaneval-10.jsonl")
    let plus = fixturePath("tasks/HumanEvalPlus.jsonl.gz")

    /// One wrong program for each of the ten tasks, a class of attack each where the task allows.
    static let chosen = ["forged_report_fds", "tamper_describe_matches", "equal_nan_float", "equal_int_subclass",
                         "tamper_abs_isclose", "expected_from_frames", "tamper_json_dumps", "host_tasks_from_proc",
                         "escape_cpu_fork_pipe", "tamper_builtins_bool"]

    private func align(_ arguments: [String]) async throws -> ProcessOutput {
        try await runProductAsync("align", arguments, environment: ["PATH": "/usr/bin:/bin"])
    }

    @Test(arguments: [1, 4]) func loopStoresNoHostileVerdict(jobs: Int) async throws {
        let wrong = Dictionary(uniqueKeysWithValues: try HostileCorpus.programs(.wrong).map { ($0.name, $0) })
        let programs = Self.chosen.compactMap { wrong[$0] }
        try #require(programs.count == 10 && Set(programs.map(\.taskID)).count == 10)
        let marker = SandboxWorld.marker("loop\(jobs)")
        let log = directory.path("log.json"), cache = directory.path("runs.sqlite")
        let byTask = Dictionary(uniqueKeysWithValues: programs.map { ($0.taskID, $0) })
        try HostileCorpus.log(byTask, tasks: tasks, marker: marker).write(toFile: log, atomically: true, encoding: .utf8)
        let ran = try await align(["run", "--tasks", tasks, "--plus", plus, "--provider", "log:" + log,
                                   "--strategy", "direct", "--judge", "off", "--test-timeout", "1",
                                   "--jobs", "\(jobs)", "--cache", cache, "--no-progress", "--json"])
        #expect(ran.status == 0, "\(ran.stderr)")
        let listed = try await align(["runs", "--cache", cache, "--json"])
        let ids = try JSONValue(parsing: Data(listed.stdout.utf8)).arrayValue?.compactMap { $0["run"]?.stringValue } ?? []
        try #require(ids.count == 1, "\(listed.stdout)\(listed.stderr)")
        let shown = try await align(["show", ids[0], "--cache", cache, "--json"])
        #expect(shown.status == 0, "\(shown.stderr)")
        let stored = try JSONValue(parsing: Data(shown.stdout.utf8))
        let results = stored["tasks"]?.arrayValue ?? []
        try #require(results.count == 10, "\(shown.stdout.prefix(2000))")
        for result in results {
            let id = result["task"]?.stringValue ?? "?"
            let name = byTask[id]?.name ?? "?"
            #expect(result["correct"] == .bool(false), "\(name) (\(id)) was stored correct on the official tests")
            #expect(result["correct_plus"] == .bool(false), "\(name) (\(id)) was stored correct under EvalPlus")
        }
        #expect(stored["summary"]?["correct"] == 0)
        #expect(stored["summary"]?["plus"]?["correct"] == 0)
        #expect(HostileCorpus.leftovers(marker) == [])
        HostileCorpus.removeLeftovers(marker)
        #expect(await SandboxWorld.remainingProcesses(containing: marker) == [])
    }
}

/// A line of `align eval --json`: the official verdict (`correct`, `failure`) and EvalPlus's (`correct_plus`,
/// `plus_failure`).
struct Verdict: CustomStringConvertible {
    var correct: Bool?
    var correctPlus: Bool?
    var failure: String?
    var plusFailure: String?

    init(_ line: JSONValue) {
        correct = line["correct"]?.boolValue
        correctPlus = line["correct_plus"]?.boolValue
        failure = line["failure"]?.stringValue
        plusFailure = line["plus_failure"]?.stringValue
    }

    /// Judged, and judged wrong, on both: a verdict that is missing is not a pass of the corpus.
    var isWrongUnderBoth: Bool { correct == false && correctPlus == false }
    var isCorrectUnderBoth: Bool { correct == true && correctPlus == true }

    var description: String {
        func text(_ value: Bool?) -> String { value.map { $0 ? "correct" : "wrong" } ?? "unjudged" }
        return "official \(text(correct))\(failure.map { " (\($0.prefix(160)))" } ?? ""), "
            + "EvalPlus \(text(correctPlus))\(plusFailure.map { " (\($0.prefix(160)))" } ?? "")"
    }
}
