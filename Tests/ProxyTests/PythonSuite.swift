import Foundation
import TestSupport

/// The virtualenv `scripts/setup` makes (the official SDKs, pytest, vcrpy), and a way to run pytest in it.
enum PythonSuite {
    static let venvPython = repositoryRoot.appendingPathComponent(".venv/bin/python").path

    /// The venv's python, or a failure that says how to make it.
    static func python() throws -> String {
        guard FileManager.default.isExecutableFile(atPath: venvPython) else {
            throw SetupMissing(description: "no Python virtualenv at \(venvPython) with the official openai and "
                               + "anthropic SDKs: run scripts/setup (it creates .venv from Tests/Support/python/requirements.txt)")
        }
        return venvPython
    }

    /// Runs `pytest ARGUMENTS` in the venv with `environment` added; the align binary is the one under test.
    ///
    /// Spawned with posix_spawn and reaped by its own thread rather than through Foundation's `Process`: a
    /// minute-long child in Foundation's process monitor was seen to delay the termination handlers other suites'
    /// sandboxes wait for.
    static func pytest(_ arguments: [String], environment: [String: String] = [:]) async throws -> PytestRun {
        let python = try python()
        var env = ProcessInfo.processInfo.environment
        env["ALIGN_BIN"] = productsDirectory().appendingPathComponent("align").path
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        for (name, value) in environment { env[name] = value }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("pytest-\(UUID().uuidString).log")
        let argv = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x"] + arguments
        // At the default priority: `nice -n 19` once kept the SDK clients from delaying other suites' sandboxes, but
        // beside two busy loops it starved pytest of the CPU altogether (under 2 % of a core: the suite took hours).
        // Sandbox verdicts are judged by CPU time and the tests that bound a latency run on threads of their own.
        let command = "cd \(shellQuoted(repositoryRoot.path)) && exec " + argv.map(shellQuoted).joined(separator: " ")
            + " > \(shellQuoted(output.path)) 2>&1 < /dev/null"
        let status = try await spawnAndWait(["/bin/sh", "-c", command], environment: env)
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: output)
        return PytestRun(status: status, output: text)
    }

    private static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private static func spawnAndWait(_ argv: [String], environment: [String: String]) async throws -> Int32 {
        var pid: pid_t = 0
        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in cArguments { free(pointer) }
            for pointer in cEnvironment { free(pointer) }
        }
        let spawned = posix_spawn(&pid, argv[0], nil, nil, cArguments, cEnvironment)
        guard spawned == 0 else { throw SetupMissing(description: "cannot start \(argv[0]): errno \(spawned)") }
        let child = pid
        return await withCheckedContinuation { continuation in
            let reaper = Thread {
                var status: Int32 = 0
                while waitpid(child, &status, 0) < 0 && errno == EINTR {}
                // Exit code when it exited, 128 + signal when a signal ended it.
                let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                continuation.resume(returning: code)
            }
            reaper.start()
        }
    }
}

/// A finished pytest: its exit status and everything it printed.
struct PytestRun {
    let status: Int32
    let output: String
}

struct SetupMissing: Error, CustomStringConvertible {
    let description: String
}
