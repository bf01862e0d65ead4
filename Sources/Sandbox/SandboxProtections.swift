import Foundation
import Recorder

/// Which protections the sandbox can use on this machine, detected once and reported by `align doctor` and in the
/// run header.
///
/// Turn a protection off by setting its flag to false before building a `Sandbox` (e.g. to measure its cost).
public struct SandboxProtections: Sendable, Equatable {
    /// The Python interpreter the harness runs on (`ALIGN_PYTHON`, else `/usr/bin/python3`).
    public var pythonPath: String
    /// Its version (`3.11.2`), or nil when it cannot be run.
    public var pythonVersion: String?
    /// True when `align` runs as root, which the uid and namespace protections need.
    public var isRoot: Bool
    /// New PID, mount, network and IPC namespaces per execution (`unshare`), with a private `/tmp` and `/dev/shm`.
    public var namespaces: Bool
    /// Generated code runs under an unprivileged uid of its own from a pool (`setpriv`).
    public var unprivilegedUser: Bool
    /// CPU, address space, file size, process and open-file limits (`prlimit`).
    public var resourceLimits: Bool
    /// Paths of the tools found.
    public var unsharePath: String?, setprivPath: String?, prlimitPath: String?

    /// Builds protections by hand (tests; normally use `detect`).
    public init(pythonPath: String, pythonVersion: String?, isRoot: Bool, namespaces: Bool, unprivilegedUser: Bool,
                resourceLimits: Bool, unsharePath: String? = nil, setprivPath: String? = nil,
                prlimitPath: String? = nil)
    {
        self.pythonPath = pythonPath
        self.pythonVersion = pythonVersion
        self.isRoot = isRoot
        self.namespaces = namespaces
        self.unprivilegedUser = unprivilegedUser
        self.resourceLimits = resourceLimits
        self.unsharePath = unsharePath
        self.setprivPath = setprivPath
        self.prlimitPath = prlimitPath
    }

    /// True when the network is out of reach of generated code (it has a network namespace of its own).
    public var networkIsolated: Bool { namespaces }

    /// True when the harness can run at all.
    public var pythonAvailable: Bool { pythonVersion != nil }

    /// The Python path named by `ALIGN_PYTHON`, else `/usr/bin/python3`.
    public static func defaultPython(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["ALIGN_PYTHON"], !path.isEmpty { return path }
        return "/usr/bin/python3"
    }

    /// This machine's protections with the default Python, probed once per process on first use.
    public static let detected = detect()

    /// Probes this machine: the tools, root, whether `unshare` may create namespaces, and the Python version.
    /// - Parameter python: the interpreter to use; `defaultPython()` when nil.
    public static func detect(python: String? = nil) -> SandboxProtections {
        let pythonPath = python ?? defaultPython()
        let unshare = findTool("unshare"), setpriv = findTool("setpriv"), prlimit = findTool("prlimit")
        let isRoot = geteuid() == 0
        var namespaces = false
        if isRoot, let unshare {
            namespaces = probe(unshare, ["--pid", "--fork", "--kill-child", "--mount-proc", "--net", "--mount",
                                         "--ipc", "--", "/bin/sh", "-c", "mount -t tmpfs -o size=1m tmpfs /tmp"])
                .status == 0
        }
        let arguments = ["-c", "import sys, ctypes; print('%d.%d.%d' % sys.version_info[:3])"]
        var version = probe(pythonPath, arguments)
        if version.status == 0, isRoot, let setpriv {
            // Generated code runs under an unprivileged uid: Python must be runnable by one (a pyenv shim under
            // /root is not). Probed as nobody, so that no pool uid in use is touched.
            version = probe(setpriv, ["--reuid", "65534", "--regid", "65534", "--clear-groups", pythonPath] + arguments)
        }
        return SandboxProtections(
            pythonPath: pythonPath,
            pythonVersion: version.status == 0 ? version.output.trimmingCharacters(in: .whitespacesAndNewlines) : nil,
            isRoot: isRoot, namespaces: namespaces, unprivilegedUser: isRoot && setpriv != nil,
            resourceLimits: prlimit != nil, unsharePath: unshare, setprivPath: setpriv, prlimitPath: prlimit)
    }

    /// Protections the sandbox lacks here, each with what it would take.
    public var missing: [String] {
        var missing: [String] = []
        if !pythonAvailable {
            missing.append("python: \(pythonPath) cannot be run\(isRoot ? " by an unprivileged uid" : "") "
                           + "(set ALIGN_PYTHON to a world-executable python3 with ctypes)")
        }
        if !resourceLimits { missing.append("rlimits: prlimit (util-linux) not found") }
        if !isRoot {
            missing.append("unprivileged uid: needs root (generated code runs as the current user)")
        } else if !unprivilegedUser {
            missing.append("unprivileged uid: setpriv (util-linux) not found; generated code would run as root")
        }
        if !namespaces {
            missing.append(isRoot
                ? "namespaces: unshare could not create pid/mount/net namespaces here; no network isolation, shared /tmp"
                : "namespaces: need root; no network isolation, shared /tmp, a setsid daemon can outlive its test")
        }
        return missing
    }

    /// One line for the run header, e.g. `sandbox: python 3.11.2; namespaces (pid, mount, net, ipc); uid pool; rlimits`.
    public var summary: String {
        var parts = [pythonVersion.map { "python \($0)" } ?? "python unavailable (\(pythonPath))"]
        parts.append(namespaces ? "namespaces (pid, mount, net, ipc; private /tmp)" : "no namespaces")
        parts.append(unprivilegedUser ? "uid pool \(SandboxUIDPool.firstUID)…\(SandboxUIDPool.firstUID + SandboxUIDPool.size - 1)"
                                      : "same uid")
        parts.append(resourceLimits ? "rlimits" : "no rlimits")
        parts.append(networkIsolated ? "no network" : "network reachable")
        return "sandbox: " + parts.joined(separator: "; ")
    }

    /// The protections as JSON, for `align doctor --json`.
    public var json: JSONValue {
        .object([
            "python": .object(["path": .string(pythonPath), "version": pythonVersion.map(JSONValue.string) ?? .null]),
            "root": .bool(isRoot), "namespaces": .bool(namespaces), "unprivileged_uid": .bool(unprivilegedUser),
            "rlimits": .bool(resourceLimits), "network_isolated": .bool(networkIsolated),
            "missing": .array(missing.map(JSONValue.string)), "summary": .string(summary),
        ])
    }

    private static func findTool(_ name: String) -> String? {
        for directory in ["/usr/bin", "/bin", "/usr/sbin", "/sbin"] {
            let path = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Runs a probe to its end under the sandbox's own supervision (`ChildProcess`), on the calling thread: it is
    /// run once per process, and a probe that hangs is killed after 30 s and counts as failed.
    private static func probe(_ executable: String, _ arguments: [String]) -> (status: Int32, output: String) {
        guard FileManager.default.isExecutableFile(atPath: executable) else { return (-1, "") }
        let process = ChildProcess(executable: executable, arguments: arguments,
                                   environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"], timeout: .seconds(30))
        guard let result = try? process.runBlocking(), !result.timedOut, !result.signaled else { return (-1, "") }
        return (result.status, String(decoding: result.stdout, as: UTF8.self))
    }
}
