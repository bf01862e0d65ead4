import Foundation
import Recorder
import Testing
import TestSupport

/// What to type about a library's error is said by `align`, where the library's message ends, on standard error.
@Suite("align error hints")
struct ErrorHintTests {
    let directory = TemporaryDirectory("error-hints")
    let tasks = fixturePath("tasks/humaneval-10.jsonl")

    private func align(_ arguments: String..., environment: [String: String] = [:]) async throws -> ProcessOutput {
        try await runProductAsync("align", arguments, environment: ["PATH": "/usr/bin:/bin"].merging(environment) { $1 })
    }

    private func outputs() throws -> String {
        let path = directory.path("outputs.jsonl")
        try #"{"task_id": "HumanEval/8", "code": "def sum_product(numbers):\n    return 0, 0\n"}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func cacheAndCostHints() async throws {
        let empty = directory.path("empty.sqlite")
        _ = try CacheStore(path: empty)
        let costs = try await align("costs", "run-nope", "--cache", empty)
        #expect(costs.status == 65)
        #expect(costs.stderr == "error: no run 'run-nope' in this cache: it holds no runs. "
                    + "`align costs --all` prices every recorded call\n")
        let shown = try await align("cache", "show", "--cache", empty, "sha256:00")
        #expect(shown.status == 65)
        #expect(shown.stderr == "error: a key starting with sha256:00 is not in this cache (`align cache ls` lists what is)\n")
        let run = try await align("show", "--cache", empty, "run-nope")
        #expect(run.status == 65)
        #expect(run.stderr == "error: run run-nope (`align runs --cache \(empty)` lists the stored runs) is not in this "
                    + "cache (`align cache ls` lists what is)\n")
        let sweep = try await align("compare", "--cache", empty, "--sweep", "s-nope")
        #expect(sweep.status == 65)
        #expect(sweep.stderr == "error: sweep s-nope (`align runs --cache \(empty)` lists the runs and their sweeps) is "
                    + "not in this cache (`align cache ls` lists what is)\n")
    }

    @Test func executionAndSandboxHints() async throws {
        let empty = directory.path("executions.sqlite")
        _ = try CacheStore(path: empty)
        let miss = try await align("eval", "--tasks", tasks, "--outputs", try outputs(), "--cache", empty, "--mode", "replay")
        #expect(miss.status == 3)
        #expect(miss.stderr.hasPrefix("error: replay miss: no recorded execution"), "\(miss.stderr)")
        #expect(miss.stderr.hasSuffix("); run with --mode record to execute and store it\n"), "\(miss.stderr)")
        let noPython = try await align("eval", "--tasks", tasks, "--outputs", try outputs(),
                                       environment: ["ALIGN_PYTHON": directory.path("no-python3")])
        #expect(noPython.status == 5)
        #expect(noPython.stderr.hasSuffix("install python3 or set ALIGN_PYTHON (see `align doctor`)\n"), "\(noPython.stderr)")
    }

    @Test func taskFileHint() async throws {
        let trimmed = directory.path("plus-without-tests.jsonl")
        try #"{"task_id": "HumanEval/0", "prompt": "def f(x):\n", "entry_point": "f", "canonical_solution": "    return x\n", "base_input": [[1]], "plus_input": [[2]], "atol": 0}"#
            .write(toFile: trimmed, atomically: true, encoding: .utf8)
        let result = try await align("eval", "--tasks", trimmed, "--outputs", try outputs())
        #expect(result.status == 65)
        #expect(result.stderr == "error: \(trimmed):1: no 'test' member (HumanEval's own tests): use the full HumanEval+ "
                    + "file, or give it beside HumanEval with --plus\n", "\(result.stderr)")
    }
}
