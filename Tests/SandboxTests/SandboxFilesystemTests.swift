import Foundation
import Sandbox
import SandboxWorld
import Testing
import TestTraits

/// The program's filesystem holds nothing of the host: hostile programs look for a task file this test put on the
/// host, for the repository, for home directories and system files, and try to leave files or pass them to another
/// execution; none of it works under bubblewrap's view.
@Suite(.serialized, .heavy) struct SandboxFilesystemTests {
    static let add = "def add(a, b):\n    return a + b\n"

    /// The repository this test file is in.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// Runs the test only where this machine has the view (it has, after `scripts/setup`).
    static var viewAvailable: Bool { SandboxWorld.protections.filesystem == .isolated }

    @Test(.enabled(if: viewAvailable, "bubblewrap's view is not available here (see align doctor)"))
    func theHostsFilesAreOutOfSight() async throws {
        let host = try HostTaskFiles()
        defer { host.remove() }
        let paths = Self.hostPaths + [host.taskFile, host.directory, host.repositoryFile]
        let onHost = paths.filter { FileManager.default.fileExists(atPath: $0) }
        #expect(onHost.count >= 10, "the host should have most of these: \(onHost)")
        let seen = try await Self.report(SandboxWorld.run(Self.add, [Self.lookFor(onHost)]))
        #expect(seen == "[]")
    }

