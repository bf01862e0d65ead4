import Foundation

extension Sandbox {
    /// As root inside bubblewrap's view, before the unprivileged uid takes over: the working directory becomes the
    /// uid's, then the rest of the command. `$0` the uid.
    static let bubblewrapScript = """
        set -e
        chown "$0:$0" /tmp/work
        unset PWD OLDPWD
        exec "$@"
        """

    /// bubblewrap's options for an execution's view, up to the command: new PID, network, IPC and UTS namespaces
    /// (the command is their PID 1, as under `unshare --fork`, and dies with `bwrap`); a read-only root that holds
    /// `/usr` read-only, the host's merged-usr links (`/bin` → `usr/bin`…), the interpreter's installation when it
    /// is elsewhere (`pythonRoots`), a fresh `/proc`, five devices, and private size-limited tmpfs on `/tmp`,
    /// `/var/tmp`, `/dev/shm`, `/run` and `/run/lock`; `/tmp/work` the working directory. Nothing else of the host:
    /// no `/etc`, no home directory, no checkout, no task or cache file.
    ///
    /// With a `uid`, the command starts as root with only the capabilities needed to hand the working directory to
    /// the uid and become it (`setpriv` drops them all); without, as root with none.
    static func bubblewrapOptions(tmpfsSize: Int, uid: UInt32?, pythonRoots: [String]) -> [String] {
        var options = ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--hostname", "sandbox",
                       "--die-with-parent", "--as-pid-1", "--cap-drop", "ALL"]
        if uid != nil {
            for capability in ["CAP_CHOWN", "CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP"] {
                options += ["--cap-add", capability]
            }
        }
        options += ["--ro-bind", "/usr", "/usr"]
        for (link, target) in rootLinks { options += ["--symlink", target, link] }
        options += ["--proc", "/proc", "--perms", "0755", "--dir", "/dev"]
        for device in ["null", "zero", "full", "random", "urandom"] {
            options += ["--dev-bind", "/dev/" + device, "/dev/" + device]
        }
        for (link, target) in [("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
                               ("stderr", "/proc/self/fd/2")]
        {
            options += ["--symlink", target, "/dev/" + link]
        }
        let small = String(1 << 20), size = String(tmpfsSize)
        options += ["--size", size, "--perms", "1777", "--tmpfs", "/dev/shm",
                    "--size", size, "--perms", "1777", "--tmpfs", "/tmp",
                    "--perms", "0700", "--dir", "/tmp/work",
                    "--perms", "0755", "--dir", "/var",
                    "--size", small, "--perms", "1777", "--tmpfs", "/var/tmp",
                    "--size", small, "--perms", "0755", "--tmpfs", "/run",
                    "--size", small, "--perms", "1777", "--tmpfs", "/run/lock"]
        // After the tmpfs mounts, so that an installation under /tmp (a venv) is mounted on them, not hidden; its
        // parents made searchable (bubblewrap would make them 0700, closed to the uid).
        let made: Set<String> = ["/", "/dev", "/tmp", "/var", "/var/tmp", "/run", "/run/lock"]
        var parents: [String] = []
        for root in pythonRoots {
            var parent = (root as NSString).deletingLastPathComponent
            var missing: [String] = []
            while !made.contains(parent) && parent.count > 1 {
                missing.insert(parent, at: 0)
                parent = (parent as NSString).deletingLastPathComponent
            }
            for directory in missing where !parents.contains(directory) {
                parents.append(directory)
                options += ["--perms", "0755", "--dir", directory]
            }
            options += ["--ro-bind", root, root]
        }
        options += ["--remount-ro", "/", "--chdir", "/tmp/work"]
        return options
    }

    /// The host's top-level links into `/usr` (Debian's merged-usr `/bin`, `/lib`, `/lib64`, `/sbin`), made again in
    /// the view so that `#!/bin/sh` and the dynamic loader's `/lib64/ld-linux-x86-64.so.2` resolve.
    static let rootLinks: [(String, String)] = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"].compactMap {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: $0),
              target.hasPrefix("usr/") || target.hasPrefix("/usr/")
        else { return nil }
        return ($0, target)
    }
}
