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
    /// New PID, mount, network and IPC namespaces per execution (bubblewrap's or `unshare`'s), with at least a
    /// private `/tmp`, `/var/tmp` and `/dev/shm`.
    public var namespaces: Bool
    /// bubblewrap's filesystem view, with nothing of the host but `/usr` and the interpreter (`filesystem`).
    public var isolatedFilesystem: Bool
    /// Generated code runs under an unprivileged uid of its own from a pool (`setpriv`).
    public var unprivilegedUser: Bool
    /// CPU, address space, file size, process and open-file limits (`prlimit`).
    public var resourceLimits: Bool
    /// Paths of the tools found.
    public var unsharePath: String?, setprivPath: String?, prlimitPath: String?, bubblewrapPath: String?
    /// Where the interpreter's installation lies outside `/usr` (a venv, `/opt/python3.12`): bound read-only at the
    /// same paths in bubblewrap's view. Empty for Debian's python3.
    public var pythonRoots: [String]

    /// Builds protections by hand (tests; normally use `detect`).
    public init(pythonPath: String, pythonVersion: String?, isRoot: Bool, namespaces: Bool, unprivilegedUser: Bool,
                resourceLimits: Bool, unsharePath: String? = nil, setprivPath: String? = nil,
                prlimitPath: String? = nil, isolatedFilesystem: Bool = false, bubblewrapPath: String? = nil,
                pythonRoots: [String] = [])
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
        self.isolatedFilesystem = isolatedFilesystem
        self.bubblewrapPath = bubblewrapPath
        self.pythonRoots = pythonRoots
    }

    /// What of the host's filesystem generated code sees; stored with each run's header in `summary`.
    public enum FilesystemView: String, Sendable, Equatable {
        /// bubblewrap's view: `/usr` and the interpreter read-only, private tmpfs for the rest; nothing of the host.
        case isolated
        /// The host's files (read as the sandbox uid may), with a private `/tmp`, `/var/tmp` and `/dev/shm`.
        case privateTemporary = "private-tmp"
        /// The host's files, nothing private: a temporary working directory, removed after.
        case host
    }

    /// The filesystem view executions get.
    public var filesystem: FilesystemView {
        guard namespaces else { return .host }
        return isolatedFilesystem ? .isolated : .privateTemporary
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

    /// Probes this machine: the tools, root, whether `unshare` may create namespaces, the Python version and
    /// installation, and whether bubblewrap makes the view and runs that Python in it as an unprivileged uid.
    /// - Parameter python: the interpreter to use; `defaultPython()` when nil.
    public static func detect(python: String? = nil) -> SandboxProtections {
        let pythonPath = python ?? defaultPython()
        let unshare = findTool("unshare"), setpriv = findTool("setpriv"), prlimit = findTool("prlimit")
        let bubblewrap = findTool("bwrap")
        let isRoot = geteuid() == 0
        var namespaces = false
        if isRoot, let unshare {
            namespaces = probe(unshare, ["--pid", "--fork", "--kill-child", "--mount-proc", "--net", "--mount",
                                         "--ipc", "--", "/bin/sh", "-c", "mount -t tmpfs -o size=1m tmpfs /tmp"])
                .status == 0
        }
        var version = probe(pythonPath, pythonProbe)
        if version.status == 0, isRoot, let setpriv {
            // Generated code runs under an unprivileged uid: Python must be runnable by one (a pyenv shim under
            // /root is not). Probed as nobody, so that no pool uid in use is touched.
            version = probe(setpriv, ["--reuid", "65534", "--regid", "65534", "--clear-groups", pythonPath] + pythonProbe)
        }
        let lines = version.status == 0 ? version.output.split(separator: "\n").map(String.init) : []
        var protections = SandboxProtections(
            pythonPath: pythonPath, pythonVersion: lines.first, isRoot: isRoot, namespaces: namespaces,
            unprivilegedUser: isRoot && setpriv != nil, resourceLimits: prlimit != nil, unsharePath: unshare,
            setprivPath: setpriv, prlimitPath: prlimit, bubblewrapPath: bubblewrap,
            pythonRoots: installationRoots(Array(lines.dropFirst())))
        if isRoot, bubblewrap != nil, let expected = lines.first, !protections.pythonRoots.contains("/") {
            // The probe is an execution's own launch, harness aside: the view made and Python run in it as nobody.
            var view = protections
            view.namespaces = true
            view.isolatedFilesystem = true
            if let launch = try? Sandbox(protections: view).launch(limits: .standard,
                                                                   uid: view.unprivilegedUser ? 65534 : nil,
                                                                   python: pythonProbe)
            {
                let ran = probe(launch.executable, launch.arguments, environment: launch.environment)
                if ran.status == 0, ran.output.split(separator: "\n").first.map(String.init) == expected {
                    protections = view
                }
            }
        }
        return protections
    }

    /// Prints the Python version, then where its installation lies (prefixes, and the real interpreter's).
    private static let pythonProbe = ["-c", """
        import ctypes, os, sys
        print('%d.%d.%d' % sys.version_info[:3])
        print('\\n'.join({sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
                           os.path.dirname(os.path.dirname(os.path.realpath(sys.executable)))}))
        """]

    /// The outermost of `paths` that `/usr` does not already hold, sorted.
    package static func installationRoots(_ paths: [String]) -> [String] {
        let outside = Set(paths.map { URL(fileURLWithPath: $0).standardized.path })
            .filter { $0 != "/usr" && !$0.hasPrefix("/usr/") && !$0.isEmpty }
        return outside.filter { path in !outside.contains { $0 != path && (path.hasPrefix($0 + "/") || $0 == "/") } }
            .sorted()
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
        if filesystem != .isolated, let reason = filesystemShortfall {
            missing.append("filesystem view: \(reason); the host's files are in sight of generated code"
                           + (bubblewrapPath == nil ? " (install bubblewrap (Debian: apt-get install bubblewrap))" : ""))
        }
        return missing
    }

    /// Why there is no bubblewrap view (nil when Python cannot run at all, which `missing` says first).
    private var filesystemShortfall: String? {
        if !isRoot { return "needs root" }
        guard let bubblewrapPath else { return "bubblewrap not found" }
        guard pythonAvailable else { return nil }
        if pythonRoots.contains("/") {
            return "\(pythonPath) is installed at /, which the view would have to show whole "
                + "(set ALIGN_PYTHON to a python3 under /usr or under a prefix of its own)"
        }
        return "bubblewrap (\(bubblewrapPath)) could not make the view and run \(pythonPath) in it as an unprivileged "
            + "uid" + (pythonRoots.isEmpty ? "" : " with \(pythonRoots.joined(separator: ", ")) read-only")
    }

    /// One line for the run header, e.g. `sandbox: python 3.11.2; namespaces (pid, mount, net, ipc, uts); filesystem:
    /// nothing of the host (bubblewrap); uid pool 61000…61063; rlimits; no network`.
    public var summary: String {
        var parts = [pythonVersion.map { "python \($0)" } ?? "python unavailable (\(pythonPath))"]
        switch filesystem {
        case .isolated:
            parts.append("namespaces (pid, mount, net, ipc, uts)")
            parts.append("filesystem: nothing of the host (bubblewrap)"
                         + (pythonRoots.isEmpty ? "" : " but \(pythonRoots.joined(separator: ", "))"))
        case .privateTemporary:
            parts.append("namespaces (pid, mount, net, ipc)")
            parts.append("filesystem: host files visible, private /tmp")
        case .host:
            parts.append("no namespaces")
            parts.append("filesystem: the host's, nothing private")
        }
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
            "filesystem": .string(filesystem.rawValue), "bubblewrap": bubblewrapPath.map(JSONValue.string) ?? .null,
            "python_roots": .array(pythonRoots.map(JSONValue.string)),
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
    private static func probe(_ executable: String, _ arguments: [String],
                              environment: [String: String] = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"])
        -> (status: Int32, output: String)
    {
        guard FileManager.default.isExecutableFile(atPath: executable) else { return (-1, "") }
        let process = ChildProcess(executable: executable, arguments: arguments, environment: environment,
                                   timeout: .seconds(30))
        guard let result = try? process.runBlocking(), !result.timedOut, !result.signaled else { return (-1, "") }
        return (result.status, String(decoding: result.stdout, as: UTF8.self))
    }
}
