import Foundation

/// The SQLite file as a `CacheBackend`: its synchronous methods are the protocols' witnesses (the hit path stays a
/// plain call), and what can wait long or streams runs on a thread of its own.
extension CacheStore: InteractionStore, ExecutionStore, RunStore, CacheMaintenance {
    /// The file's standardised path.
    public var identity: StoreIdentity { StoreIdentity((path as NSString).standardizingPath) }

    /// Processes sharing a SQLite file do not share flights (each process single-flights its own misses).
    public func claim(_ key: CacheKey) async throws(CacheError) -> any FlightClaim { LocalClaim() }

    /// `VACUUM`.
    public func compact() async throws(CacheError) { try vacuum() }

    public func exportLines(to sink: @escaping @Sendable (String) async throws -> Void) async throws {
        let push = BlockingPush(sink)
        try await onOwnThread { [self] in
            try export { try push.send($0) }
            try push.flush()
        }
    }

    public func importLines(from lines: any AsyncSequence<String, any Error>) async throws -> ExchangeReport {
        let pull = BlockingPull(lines)
        return try await onOwnThread { [self] in
            try importExport(next: { try pull.next().map { $0.hasSuffix("\n") ? String($0.dropLast()) : $0 } })
        }
    }

    /// Nothing to do: the connections close with the last reference.
    public func close() async {}
}