    @Test(.enabled(if: viewAvailable, "bubblewrap's view is not available here (see align doctor)"))
    func aWalkOfTheWholeTreeFindsNoTaskFile() async throws {
        let host = try HostTaskFiles()
        defer { host.remove() }
        let walk = """
            import json, os
            def test_walk():
                found, top = [], sorted(os.listdir('/'))
                for root, directories, files in os.walk('/'):
                    if root in ('/proc', '/sys', '/usr'):
                        directories[:] = []
                        continue
                    found += [os.path.join(root, name) for name in directories + files
                              if '\(host.marker)' in name or name.endswith(('.jsonl.gz', '.sqlite'))]
                etc = sorted(os.listdir('/etc')) if os.path.isdir('/etc') else None
                assert False, '<<' + json.dumps({'found': found, 'top': top, 'etc': etc}) + '>>'
            """
        let outcome = try await SandboxWorld.run(Self.add, [walk], limits: SandboxWorld.limits(testTimeout: 60))
        let report = try JSONSerialization.jsonObject(with: Data(Self.report(outcome).utf8)) as? [String: Any]
        #expect(report?["found"] as? [String] == [], "\(report ?? [:])")
        let top = Set(report?["top"] as? [String] ?? ["?"])
        #expect(top.isSubset(of: ["bin", "dev", "lib", "lib64", "proc", "run", "sbin", "tmp", "usr", "var"]),
                "\(top.sorted())")
        #expect(report?["etc"] is NSNull, "\(report?["etc"] ?? "")")
    }

    @Test(.enabled(if: viewAvailable, "bubblewrap's view is not available here (see align doctor)"))
    func filesWrittenAnywhereStayInTheExecution() async throws {
        let name = SandboxWorld.marker("left")
        let places = ["/tmp", "/tmp/work", "/var/tmp", "/dev/shm", "/run", "/run/lock", "/", "/etc", "/usr/lib", "/var"]
        defer { for place in places { try? FileManager.default.removeItem(atPath: "\(place)/\(name)") } }
        let write = """
            import json, os
            def test_write():
                written = []
                for place in \(Self.python(places)):
                    try:
                        with open(os.path.join(place, '\(name)'), 'w') as f:
                            f.write('left behind')
                        written.append(place)
                    except OSError:
                        pass
                assert False, '<<' + json.dumps(written) + '>>'
            """
        let written = try await Self.report(SandboxWorld.run(Self.add, [write]))
        // Scratch space is there and writable; the rest is read-only or not the program's.
        #expect(written == #"["/tmp", "/tmp/work", "/var/tmp", "/dev/shm", "/run/lock"]"#)
        let left = places.map { "\($0)/\(name)" }.filter { FileManager.default.fileExists(atPath: $0) }
        #expect(left == [])
    }

    @Test(.enabled(if: viewAvailable, "bubblewrap's view is not available here (see align doctor)"))
    func twoExecutionsCannotPassFilesToEachOther() async throws {
        // Each writes its files, then names itself (so the host sees that it wrote them), then waits for SIGUSR1
        // from the host, sent once both wrote theirs; only then it looks for the other's. No timing is guessed.
        let first = String(SandboxWorld.marker("pa").prefix(15)), second = String(SandboxWorld.marker("pb").prefix(15))
        func program(mine: String, theirs: String) -> String {
            """
            import ctypes, json, os, signal
            def test_exchange():
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})
                places = ['/run/lock', '/dev/shm', '/tmp', '/var/tmp', '/tmp/work']
                for place in places:
                    with open(os.path.join(place, '\(mine)'[::-1]), 'w') as f:
                        f.write('hello')
                ctypes.CDLL(None).prctl(15, '\(mine)'[::-1].encode(), 0, 0, 0)
                woken = signal.sigtimedwait({signal.SIGUSR1}, 600) is not None
                seen = [place for place in places if os.path.exists(os.path.join(place, '\(theirs)'[::-1]))]
                assert False, '<<' + json.dumps({'woken': woken, 'seen': seen}) + '>>'
            """
        }
        defer {
            for place in ["/run/lock", "/dev/shm", "/tmp", "/var/tmp"] {
                for marker in [first, second] { try? FileManager.default.removeItem(atPath: "\(place)/\(marker)") }
            }
        }
        let limits = SandboxWorld.limits(testTimeout: 60, execution: 900)
        async let one = SandboxWorld.run(Self.add, [program(mine: String(first.reversed()),
                                                            theirs: String(second.reversed()))], limits: limits)
        async let two = SandboxWorld.run(Self.add, [program(mine: String(second.reversed()),
                                                            theirs: String(first.reversed()))], limits: limits)
        var pids: [Int32] = []
        try await SandboxWorld.waitUntil("both executions wrote their files", limit: .seconds(300)) {
            pids = [first, second].compactMap { marker in
                SandboxWorld.processes(containing: marker).first.flatMap { Int32($0.prefix { $0 != ":" }) }
            }
            return pids.count == 2
        }
        for pid in pids { kill(pid, SIGUSR1) }
        for outcome in try await [one, two] {
            #expect(try Self.report(outcome) == #"{"woken": true, "seen": []}"#)
        }
    }

    @Test(.enabled(if: viewAvailable, "bubblewrap's view is not available here (see align doctor)"))
    func pythonRunsPythonAndItsLibrariesInsideTheView() async throws {
        let program = """
            import ctypes, decimal, json, locale, multiprocessing, os, sqlite3, ssl, subprocess, sys, tempfile, time
            import zoneinfo
            def test_python():
                child = subprocess.run([sys.executable, '-c', 'import os; print(6 * 7, os.getuid())'],
                                       capture_output=True, text=True, check=True).stdout.split()
                lock = multiprocessing.Lock()
                with tempfile.NamedTemporaryFile() as f, lock:
                    f.write(b'x')
                report = {'child': child[0], 'same_uid': child[1] == str(os.getuid()), 'cwd': os.getcwd(),
                          'home': os.path.expanduser('~'), 'zone': str(zoneinfo.ZoneInfo('Europe/Paris')),
                          'sqlite': sqlite3.connect(':memory:').execute('select 1').fetchone()[0],
                          'encoding': locale.getpreferredencoding(), 'year': time.localtime().tm_year > 2000}
                assert False, '<<' + json.dumps(report, sort_keys=True) + '>>'
            """
        let report = try await Self.report(SandboxWorld.run(Self.add, [program]))
        #expect(report == #"{"child": "42", "cwd": "/tmp/work", "encoding": "UTF-8", "home": "/tmp/work", "#
                + #""same_uid": true, "sqlite": 1, "year": true, "zone": "Europe/Paris"}"#)
    }

    @Test func withoutBubblewrapTheHostIsInSightAndTheHeaderSaysSo() async throws {
        var protections = SandboxWorld.protections
        protections.isolatedFilesystem = false
        #expect(protections.filesystem != .isolated)
        #expect(protections.summary.contains(protections.namespaces ? "host files visible" : "the host's, nothing private"),
                "\(protections.summary)")
        #expect(protections.missing.contains { $0.hasPrefix("filesystem view:") }, "\(protections.missing)")
        guard protections.pythonAvailable, protections.namespaces else { return }
        // The same hostile program as above finds the task file in the repository here (the one under /tmp is
        // hidden by the private /tmp): the tests above can fail.
        let host = try HostTaskFiles()
        defer { host.remove() }
        let seen = try await Self.report(SandboxWorld.run(Self.add, [Self.lookFor([host.taskFile, host.repositoryFile])],
                                                          protections: protections))
        #expect(seen == "[\"\(host.repositoryFile)\"]")
    }

    @Test func theViewIsInTheHeaderAndTheJSON() {
        let view = SandboxProtections(pythonPath: "/usr/bin/python3", pythonVersion: "3.11.2", isRoot: true,
                                      namespaces: true, unprivilegedUser: true, resourceLimits: true,
                                      isolatedFilesystem: true, bubblewrapPath: "/usr/bin/bwrap")
        #expect(view.filesystem == .isolated)
        #expect(view.summary.contains("filesystem: nothing of the host (bubblewrap)"), "\(view.summary)")
        #expect(view.json["filesystem"]?.stringValue == "isolated")
        #expect(!view.missing.contains { $0.hasPrefix("filesystem view:") })

        var noBubblewrap = view
        noBubblewrap.bubblewrapPath = nil
        noBubblewrap.isolatedFilesystem = false
        #expect(noBubblewrap.filesystem == .privateTemporary)
        #expect(noBubblewrap.json["filesystem"]?.stringValue == "private-tmp")
        #expect(noBubblewrap.missing.contains(
            "filesystem view: bubblewrap not found; the host's files are in sight of generated code "
                + "(install bubblewrap (Debian: apt-get install bubblewrap))"), "\(noBubblewrap.missing)")

        var nothing = noBubblewrap
        nothing.namespaces = false
        #expect(nothing.filesystem == .host)
        #expect(nothing.summary.contains("filesystem: the host's, nothing private"), "\(nothing.summary)")
        // Built by hand without the new parameters: what it had before (the host's files, a private /tmp).
        let old = SandboxProtections(pythonPath: "/usr/bin/python3", pythonVersion: nil, isRoot: true,
                                     namespaces: true, unprivilegedUser: true, resourceLimits: true)
        #expect(old.filesystem == .privateTemporary)
    }

    @Test func anInstallationOutsideUsrIsBoundByItsOutermostPrefixesAndOneAtTheRootIsRefused() {
        #expect(SandboxProtections.installationRoots(["/usr", "/usr/local", "/tmp/x/venv", "/tmp/x/venv/lib/..",
                                                      "/opt/python3.12", "/opt/python3.12/bin"])
                == ["/opt/python3.12", "/tmp/x/venv"])
        #expect(SandboxProtections.installationRoots(["/usr", "/", "/opt/python3.12"]) == ["/"])
        let atRoot = SandboxProtections(pythonPath: "/bin/python3", pythonVersion: "3.11.2", isRoot: true,
                                        namespaces: true, unprivilegedUser: true, resourceLimits: true,
                                        bubblewrapPath: "/usr/bin/bwrap", pythonRoots: ["/"])
        #expect(atRoot.filesystem == .privateTemporary)
        #expect(atRoot.missing.contains { $0.hasPrefix("filesystem view: /bin/python3 is installed at /") },
                "\(atRoot.missing)")
    }

    @Test func anInterpreterOutsideUsrHasItsPrefixInTheViewAndNothingBesideIt() async throws {
        guard SandboxWorld.protections.filesystem == .isolated, SandboxWorld.protections.pythonAvailable else { return }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(SandboxWorld.marker("venv")).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        chmod(directory, 0o755)
        let beside = directory + "/tasks.jsonl"
        try Data("{}".utf8).write(to: URL(fileURLWithPath: beside))
        let venv = ChildProcess(executable: "/usr/bin/python3", arguments: ["-m", "venv", "--without-pip", directory + "/venv"],
                                environment: ["PATH": "/usr/bin:/bin"], timeout: .seconds(300))
        #expect(try await venv.run().status == 0)
        let protections = SandboxProtections.detect(python: directory + "/venv/bin/python3")
        #expect(protections.filesystem == .isolated, "\(protections.missing)")
        #expect(protections.pythonRoots == [directory + "/venv"])
        let program = """
            import json, os, sys
            def test_prefix():
                seen = {'prefix': sys.prefix, 'beside': os.path.exists('\(beside)'),
                        'listing': sorted(os.listdir('\(directory)'))}
                assert False, '<<' + json.dumps(seen) + '>>'
            """
        let seen = try await Self.report(SandboxWorld.run(Self.add, [program], protections: protections))
        #expect(seen == #"{"prefix": "\#(directory)/venv", "beside": false, "listing": ["venv"]}"#)
    }

    /// Host paths a program must not see: home directories, system files, the checkout and what is in it.
    static let hostPaths = [
        "/root", "/home", "/work", "/etc/passwd", "/etc/shadow", "/etc/hosts", "/etc/hostname", "/opt", "/srv", "/mnt",
        "/media", "/boot", "/var/lib", "/var/cache", "/var/log", "/sys", "/run/align-sandbox",
        repository, repository + "/fixtures/tasks/HumanEval.jsonl.gz", repository + "/fixtures/tasks/humaneval-10.jsonl",
        repository + "/fixtures/sample-cache.sqlite", repository + "/Package.swift",
    ]

    /// A test that reports which of `paths` exist, also through the root of every process it can see.
    static func lookFor(_ paths: [String]) -> String {
        """
        import json, os
        def test_look():
            paths = \(python(paths))
            roots = [''] + ['/proc/%s/root' % pid for pid in os.listdir('/proc') if pid.isdigit()]
            seen = sorted({path for path in paths for root in roots if os.path.lexists(root + path)})
            assert False, '<<' + json.dumps(seen) + '>>'
        """
    }

    /// What the test's failed assertion carried between `<<` and `>>`.
    static func report(_ outcome: ExecutionOutcome) throws -> String {
        let message = outcome.tests.first?.message ?? ""
        guard let start = message.range(of: "<<"),
              let end = message.range(of: ">>", range: start.upperBound..<message.endIndex)
        else {
            struct NoReport: Error, CustomStringConvertible { var description: String }
            throw NoReport(description: "the program reported nothing: \(outcome)")
        }
        return String(message[start.upperBound..<end.lowerBound])
    }

    /// A Python list literal of `strings`.
    static func python(_ strings: [String]) -> String {
        "[" + strings.map { "'" + $0.replacingOccurrences(of: "'", with: "\\'") + "'" }.joined(separator: ", ") + "]"
    }
}

/// A task file as `align eval --tasks` would be given one: in a directory of its own under the host's temporary
/// directory, and another in the repository's (git-ignored) `.build`, each with a name no other test uses.
struct HostTaskFiles {
    let marker = SandboxWorld.marker("task")
    let directory: String
    let taskFile: String
    let repositoryFile: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(marker).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        chmod(directory, 0o755)
        taskFile = directory + "/\(marker).jsonl"
        let reference = #"{"task_id": "x/0", "canonical_solution": "    return a + b\n"}"#
        try Data(reference.utf8).write(to: URL(fileURLWithPath: taskFile))
        chmod(taskFile, 0o644)
        repositoryFile = SandboxFilesystemTests.repository + "/.build/\(marker).jsonl"
        try Data(reference.utf8).write(to: URL(fileURLWithPath: repositoryFile))
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
        try? FileManager.default.removeItem(atPath: repositoryFile)
    }
}
