import Foundation

/// A bounded hand-over of lines between two threads that may block: the producer waits while it is full, the
/// consumer while it is empty. For the synchronous SQLite-to-SQLite merge, which streams like `CacheMerge`.
final class BlockingLineQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var lines: [String] = []
    private var head = 0
    private var finished = false
    private var failure: (any Error)?
    private var abandoned = false
    private let capacity: Int

    init(capacity: Int = 1024) { self.capacity = capacity }

    /// Adds a line, waiting while full; throws `CancellationError` once the consumer gave up.
    func put(_ line: String) throws {
        condition.lock()
        defer { condition.unlock() }
        while lines.count - head >= capacity && !abandoned { condition.wait() }
        if abandoned { throw CancellationError() }
        lines.append(line)
        condition.broadcast()
    }

    /// Ends the lines, with the producer's error if it failed.
    func finish(throwing error: (any Error)? = nil) {
        condition.lock()
        finished = true
        failure = failure ?? error
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer gives up: the producer's next `put` throws.
    func abandon() {
        condition.lock()
        abandoned = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next line, nil at the end; throws the producer's error.
    func take() throws -> String? {
        condition.lock()
        defer { condition.unlock() }
        while head == lines.count && !finished { condition.wait() }
        if let failure { throw failure }
        guard head < lines.count else { return nil }
        let line = lines[head]
        head += 1
        if head > 4096 { lines.removeFirst(head); head = 0 }
        condition.broadcast()
        return line
    }
}
