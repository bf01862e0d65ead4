import Foundation

/// Runs blocking work (a SQLite transaction that may wait on another process's lock) on a thread of its own, so
/// that it never holds one of the cooperative pool's few threads.
package func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try body() })
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}

/// Pulls the elements of an async sequence from blocking code, a batch at a time.
///
/// Used by a blocking consumer on its own thread (`onOwnThread`); each batch is fetched by a short task while the
/// thread waits, so the sequence is only ever iterated by one task at a time.
package final class BlockingPull<Element: Sendable>: @unchecked Sendable {
    private var iterator: any AsyncIteratorProtocol<Element, any Error>
    private var buffer: [Element] = []
    private var position = 0
    private var ended = false
    private let batch: Int

    package init(_ sequence: any AsyncSequence<Element, any Error>, batch: Int = 512) {
        iterator = sequence.makeAsyncIterator()
        self.batch = batch
    }

    /// The next element, nil at the end; throws what the sequence threw.
    package func next() throws -> Element? {
        if position == buffer.count {
            if ended { return nil }
            try refill()
            if buffer.isEmpty { return nil }
        }
        defer { position += 1 }
        return buffer[position]
    }

    private func refill() throws {
        let semaphore = DispatchSemaphore(value: 0)
        let box = ResultBox<[Element]>()
        let size = batch
        Task { [self] in
            do {
                var fetched: [Element] = []
                fetched.reserveCapacity(size)
                while fetched.count < size, let element = try await iterator.next() { fetched.append(element) }
                box.result = .success(fetched)
            } catch {
                box.result = .failure(error)
            }
            semaphore.signal()
        }
        semaphore.wait()
        let fetched = try box.result!.get()
        if fetched.count < size { ended = true }
        buffer = fetched
        position = 0
    }
}

/// Hands lines from blocking code to an async sink, a batch at a time, waiting while the sink takes them.
package final class BlockingPush: @unchecked Sendable {
    private let sink: @Sendable (String) async throws -> Void
    private var pending: [String] = []
    private let batch: Int

    package init(_ sink: @escaping @Sendable (String) async throws -> Void, batch: Int = 256) {
        self.sink = sink
        self.batch = batch
    }

    /// Queues a line; hands the batch over when it is full.
    package func send(_ line: String) throws {
        pending.append(line)
        if pending.count >= batch { try flush() }
    }

    /// Hands over what is queued and waits until the sink took it.
    package func flush() throws {
        guard !pending.isEmpty else { return }
        let lines = pending
        pending.removeAll(keepingCapacity: true)
        let semaphore = DispatchSemaphore(value: 0)
        let box = ResultBox<Void>()
        let sink = sink
        Task {
            do {
                for line in lines { try await sink(line) }
                box.result = .success(())
            } catch {
                box.result = .failure(error)
            }
            semaphore.signal()
        }
        semaphore.wait()
        try box.result!.get()
    }
}

private final class ResultBox<Value>: @unchecked Sendable {
    var result: Result<Value, any Error>?
}
