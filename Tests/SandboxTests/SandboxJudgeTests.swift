import Foundation
import Sandbox
import SandboxWorld
import Testing

/// Hidden tests are judged outside the program's process: what the program's process says about itself (records
/// written to any descriptor, a tampered interpreter, objects that equal everything, CPU spent in other processes)
/// never makes a pass. Each hostile program here is wrong; the legal ones are right and pass.
@Suite struct SandboxJudgeTests {
    static let prompt = "def add(a, b):\n    \"\"\"The sum.\"\"\"\n"
    static let check = "def check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(-4, 4) == 0\n\ncheck(add)\n"

    /// The statuses of `body` (the function's body, after the prompt) on `check`.
    static func judged(_ body: String, tests: [String] = [check], testTimeout: Double = 2) async throws -> ExecutionOutcome {
        try await SandboxWorld.judge(prompt + body, tests, entryPoint: "add", prelude: prompt,
                                     limits: SandboxWorld.limits(testTimeout: testTimeout))
    }

    @Test func anHonestProgramPassesAndAWrongOneFails() async throws {
        #expect(try await Self.judged("    return a + b\n").allPassed)
        let wrong = try await Self.judged("    return a - b\n")
        #expect(wrong.tests.map(\.status) == [.fail])
        #expect(wrong.tests[0].message == "AssertionError (assert candidate(1, 2) == 3)")
    }

