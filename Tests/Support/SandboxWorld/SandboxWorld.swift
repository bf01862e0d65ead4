import Recorder
import Sandbox
import Foundation

/// What every sandbox test starts from: the protections this machine has, detected once per test process.
public enum SandboxWorld {
    public static let protections = SandboxProtections.detect()

    /// Small limits so that the suite stays fast on two cores; the execution's wall-clock limit generous, since under
    /// load a 1 s CPU limit (a timeout runs twice) can take many seconds of wall time.
    public static func limits(testTimeout: Double = 2, execution: Double = 120) -> SandboxLimits {
        SandboxLimits(cpuSeconds: 5, memoryBytes: 512 << 20, fileSizeBytes: 16 << 20, processes: 16, openFiles: 64,
                      testTimeoutSeconds: testTimeout, executionTimeoutSeconds: execution)
    }

    /// Runs tests against code in a fresh sandbox with this machine's protections (or `protections`).
    public static func run(_ code: String, _ tests: [String], kind: ExecutionRequest.Kind = .tests,
                    limits: SandboxLimits = SandboxWorld.limits(),
                    protections: SandboxProtections = SandboxWorld.protections)
        async throws -> ExecutionOutcome
    {
        try await Sandbox(protections: protections)
            .execute(ExecutionRequest(kind: kind, code: code, tests: tests, limits: limits)).outcome
    }

    /// Runs hidden tests the way the oracle does (`.hidden`): each test in a judge process, `entryPoint` bound to a
    /// stub that calls `code` in a process of its own, `prelude` run in the judge first.
    public static func judge(_ code: String, _ tests: [String], entryPoint: String, prelude: String = "",
                             limits: SandboxLimits = SandboxWorld.limits()) async throws -> ExecutionOutcome
    {
        try await Sandbox(protections: protections).execute(ExecutionRequest(
            kind: .hidden, code: code, tests: tests, limits: limits,
            payload: ["entry_point": .string(entryPoint), "prelude": .string(prelude)])).outcome
    }

    /// A marker no other test uses, to find what this test's code left behind.
    public static func marker(_ label: String) -> String {
        "alignmark\(label)" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
    }

    /// Processes whose command line or name contains `marker`.
    public static func processes(containing marker: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) }.compactMap { pid in
            for file in ["cmdline", "comm"] {
                guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/\(file)") else { continue }
                let text = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
                if text.contains(marker) { return "\(pid): \(text)" }
            }
            return nil
        }
    }

    /// What is left once the processes had time to go: a killed process (a whole PID namespace torn down) can take
    /// a moment to leave /proc, longer on a loaded machine, so this waits up to 30 s for none to be left, returning
    /// as soon as none is. A process that was never killed is still there after it.
    public static func remainingProcesses(containing marker: String) async -> [String] {
        var found = processes(containing: marker)
        let deadline = ContinuousClock.now + .seconds(30)
        while !found.isEmpty && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
            found = processes(containing: marker)
        }
        return found
    }

    /// Waits until `condition` holds, checking every 10 ms; fails the test after `limit` (a state that never comes).
    public static func waitUntil(_ what: String, limit: Duration = .seconds(120), _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + limit
        while !condition() {
            guard ContinuousClock.now < deadline else {
                struct NeverCame: Error, CustomStringConvertible { var description: String }
                throw NeverCame(description: "waited \(limit) in vain: \(what)")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Host paths where code might have tried to leave a file called `name`.
    public static func hostFiles(named name: String) -> [String] {
        ["/tmp", "/dev/shm", "/var/tmp", FileManager.default.temporaryDirectory.path].map { "\($0)/\(name)" }
            .filter { FileManager.default.fileExists(atPath: $0) }
    }
}
