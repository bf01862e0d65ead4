import Foundation
import Sandbox
import SandboxWorld
import Testing

/// With fewer protections (no namespaces; no uid of its own) the sandbox still contains and reports.
@Suite(.serialized) struct SandboxFallbackTests {
    static let add = "def add(a, b):\n    return a + b\n"

    static var withoutNamespaces: SandboxProtections {
        var protections = SandboxWorld.protections
        protections.namespaces = false
        return protections
    }

    static var withoutNamespacesOrUID: SandboxProtections {
        var protections = withoutNamespaces
        protections.unprivilegedUser = false
        return protections
    }

    @Test(arguments: [SandboxFallbackTests.withoutNamespaces, SandboxFallbackTests.withoutNamespacesOrUID])
    func outcomesDaemonsAndTheWorkingDirectory(protections: SandboxProtections) async throws {
        #expect(!Sandbox(protections: protections).protections.summary.contains("namespaces ("))
        let marker = SandboxWorld.marker("fallback")
        let outcome = try await SandboxWorld.run(Self.add, [
            "assert add(1, 2) == 3",
            "assert add(1, 2) == 4",
            SandboxContainmentTests.daemon(marker),
            "import os\nopen('left', 'w').write('x')\nassert False, os.getcwd()",
            "while True: pass",
        ], limits: SandboxWorld.limits(testTimeout: 1), protections: protections)
        #expect(outcome.tests.map(\.status) == [.pass, .fail, .pass, .fail, .timeout])
        #expect(await SandboxWorld.remainingProcesses(containing: marker).isEmpty)
        let workingDirectory = String(outcome.tests[3].message.dropFirst("AssertionError: ".count).prefix { $0 != " " })
        #expect(workingDirectory.contains("align-sandbox-"))
        #expect(!FileManager.default.fileExists(atPath: workingDirectory))
    }

    @Test func anEarlyExitIsStillNotAPass() async throws {
        let outcome = try await SandboxWorld.run("import os\nos._exit(0)\n", ["assert True"],
                                                 protections: Self.withoutNamespacesOrUID)
        #expect(outcome.loadError == "exited without a result (exit status 0)")
        #expect(outcome.tests.map(\.status) == [.error])
    }
}
