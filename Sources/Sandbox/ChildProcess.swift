import CSupervise
import Foundation
import Recorder
#if canImport(Glibc)
import Glibc
#endif

/// One child process supervised by the kernel, from spawn to reap, with no Dispatch queue and no cooperative-pool
/// thread between "the child died", "the deadline passed" or "the task was cancelled" and the caller resuming.
///
/// The child is spawned (`posix_spawn`) as the leader of a new process group, with default signal dispositions and
/// only its three standard descriptors. One `poll` loop, on a thread of its own (`onOwnThread`), watches the child's
/// pidfd, its stdout and stderr, its stdin while there is input to write, and an eventfd that the cancellation
/// handler writes to. Any of exit, deadline and cancellation wakes it at once; the group is sent `SIGKILL` on every
/// path (a grandchild may hold the pipes open), and the child is reaped with `waitid(P_PIDFD)`.
package struct ChildProcess: Sendable {
    /// What came out of a finished process.
    package struct Result: Sendable {
        package var stdout: [UInt8]
        package var stderr: [UInt8]
        /// The exit status, or the signal number when `signaled`.
        package var status: Int32
        package var signaled: Bool
        /// The deadline passed, or the run was cancelled, before the child exited.
        package var timedOut: Bool
        /// The run was cancelled.
        package var cancelled: Bool
    }

    package var executable: String
    package var arguments: [String]
    package var environment: [String: String]
    package var directory: String
    package var input: [UInt8]
    package var timeout: Duration
    package var outputCap: Int = 8 << 20
    /// How long the pipes are drained after the child exited and its group was killed (something outside the group,
    /// e.g. a `setsid` daemon without a PID namespace, may hold them open).
    package var drain: Duration = .seconds(2)

    package init(executable: String, arguments: [String], environment: [String: String], directory: String = "/",
                 input: [UInt8] = [], timeout: Duration)
    {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.directory = directory
        self.input = input
        self.timeout = timeout
    }

    /// Runs the process to its end on a thread of its own; cancelling the calling task kills it at once.
    /// - Throws: `SandboxError.cannotStart` when it cannot be started; `CancellationError` when the task was
    ///   cancelled (the child's group is killed and the child reaped first).
    package func run() async throws -> Result {
        let wake = try Wake()
        let result = try await withTaskCancellationHandler {
            try await onOwnThread { try self.runBlocking(wake: wake) }
        } onCancel: {
            wake.cancel()
        }
        if result.cancelled { throw CancellationError() }
        return result
    }

    /// Runs the process to its end on the calling thread (a thread that may block: never a task's).
    /// - Throws: `SandboxError.cannotStart` when it cannot be started.
    package func runBlocking() throws -> Result {
        try runBlocking(wake: try Wake())
    }

    private func runBlocking(wake: Wake) throws -> Result {
        if wake.isCancelled { return Result(stdout: [], stderr: [], status: 0, signaled: true, timedOut: true, cancelled: true) }
        let stdin = try Pipe2(), stdout = try Pipe2(), stderr = try Pipe2()
        let pid = try spawn(stdin: stdin.read, stdout: stdout.write, stderr: stderr.write)
        // The child's ends belong to it now.
        stdin.closeRead()
        stdout.closeWrite()
        stderr.closeWrite()
        // The group is killed on every path before the child is reaped, never after: once reaped, its pid (the
        // group's id) may be reused.
        let group = pid
        let pidfd = csupervise_pidfd_open(pid)
        guard pidfd >= 0 else {
            _ = Glibc.kill(-group, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
            throw SandboxError.cannotStart(executable, "pidfd_open: errno \(-pidfd)")
        }
        defer { close(pidfd) }

        _ = csupervise_set_nonblocking(stdin.write)
        _ = csupervise_set_nonblocking(stdout.read)
        _ = csupervise_set_nonblocking(stderr.read)
        var streams = [Stream(fd: stdout.read), Stream(fd: stderr.read)]
        var written = 0, exited = false, timedOut = false, cancelled = false
        if input.isEmpty { stdin.closeWrite() }
        let deadline = ContinuousClock.now + timeout
        var drainUntil: ContinuousClock.Instant?
        while !(exited && !streams.contains(where: \.open)) {
            let now = ContinuousClock.now
            if let drainUntil, now >= drainUntil { break }
            if !exited && !timedOut && now >= deadline {
                timedOut = true
                _ = Glibc.kill(-group, SIGKILL)
            }
            var fds = streams.map { pollfd(fd: $0.open ? $0.fd : -1, events: Int16(POLLIN), revents: 0) }
            fds.append(pollfd(fd: exited ? -1 : pidfd, events: Int16(POLLIN), revents: 0))
            fds.append(pollfd(fd: cancelled ? -1 : wake.fd, events: Int16(POLLIN), revents: 0))
            fds.append(pollfd(fd: stdin.write, events: Int16(POLLOUT), revents: 0))
            let limit = drainUntil ?? (timedOut ? now + .seconds(3600) : deadline)
            let milliseconds = Int32(max(0, min(60_000, (limit - now) / .milliseconds(1) + 1)))
            if poll(&fds, nfds_t(fds.count), milliseconds) < 0 && errno != EINTR {
                let error = errno
                _ = Glibc.kill(-group, SIGKILL)
                var status: Int32 = 0, signaled: Int32 = 0
                _ = csupervise_reap(pidfd, &status, &signaled)
                throw SandboxError.cannotStart(executable, "poll: errno \(error)")
            }
            for index in streams.indices where fds[index].revents != 0 {
                streams[index].read(cap: outputCap)
            }
            if fds[3].revents != 0 {
                // Cancelled: end the group; nothing it writes from now on is wanted.
                cancelled = true
                timedOut = true
                _ = Glibc.kill(-group, SIGKILL)
                stdin.closeWrite()
                for index in streams.indices { streams[index].close() }
            }
            if fds[2].revents != 0 {
                exited = true
                // A grandchild may hold the pipes: end the whole group, then drain what is left, briefly.
                _ = Glibc.kill(-group, SIGKILL)
                drainUntil = ContinuousClock.now + drain
            }
            if stdin.write >= 0 && fds[4].revents != 0 {
                let count = input.withUnsafeBytes { write(stdin.write, $0.baseAddress! + written, $0.count - written) }
                if count > 0 { written += count }
                if count < 0 && errno != EAGAIN && errno != EINTR || written == input.count { stdin.closeWrite() }
            }
        }
        stdin.closeWrite()
        _ = Glibc.kill(-group, SIGKILL)
        var status: Int32 = 0, signaled: Int32 = 0
        let reaped = csupervise_reap(pidfd, &status, &signaled)
        if reaped < 0 { throw SandboxError.cannotStart(executable, "waitid: errno \(-reaped)") }
        return Result(stdout: streams[0].bytes, stderr: streams[1].bytes, status: status, signaled: signaled != 0,
                      timedOut: timedOut, cancelled: cancelled || wake.isCancelled)
    }

    private func spawn(stdin: Int32, stdout: Int32, stderr: Int32) throws -> pid_t {
        Self.ignoreBrokenPipes
        let argv = [executable] + arguments
        let envp = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let error = withCStrings(argv) { argv in
            withCStrings(envp) { envp in
                csupervise_spawn(executable, argv, envp, directory, stdin, stdout, stderr, &pid)
            }
        }
        guard error == 0 else { throw SandboxError.cannotStart(executable, String(cString: strerror(-error))) }
        return pid
    }

    /// A write to a pipe whose reader died must fail with EPIPE, not end this process (the child gets the default
    /// disposition back at spawn).
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    private struct Stream {
        var fd: Int32
        var open = true
        var bytes: [UInt8] = []

        mutating func read(cap: Int) {
            guard open else { return }
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    if bytes.count < cap { bytes.append(contentsOf: buffer[..<min(count, cap - bytes.count)]) }
                    if count < buffer.count { return }
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    if count == 0 || errno != EAGAIN { open = false }
                    return
                }
            }
        }

        mutating func close() { open = false }
    }
}

