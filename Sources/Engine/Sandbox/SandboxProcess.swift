import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One child process run to its end on a thread of its own, so that waiting never blocks Swift's cooperative pool.
///
/// The child leads its own process group (Foundation's `Process` makes it so); the whole group is sent `SIGKILL` at
/// the deadline, on cancellation and after every exit, since a grandchild can hold the pipes open. `SIGKILL` because a
/// child spawned by Foundation may have `SIGTERM` blocked.
struct SandboxProcess: Sendable {
    /// What came out of a finished process.
    struct Result: Sendable {
        var stdout: [UInt8]
        var stderr: [UInt8]
        var status: Int32
        var signaled: Bool
        var timedOut: Bool
    }

    var executable: String
    var arguments: [String]
    var environment: [String: String]
    var directory: String
    var input: [UInt8]
    var timeout: Duration
    var outputCap: Int = 8 << 20

    /// Runs the process; throws only when it cannot be started.
    func run() async throws -> Result {
        Self.ignoreBrokenPipes
        let group = ProcessGroup()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let thread = Thread { continuation.resume(with: Swift.Result { try self.runBlocking(group) }) }
                thread.name = "align-sandbox"
                thread.start()
            }
        } onCancel: {
            group.cancel()
        }
    }

    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    private func runBlocking(_ group: ProcessGroup) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        // The handler keeps the wake pipe open for as long as it may still write to it.
        let wake = try WakePipe()
        process.terminationHandler = { _ in wake.signal() }
        do { try process.run() } catch { throw SandboxError.cannotStart(executable, "\(error)") }
        let pid = process.processIdentifier
        group.started(pid)

        let inputFD = stdin.fileHandleForWriting.fileDescriptor
        _ = fcntl(inputFD, F_SETFL, fcntl(inputFD, F_GETFL) | O_NONBLOCK)
        var streams = [Stream(fd: stdout.fileHandleForReading.fileDescriptor),
                       Stream(fd: stderr.fileHandleForReading.fileDescriptor)]
        var written = 0, inputOpen = true, exited = false, timedOut = false
        if input.isEmpty { try? stdin.fileHandleForWriting.close(); inputOpen = false }
        let deadline = ContinuousClock.now + timeout
        var drainUntil: ContinuousClock.Instant?
        while !(exited && !streams.contains(where: { $0.open })) {
            let now = ContinuousClock.now
            if let drainUntil, now >= drainUntil { break }
            if !exited && now >= deadline {
                timedOut = true
                group.kill()
            }
            var fds = streams.map { pollfd(fd: $0.open ? $0.fd : -1, events: Int16(POLLIN), revents: 0) }
            fds.append(pollfd(fd: exited ? -1 : wake.readEnd, events: Int16(POLLIN), revents: 0))
            fds.append(pollfd(fd: inputOpen ? inputFD : -1, events: Int16(POLLOUT), revents: 0))
            let limit = drainUntil ?? (exited ? now + .seconds(2) : deadline)
            let milliseconds = Int32(max(1, min(1000, (limit - now) / .milliseconds(1) + 1)))
            if poll(&fds, nfds_t(fds.count), milliseconds) < 0 && errno != EINTR { break }
            for index in streams.indices where fds[index].revents != 0 {
                streams[index].read(cap: outputCap)
            }
            if fds[2].revents != 0 {
                exited = true
                // A grandchild may hold the pipes: end the whole group, then drain briefly.
                group.kill()
                drainUntil = ContinuousClock.now + .seconds(2)
            }
            if inputOpen && fds[3].revents != 0 {
                let count = input.withUnsafeBytes { write(inputFD, $0.baseAddress! + written, $0.count - written) }
                if count > 0 { written += count }
                if count < 0 && errno != EAGAIN && errno != EINTR || written == input.count {
                    try? stdin.fileHandleForWriting.close()
                    inputOpen = false
                }
            }
        }
        if inputOpen { try? stdin.fileHandleForWriting.close() }
        group.kill()
        process.waitUntilExit()
        return Result(stdout: streams[0].bytes, stderr: streams[1].bytes, status: process.terminationStatus,
                      signaled: process.terminationReason == .uncaughtSignal, timedOut: timedOut || group.wasCancelled)
    }

    private struct Stream {
        let fd: Int32
        var open = true
        var bytes: [UInt8] = []

        mutating func read(cap: Int) {
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                if bytes.count < cap { bytes.append(contentsOf: buffer[..<min(count, cap - bytes.count)]) }
            } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                open = false
            }
        }
    }
}

/// A self-pipe that the termination handler writes to, waking the poll loop at once.
private final class WakePipe: Sendable {
    let readEnd: Int32
    let writeEnd: Int32

    init() throws {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw SandboxError.cannotStart("pipe", "errno \(errno)") }
        (readEnd, writeEnd) = (ends[0], ends[1])
    }

    func signal() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }
}

/// The process group of a running child, killed from any thread.
final class ProcessGroup: @unchecked Sendable {
    private let lock = NSLock()
    private var pid: pid_t = 0
    private var cancelled = false

    func started(_ pid: pid_t) {
        lock.withLock { self.pid = pid }
        if wasCancelled { kill() }
    }

    func cancel() {
        lock.withLock { cancelled = true }
        kill()
    }

    var wasCancelled: Bool { lock.withLock { cancelled } }

    func kill() {
        let pid = lock.withLock { self.pid }
        if pid > 0 { _ = Glibc.kill(-pid, SIGKILL) }
    }
}
