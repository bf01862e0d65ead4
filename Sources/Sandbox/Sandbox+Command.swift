import Foundation

extension Sandbox {
    /// How one execution is launched: the program, its arguments, environment and working directory.
    struct Launch: Sendable {
        var executable: String
        var arguments: [String]
        var environment: [String: String]
        var directory: String
        /// A host directory to remove afterwards (nil in a mount namespace, whose tmpfs vanishes with it).
        var temporaryDirectory: String?
    }

    /// Inside the mount namespace: private tmpfs on /tmp, /dev/shm and /var/tmp, a working directory owned by the
    /// sandbox uid, then the rest of the command. `$1` tmpfs size, `$2` uid.
    static let namespaceScript = """
        set -e
        mount -t tmpfs -o "size=$1,mode=1777,nosuid,nodev" tmpfs /tmp
        mount -t tmpfs -o "size=$1,mode=1777,nosuid,nodev" tmpfs /dev/shm
        if [ -d /var/tmp ]; then mount -t tmpfs -o "size=1m,mode=1777,nosuid,nodev" tmpfs /var/tmp; fi
        mkdir -m 700 /tmp/work
        chown "$2:$2" /tmp/work
        cd /tmp/work
        unset PWD OLDPWD
        shift 2
        exec "$@"
        """

    /// The command for an execution under the given uid (nil: none of its own), in the most private filesystem view
    /// the protections allow: bubblewrap's, else `unshare`'s namespaces with a private `/tmp`, else the host's with
    /// a temporary working directory.
    /// - Parameter python: the interpreter's arguments (the harness by default; a probe's own).
    func launch(limits: SandboxLimits, uid: UInt32?, python: [String] = ["-B", "-s", "-c", PythonHarness.source])
        throws -> Launch
    {
        var command: [String] = []
        if let uid, let setpriv = protections.setprivPath {
            command += [setpriv, "--reuid", String(uid), "--regid", String(uid), "--clear-groups",
                        "--inh-caps", "-all", "--bounding-set", "-all", "--no-new-privs"]
        }
        if protections.resourceLimits, let prlimit = protections.prlimitPath {
            command += [prlimit, "--cpu=\(limits.cpuSeconds)", "--as=\(limits.memoryBytes)",
                        "--fsize=\(limits.fileSizeBytes)", "--nproc=\(limits.processes)",
                        "--nofile=\(limits.openFiles)", "--core=0", "--"]
        }
        command += [protections.pythonPath] + python
        let tmpfsSize = max(limits.fileSizeBytes * 4, 8 << 20)
        let home = "/tmp/work"

        if protections.filesystem == .isolated, let bubblewrap = protections.bubblewrapPath {
            let options = Self.bubblewrapOptions(tmpfsSize: tmpfsSize, uid: uid, pythonRoots: protections.pythonRoots)
            let start = ["/bin/sh", "-c", Self.bubblewrapScript, String(uid ?? getuid())]
            return Launch(executable: bubblewrap, arguments: options + ["--"] + start + command,
                          environment: Self.environment(home: home), directory: "/", temporaryDirectory: nil)
        }
        if protections.namespaces, let unshare = protections.unsharePath {
            return Launch(
                executable: unshare,
                arguments: ["--pid", "--fork", "--kill-child", "--mount-proc", "--net", "--mount", "--ipc", "--",
                            "/bin/sh", "-c", Self.namespaceScript, "sandbox", String(tmpfsSize),
                            String(uid ?? getuid())] + command,
                environment: Self.environment(home: home), directory: "/", temporaryDirectory: nil)
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("align-sandbox-\(UUID().uuidString)").path
        guard mkdir(directory, 0o700) == 0 else {
            throw SandboxError.cannotStart(command[0], "cannot create \(directory): errno \(errno)")
        }
        if let uid { _ = chown(directory, uid, uid) }
        return Launch(executable: command[0], arguments: Array(command.dropFirst()),
                      environment: Self.environment(home: directory), directory: directory,
                      temporaryDirectory: directory)
    }

    /// Everything the generated code's environment holds: nothing that could carry a credential.
    static func environment(home: String) -> [String: String] {
        ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0",
         "HOME": home]
    }
}