/// Wakes the supervision loop from any thread: the cancellation handler writes to an eventfd that the loop polls.
private final class Wake: @unchecked Sendable {
    let fd: Int32
    private let lock = NSLock()
    private var cancelled = false

    init() throws {
        let fd = csupervise_eventfd()
        guard fd >= 0 else { throw SandboxError.cannotStart("eventfd", "errno \(-fd)") }
        self.fd = fd
    }

    var isCancelled: Bool { lock.withLock { cancelled } }

    func cancel() {
        lock.withLock { cancelled = true }
        csupervise_eventfd_signal(fd)
    }

    deinit { close(fd) }
}

/// A close-on-exec pipe whose ends are closed once, by whoever is done with them first.
private final class Pipe2 {
    private(set) var read: Int32
    private(set) var write: Int32

    init() throws {
        var fds: [Int32] = [-1, -1]
        let error = csupervise_pipe(&fds)
        guard error == 0 else { throw SandboxError.cannotStart("pipe", "errno \(-error)") }
        (read, write) = (fds[0], fds[1])
    }

    func closeRead() {
        if read >= 0 { close(read) }
        read = -1
    }

    func closeWrite() {
        if write >= 0 { close(write) }
        write = -1
    }

    deinit {
        closeRead()
        closeWrite()
    }
}

/// Calls `body` with a NULL-terminated C array of the strings.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { for pointer in pointers { free(pointer) } }
    return body(pointers)
}
