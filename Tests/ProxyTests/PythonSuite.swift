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
    static func pytest(_ arguments: [String], environment: [String: String] = [:]) async throws -> PytestRun {
        let python = try python()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "-x"] + arguments
        process.currentDirectoryURL = repositoryRoot
        var env = ProcessInfo.processInfo.environment
        env["ALIGN_BIN"] = productsDirectory().appendingPathComponent("align").path
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        for (name, value) in environment { env[name] = value }
        process.environment = env
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("pytest-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                process.waitUntilExit()
                continuation.resume()
            }
        }
        try handle.close()
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: output)
        return PytestRun(status: process.terminationStatus, output: text)
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
