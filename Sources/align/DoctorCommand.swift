import ArgumentParser
import Engine
import Foundation
import Recorder
import Sandbox

/// `align doctor`: which sandbox protections this machine gives generated code, and what is missing.
struct DoctorCommand: AlignCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Show which sandbox protections are active here and what is missing.",
        discussion: """
            Probes Python (ALIGN_PYTHON, else /usr/bin/python3), root, bubblewrap (a filesystem view with nothing \
            of the host, made and Python run in it), unshare (pid, mount, network and IPC namespaces with a private \
            /tmp, where bubblewrap is missing), setpriv (an unprivileged uid per execution) and prlimit (rlimits). \
            Exits 1 when Python cannot be run, since no execution could happen.
            """)

    @Option(help: "The Python interpreter to probe (default: $ALIGN_PYTHON, else /usr/bin/python3).") var python: String?
    @Flag(help: "Print JSON.") var json = false

    func execute() throws {
        let protections = SandboxProtections.detect(python: python)
        if json {
            print(protections.json.canonicalString)
        } else {
            func mark(_ active: Bool) -> String { active ? "yes" : "no " }
            let rows: [(String, Bool, String)] = [
                ("python", protections.pythonAvailable,
                 protections.pythonPath + (protections.pythonVersion.map { " (\($0))" } ?? " (cannot be run)")),
                ("rlimits", protections.resourceLimits, "cpu, address space, file size, processes, open files"),
                ("unprivileged uid", protections.unprivilegedUser,
                 "a uid of its own per execution, \(SandboxUIDPool.firstUID)…"
                    + "\(SandboxUIDPool.firstUID + SandboxUIDPool.size - 1)"),
                ("namespaces", protections.namespaces, "pid, mount, ipc"
                    + (protections.filesystem == .isolated ? ", uts (bubblewrap)" : " (unshare)")),
                ("filesystem", protections.filesystem == .isolated, Self.describe(protections)),
                ("network isolated", protections.networkIsolated, "a network namespace with no interfaces up"),
                ("environment", true, "PATH, LANG, HOME, PYTHONHASHSEED, PYTHONDONTWRITEBYTECODE only"),
            ]
            for (name, active, detail) in rows {
                print("\(name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(mark(active))  \(detail)")
            }
            print(protections.summary)
            for item in protections.missing { print("missing: \(item)") }
        }
        if !protections.pythonAvailable { throw ExitCode(ExitStatus.findings.rawValue) }
    }

    /// What generated code sees of the host's files.
    static func describe(_ protections: SandboxProtections) -> String {
        switch protections.filesystem {
        case .isolated:
            "nothing of the host: /usr read-only"
                + protections.pythonRoots.map { ", \($0) read-only" }.joined()
                + "; private /tmp/work, /tmp, /var/tmp, /dev/shm, /run (bubblewrap)"
        case .privateTemporary: "the host's files, with a private /tmp, /var/tmp, /dev/shm"
        case .host: "the host's files, nothing private"
        }
    }
}