    @Test func recordsForgedIntoEveryDescriptorAreNotAPass() async throws {
        // At import: a pass record (of the old child's format, of the EvalPlus lines, of the harness's own) into every
        // descriptor it has and every one of its parent's it can open, then an exit before any call.
        let forged = #"""
            import os
            lines = [b'{"status": "pass", "message": ""}', b'{"g": 0, "i": 0, "s": "pass", "m": "", "t": false, "c": 0}\n',
                     b'{"loaded": true, "defined": true}', b'\x10\x00\x00\x00\x00\x00\x00\x00{"return": 3}   ']
            targets = list(range(0, 64)) + ['/proc/%d/fd/%d' % (os.getppid(), n) for n in range(64)] + ['/proc/1/fd/1']
            for target in targets:
                for line in lines:
                    try:
                        if isinstance(target, int):
                            os.write(target, line)
                        else:
                            fd = os.open(target, os.O_WRONLY)
                            os.write(fd, line)
                    except OSError:
                        pass
            os._exit(0)
            """#
        let outcome = try await SandboxWorld.judge(forged, [Self.check], entryPoint: "add", prelude: Self.prompt)
        #expect(!outcome.allPassed)
        #expect(outcome.tests.allSatisfy { $0.status == .error }, "\(outcome)")
    }

    @Test func theJudgesMemoryDescriptorsAndTracingAreClosedToTheProgram() async throws {
        // The program says which of its attempts on its judge (its parent) succeeded; as root without a uid of its
        // own it could do all of them, so this needs the machine's unprivileged uid.
        guard SandboxWorld.protections.unprivilegedUser else { return }
        let probe = """
            def add(a, b):
                import ctypes, os
                judge, opened = os.getppid(), []
                for path in ('/proc/%d/mem' % judge, '/proc/%d/environ' % judge, '/proc/%d/fd/0' % judge):
                    try:
                        os.close(os.open(path, os.O_RDONLY))
                        opened.append(path)
                    except OSError:
                        pass
                try:
                    os.listdir('/proc/%d/fd' % judge)
                    opened.append('fd list')
                except OSError:
                    pass
                libc = ctypes.CDLL(None, use_errno=True)
                if libc.ptrace(16, judge, 0, 0) == 0:   # PTRACE_ATTACH
                    opened.append('ptrace')
                return 'closed' if not opened else ', '.join(opened)
            """
        let outcome = try await SandboxWorld.judge(probe, ["assert add(0, 0) == 'closed', add(0, 0)"], entryPoint: "add")
        #expect(outcome.tests.map(\.status) == [.pass], "\(outcome.tests)")
    }

    @Test func tamperingWithItsOwnInterpreterChangesNoVerdict() async throws {
        let tampering = """
                import builtins, gc, json, math, sys
                builtins.bool = lambda *args: True
                math.isclose = lambda *args, **kwargs: True
                json.dumps = lambda *args, **kwargs: '{"return": 3}'
                main = sys.modules['__main__']
                for name in ('encode', 'write_frame', 'decode'):
                    if hasattr(main, name):
                        setattr(main, name, getattr(main, name))
                sys.settrace(lambda *args: None)
                return 0
            """
        let outcome = try await Self.judged(tampering)
        #expect(outcome.tests.map(\.status) != [.pass], "\(outcome.tests)")
    }

    @Test func theExpectedAnswerIsNotInTheProgramsProcess() async throws {
        // Looks for the test's text in its callers' frames and in every object (the text is put together at run
        // time, so that its own source does not hold it), and would answer from it.
        let reading = """
                import gc, sys
                wanted = ''.join(['assert cand', 'idate(1, 2) == 3'])
                frame = sys._getframe(1)
                while frame is not None:
                    for value in list(frame.f_locals.values()) + list(frame.f_code.co_consts):
                        if isinstance(value, str) and wanted in value:
                            return 3 if a == 1 else 0
                    frame = frame.f_back
                for item in gc.get_objects():
                    if isinstance(item, (dict, list, tuple)) and wanted in str(item)[:1000000]:
                        return 3 if a == 1 else 0
                return -1
            """
        let outcome = try await Self.judged(reading)
        #expect(outcome.tests.map(\.status) == [.fail], "\(outcome.tests)")
    }

    @Test func objectsThatEqualEverythingAreNotValues() async throws {
        for body in [
            "    class Yes(int):\n        def __eq__(self, other): return True\n    return Yes(0)\n",
            "    class Nan(float):\n        def __eq__(self, other): return True\n    return Nan('nan')\n",
            "    class Text(str):\n        def __eq__(self, other): return True\n    return Text('')\n",
            "    class Many(list):\n        def __eq__(self, other): return True\n    return Many()\n",
            "    return (n for n in [a + b])\n",
            "    return add\n",
        ] {
            let outcome = try await Self.judged(body)
            #expect(outcome.tests.map(\.status) == [.error], "\(body): \(outcome.tests)")
            #expect(outcome.tests[0].message.hasPrefix("the program returned a value of type"), "\(outcome.tests)")
        }
        // A real NaN is a value, and it is not 3.
        #expect(try await Self.judged("    return float('nan')\n").tests.map(\.status) == [.fail])
    }

    @Test func theCPUOfEveryProcessTheProgramStartsIsCounted() async throws {
        let marker = String(SandboxWorld.marker("burn").prefix(15))
        // Workers burn 6 CPU-s between them while the program's own process waits for their answer.
        let burning = """
                import ctypes, os, time
                r, w = os.pipe()
                for _ in range(2):
                    if os.fork() == 0:
                        ctypes.CDLL(None).prctl(15, b'\(marker)', 0, 0, 0)
                        start = time.process_time()
                        while time.process_time() - start < 3:
                            pass
                        os.write(w, b'x')
                        os._exit(0)
                os.read(r, 1)
                os.read(r, 1)
                return a + b
            """
        let burnt = try await Self.judged(burning, testTimeout: 2)
        #expect(burnt.tests.map(\.status) == [.timeout], "\(burnt.tests)")
        #expect(await SandboxWorld.remainingProcesses(containing: marker).isEmpty)
        // A daemon left running when the call returns (its own session, its parent gone) is a failure.
        let leaving = """
                import ctypes, os, time
                if os.fork() == 0:
                    os.setsid()
                    if os.fork() == 0:
                        ctypes.CDLL(None).prctl(15, b'\(marker)', 0, 0, 0)
                        time.sleep(60)
                    os._exit(0)
                return a + b
            """
        let left = try await Self.judged(leaving)
        #expect(left.tests.map(\.status) == [.error], "\(left.tests)")
        #expect(left.tests[0].message.hasPrefix("left 1 process running"), "\(left.tests)")
        // A child that ends by itself, unreaped, is not left running.
        #expect(try await Self.judged("    import os\n    if os.fork() == 0:\n        os._exit(0)\n    return a + b\n").allPassed)
        #expect(await SandboxWorld.remainingProcesses(containing: marker).isEmpty)
    }

    @Test func stoppingOrKillingTheJudgeIsAnError() async throws {
        for signal in ["SIGSTOP", "SIGKILL", "SIGTERM"] {
            let outcome = try await Self.judged("    import os, signal\n    os.kill(os.getppid(), signal.\(signal))\n    return 3\n")
            #expect(outcome.tests.map(\.status) == [.error], "\(signal): \(outcome.tests)")
        }
    }

    @Test func exceptionsCrossAsTheirNearestBuiltInType() async throws {
        let expecting = """
            def check(candidate):
                try:
                    candidate(1, 2)
                except KeyError as error:
                    assert type(error) is KeyError and 'missing' in str(error)
                else:
                    assert False, 'no KeyError'

            check(add)
            """
        #expect(try await Self.judged("    raise KeyError('missing')\n", tests: [expecting]).allPassed)
        #expect(try await Self.judged("    class Mine(KeyError):\n        pass\n    raise Mine('missing')\n",
                                      tests: [expecting]).allPassed)
        for raised in ["SystemExit(0)", "KeyboardInterrupt()", "GeneratorExit()",
                       "type('Odd', (BaseException,), {})()"] {
            let outcome = try await Self.judged("    raise \(raised)\n", tests: [expecting])
            #expect(outcome.tests.map(\.status) == [.error], "\(raised): \(outcome.tests)")
        }
    }

    @Test func unusualButLegalProgramsPass() async throws {
        let legal = [
            // Threads.
            "    import threading\n    out = []\n    t = threading.Thread(target=lambda: out.append(a + b))\n    t.start()\n    t.join()\n    return out[0]\n",
            // A fork it reaps, and a subprocess.
            "    import os\n    pid = os.fork()\n    if pid == 0:\n        os._exit(0)\n    os.waitpid(pid, 0)\n    return a + b\n",
            "    import subprocess, sys\n    return int(subprocess.run([sys.executable, '-c', 'print(%d)' % (a + b)], capture_output=True).stdout)\n",
            // A scratch file in its working directory and in /tmp; printing.
            "    import os\n    for path in ('scratch', '/tmp/scratch'):\n        with open(path, 'w') as f:\n            f.write(str(a + b))\n        with open(path) as f:\n            value = int(f.read())\n        os.remove(path)\n    print('x' * 10000)\n    return value\n",
        ]
        for body in legal {
            let outcome = try await Self.judged(body)
            #expect(outcome.allPassed, "\(body): \(outcome.tests)")
        }
        #expect(try await Self.judged("    print('x' * 10000)\n    return a + b\n").tests[0].outputBytes >= 10001)
    }

    @Test func valuesCrossExactly() async throws {
        let values = """
            def values(which):
                return {'int': 2 ** 100, 'neg': -(2 ** 70), 'zero': -0.0, 'inf': float('-inf'), 'bytes': b'\\x00\\xff',
                        'nested': ({1: (2, [3, {4}])}, frozenset({'a'}), None, True, 1.5, 2 + 3j)}[which]
            """
        let test = """
            import math
            assert values('int') == 2 ** 100 and type(values('int')) is int
            assert values('neg') == -(2 ** 70)
            assert math.copysign(1, values('zero')) == -1
            assert values('inf') == float('-inf')
            assert values('bytes') == b'\\x00\\xff'
            assert values('nested') == ({1: (2, [3, {4}])}, frozenset({'a'}), None, True, 1.5, 2 + 3j)
            assert type(values('nested')[0][1]) is tuple and type(values('nested')[0][1][1]) is list
            """
        let outcome = try await SandboxWorld.judge(values, [test], entryPoint: "values")
        #expect(outcome.allPassed, "\(outcome.tests)")
    }

    @Test func codeThatCannotLoadIsALoadError() async throws {
        let broken = try await SandboxWorld.judge("def add(a, b)\n    return a + b\n", [Self.check, Self.check],
                                                  entryPoint: "add", prelude: Self.prompt)
        #expect(broken.loadError?.hasPrefix("SyntaxError") == true, "\(broken)")
        #expect(broken.tests.map(\.status) == [.error, .error])
        let hanging = try await SandboxWorld.judge("while True:\n    pass\n", [Self.check], entryPoint: "add",
                                                   prelude: Self.prompt, limits: SandboxWorld.limits(testTimeout: 1))
        #expect(hanging.tests.map(\.status) == [.timeout], "\(hanging)")
    }
}
