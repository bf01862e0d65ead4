import Sandbox
import SandboxWorld
import Testing

/// Per-test outcomes as the harness records them: each test on its own against freshly loaded code.
@Suite struct SandboxOutcomeTests {
    static let add = "def add(a, b):\n    return a + b\n"

    @Test func eachTestHasItsOwnOutcomeAndMessage() async throws {
        let outcome = try await SandboxWorld.run(Self.add, [
            "assert add(1, 2) == 3",
            "assert add(1, 2) == 4",
            "def test_named():\n    assert add(2, 2) == 5, 'two and two'\n",
            "add(1, None)",
            "def test_loop():\n    while True:\n        pass\n",
            "def helper():\n    raise ValueError('never called')\n",
        ], limits: SandboxWorld.limits(testTimeout: 1))
        #expect(outcome.loadError == nil)
        #expect(outcome.tests.map(\.status) == [.pass, .fail, .fail, .error, .timeout, .pass])
        #expect(outcome.tests.map(\.index) == Array(0..<6))
        #expect(outcome.tests[0].message == "")
        #expect(outcome.tests[1].message == "AssertionError (assert add(1, 2) == 4)")
        #expect(outcome.tests[2].message == "AssertionError: two and two (assert add(2, 2) == 5, 'two and two')")
        #expect(outcome.tests[3].message == "TypeError: unsupported operand type(s) for +: 'int' and 'NoneType'")
        #expect(outcome.tests[4].message == "exceeded the 1 s CPU time limit")
        #expect(outcome.statusWord == "timeout")
    }

    @Test func aTestCannotSpoilTheNext() async throws {
        let outcome = try await SandboxWorld.run(Self.add, [
            "import builtins\nbuiltins.len = lambda x: 0\nadd.__globals__['add'] = lambda a, b: 0\nassert len([1]) == 0",
            "assert len([1]) == 1 and add(1, 2) == 3",
        ])
        #expect(outcome.tests.map(\.status) == [.pass, .pass])
        #expect(outcome.allPassed)
    }

    @Test func codeThatCannotLoadIsALoadErrorForEveryTest() async throws {
        let syntax = try await SandboxWorld.run("def add(a, b)\n    return a + b\n", ["assert add(1, 2) == 3", "assert 1"])
        #expect(syntax.loadError == "SyntaxError: expected ':' (<code>, line 1)")
        #expect(syntax.tests.map(\.status) == [.error, .error])
        #expect(syntax.tests.allSatisfy { $0.message == syntax.loadError })
        #expect(syntax.statusWord == "load_error")

        let raising = try await SandboxWorld.run("import no_such_module_here\n", ["assert True"])
        #expect(raising.loadError == "ModuleNotFoundError: No module named 'no_such_module_here'")
        #expect(!raising.allPassed)
    }

    @Test func theSyntaxKindParsesWithoutRunning() async throws {
        let marker = SandboxWorld.marker("syntax")
        let outcome = try await SandboxWorld.run(
            "import os\nos.makedirs('/tmp/\(marker)')\nwhile True: pass\n",
            ["assert add(1, 2) == 3", "assert add(1, 2) = 3", "def test_x(:\n    pass\n"], kind: .syntax)
        #expect(outcome.tests.map(\.index) == [0, 1, 2, 3])
        #expect(outcome.tests.map(\.status) == [.pass, .pass, .error, .error])
        #expect(outcome.tests[2].message.hasPrefix("SyntaxError: "))
        #expect(outcome.tests[2].message.hasSuffix("(line 1)"))
        #expect(SandboxWorld.hostFiles(named: marker).isEmpty)
    }

    @Test func outcomesAreDeterministicContent() async throws {
        let code = "class Box:\n    pass\ndef make():\n    return Box()\n"
        let tests = ["assert make() == 1, repr(make())", "assert {'b', 'a', 'c'} == set()"]
        let first = try await SandboxWorld.run(code, tests)
        let second = try await SandboxWorld.run(code, tests)
        #expect(first == second)
        // Addresses are scrubbed; set order is fixed by PYTHONHASHSEED=0.
        #expect(first.tests[0].message.contains("<__sandbox__.Box object at 0x?>"))
        #expect(first.json.canonicalBytes == second.json.canonicalBytes)
        #expect(try ExecutionOutcome(json: first.json) == first)
    }
}
