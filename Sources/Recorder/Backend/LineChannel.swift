import Synchronization

/// A bounded hand-over of lines from one producing task to one consuming task: the producer waits while the buffer
/// is full, so a merge streams instead of holding a cache in memory.
final class LineChannel: AsyncSequence, Sendable {
    typealias Element = String
    typealias Failure = any Error

    private struct State {
        var buffer: [String] = []
        var head = 0
        var finished = false
        var failure: (any Error)?
        var waitingConsumer: CheckedContinuation<Void, Never>?
        var waitingProducer: CheckedContinuation<Void, Never>?
        var count: Int { buffer.count - head }
    }

    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int = 1024) { self.capacity = capacity }

    /// Adds a line, waiting while the buffer is full; throws `CancellationError` once the consumer gave up.
    func send(_ line: String) async throws {
        while true {
            let wait: Bool = state.withLock { state in
                if state.finished { return false }
                if state.count >= capacity { return true }
                state.buffer.append(line)
                let consumer = state.waitingConsumer
                state.waitingConsumer = nil
                consumer?.resume()
                return false
            }
            if state.withLock({ $0.finished }) { throw CancellationError() }
            if !wait { return }
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.finished || state.count < capacity { return true }
                    state.waitingProducer = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    /// Ends the lines, with an error when the producer failed (the consumer then throws it).
    func finish(throwing error: (any Error)? = nil) {
        let (consumer, producer) = state.withLock { state in
            state.finished = true
            if state.failure == nil { state.failure = error }
            defer { state.waitingConsumer = nil; state.waitingProducer = nil }
            return (state.waitingConsumer, state.waitingProducer)
        }
        consumer?.resume()
        producer?.resume()
    }

    private func next() async throws -> String? {
        while true {
            enum Step { case line(String), end, failed(any Error), wait }
            let step: Step = state.withLock { state in
                if state.count > 0 {
                    let line = state.buffer[state.head]
                    state.head += 1
                    if state.head > 4096 { state.buffer.removeFirst(state.head); state.head = 0 }
                    let producer = state.waitingProducer
                    state.waitingProducer = nil
                    producer?.resume()
                    return .line(line)
                }
                if let failure = state.failure { return .failed(failure) }
                return state.finished ? .end : .wait
            }
            switch step {
            case .line(let line): return line
            case .end: return nil
            case .failed(let error): throw error
            case .wait:
                await withCheckedContinuation { continuation in
                    let resumeNow = state.withLock { state -> Bool in
                        if state.count > 0 || state.finished { return true }
                        state.waitingConsumer = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            }
        }
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let channel: LineChannel
        mutating func next() async throws -> String? { try await channel.next() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(channel: self) }
}
