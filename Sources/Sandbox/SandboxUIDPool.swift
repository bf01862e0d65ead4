import Foundation
import Recorder

/// Hands out unprivileged uids so that each concurrent execution has one of its own.
///
/// As root, `RLIMIT_NPROC` counts the processes of a uid, so two executions sharing a uid would share one process
/// budget and one task's fork bomb could starve another; a uid per execution also lets the harness end everything
/// its test started with `kill(-1)`. A uid is also locked with `flock` on a file under `/run/align-sandbox` (or
/// `/tmp`), so two `align` processes on one machine never hand out the same one.
public actor SandboxUIDPool {
    /// The first uid of the pool.
    public static let firstUID: UInt32 = 61000
    /// How many uids the pool has (the most executions at once).
    public static let size: UInt32 = 64
    /// The pool every `Sandbox` of this process shares.
    public static let shared = SandboxUIDPool()

    private var free: [UInt32] = (0..<SandboxUIDPool.size).reversed().map { SandboxUIDPool.firstUID + $0 }
    private var locks: [UInt32: Int32] = [:]
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var rotation: UInt32 = 0

    /// Takes a uid that no other execution (of this or another `align` process) holds, waiting for one if need be.
    public func acquire() async -> UInt32 {
        while true {
            var skipped: [UInt32] = []
            while let uid = free.popLast() {
                if let lock = Self.lock(uid) {
                    locks[uid] = lock
                    free.append(contentsOf: skipped)
                    return uid
                }
                skipped.append(uid)
            }
            free.append(contentsOf: skipped)
            if skipped.count == Int(Self.size) {
                // Every uid is held by other align processes, whose releases never reach this actor: wait in the
                // kernel (a blocking flock, on a thread of its own) until one of them lets its uid go. Each wait
                // takes the next uid in turn, so no one uid's long execution holds every waiter.
                let uid = skipped[Int(rotation % Self.size)]
                rotation &+= 1
                free.removeAll { $0 == uid }
                let lock = try? await onOwnThread { Self.lock(uid, waiting: true) }
                if let lock {
                    locks[uid] = lock
                    return uid
                }
                free.append(uid)
                continue
            }
            await withCheckedContinuation { waiters.append($0) }
        }
    }

    /// Gives `uid` back; the caller must have ended every process running under it.
    public func release(_ uid: UInt32) {
        if let lock = locks.removeValue(forKey: uid) { close(lock) }
        free.append(uid)
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }

    private static let lockDirectory: String = {
        let directory = FileManager.default.fileExists(atPath: "/run") ? "/run/align-sandbox" : "/tmp/align-sandbox"
        mkdir(directory, 0o700)
        return directory
    }()

    /// Locks `uid`'s file: at once or not at all, or (`waiting`) blocking until its holder lets it go.
    private static func lock(_ uid: UInt32, waiting: Bool = false) -> Int32? {
        let descriptor = open("\(lockDirectory)/\(uid).lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return nil }
        while true {
            if flock(descriptor, waiting ? LOCK_EX : LOCK_EX | LOCK_NB) == 0 { return descriptor }
            if errno != EINTR { break }
        }
        close(descriptor)
        return nil
    }
}
