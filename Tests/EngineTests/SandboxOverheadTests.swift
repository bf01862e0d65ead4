import Engine
import Foundation
import Testing

/// Per-execution overhead for a trivial test, printed for docs; opt-in (`ALIGN_SANDBOX_BENCH=1`), not a CI check.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["ALIGN_SANDBOX_BENCH"] == "1"))
struct SandboxOverheadTests {
    @Test func medianOfTwentyTrivialExecutions() async throws {
        var variants: [(String, SandboxProtections)] = [("detected", SandboxWorld.protections)]
        var noNamespaces = SandboxWorld.protections
        noNamespaces.namespaces = false
        variants.append(("no namespaces", noNamespaces))
        var bare = noNamespaces
        bare.unprivilegedUser = false
        bare.resourceLimits = false
        variants.append(("process group only", bare))
        let request = ExecutionRequest(kind: .tests, code: "def f():\n    return 1\n", tests: ["assert f() == 1"])
        for (name, protections) in variants {
            let sandbox = Sandbox(protections: protections)
            _ = try await sandbox.execute(request)
            var times: [Double] = []
            for _ in 0..<20 {
                let started = ContinuousClock.now
                let outcome = try await sandbox.execute(request).outcome
                let elapsed = ContinuousClock.now - started
                #expect(outcome.allPassed)
                times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
            }
            times.sort()
            print("sandbox overhead [\(name)]: median \(String(format: "%.1f", times[10])) ms, "
                  + "min \(String(format: "%.1f", times[0])) ms, max \(String(format: "%.1f", times[19])) ms")
        }
    }
}
