import Foundation
import Testing
import TestSupport

/// Options parse into typed values: ArgumentParser rejects a bad value (exit 64) with the values there are.
@Suite("align arguments")
struct ArgumentTests {
    let directory = TemporaryDirectory("arguments")

    private func align(_ arguments: String...) async throws -> ProcessOutput {
        try await runProductAsync("align", arguments, environment: ["PATH": "/usr/bin:/bin"])
    }

    @Test func badValuesAreRejectedWithTheValuesThereAre() async throws {
        let provider = try await align("chat", "--provider", "gemini", "--model", "m", "--prompt", "p")
        #expect(provider.status == 64)
        #expect(provider.stderr.contains("'gemini' is invalid for '--provider <provider>'")
                    && provider.stderr.contains("'openai', 'anthropic' or 'openai-compatible'"), "\(provider.stderr)")
        for command in [["chat", "--model", "m", "--prompt", "p"], ["eval", "--tasks", "t", "--outputs", "o"], ["proxy"]] {
            let mode = try await runProductAsync("align", command + ["--mode", "replya"], environment: ["PATH": "/usr/bin:/bin"])
            #expect(mode.status == 64)
            #expect(mode.stderr.contains("'replya' is invalid for '--mode <mode>'")
                        && mode.stderr.contains("'record', 'replay', 'refresh' or 'off'"), "\(mode.stderr)")
        }
        let by = try await align("costs", "--all", "--by", "model,colour")
        #expect(by.status == 64)
        #expect(by.stderr.contains("'model,colour' is invalid for '--by <list>'")
                    && by.stderr.contains("'run', 'task', 'phase', 'try' or 'model'"), "\(by.stderr)")
        let shard = try await align("run", "--tasks", "t", "--provider", "openai", "--model", "m", "--shard", "5/4")
        #expect(shard.status == 64)
        #expect(shard.stderr.contains("'5/4' is invalid for '--shard <I/N>'") && shard.stderr.contains("1 ≤ I ≤ N"),
                "\(shard.stderr)")
    }

    @Test func aModeIsReadInAnyCaseAsTheEnvironmentIs() async throws {
        // The mode parses; what stops the command is the next check (no outputs file to read).
        let eval = try await align("eval", "--tasks", directory.path("none.jsonl"), "--outputs", "o", "--mode", "OFF")
        #expect(eval.status == 65, "\(eval.stderr)")
        #expect(eval.stderr.contains("none.jsonl"), "\(eval.stderr)")
    }

    /// Usage errors found while running are ArgumentParser's `ValidationError`s, printed as align's errors are.
    @Test func usageErrorsFoundWhileRunningExit64() async throws {
        let repeatZero = try await align("run", "--tasks", "t", "--provider", "openai", "--model", "m", "--repeat", "0")
        #expect(repeatZero.status == 64 && repeatZero.stderr == "error: --repeat must be positive\n", "\(repeatZero.stderr)")
        let port = try await align("proxy", "--mode", "off", "--port", "70000")
        #expect(port.status == 64 && port.stderr == "error: --port must be 0 to 65535\n", "\(port.stderr)")
    }
}
