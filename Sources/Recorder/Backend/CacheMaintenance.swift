/// What `align cache …` needs of a cache: inspection, proof, exchange and trimming, on every backend alike.
public protocol CacheMaintenance: Sendable {
    /// Counts, sizes and per-model totals.
    func stats() async throws(CacheError) -> CacheStats
    /// Proves every blob against its hash and every stored key against its request.
    func verify() async throws(CacheError) -> VerifyReport
    /// Interactions matching `filter`, oldest first, at most `limit`.
    func list(_ filter: InteractionFilter, limit: Int?) async throws(CacheError) -> [InteractionSummary]
    /// The keys that start with `prefix` (at most 10).
    func keys(matchingPrefix prefix: String) async throws(CacheError) -> [CacheKey]
    /// The raw bytes of the blob whose SHA-256 is `hash`, proved against it.
    func blob(_ hash: CacheKey) async throws(CacheError) -> [UInt8]
    /// Removes the interactions matching `filter`, then every blob nothing refers to, in one transaction.
    func prune(_ filter: InteractionFilter, dryRun: Bool) async throws(CacheError) -> PruneReport
    /// Gives freed space back (SQLite `VACUUM`, PostgreSQL `VACUUM` of the cache's tables).
    func compact() async throws(CacheError)

    /// Writes the whole cache as export lines (header first, then interactions and executions sorted by key, then
    /// runs), one at a time, newline included: the same bytes from every backend for the same contents.
    func exportLines(to sink: @escaping @Sendable (String) async throws -> Void) async throws

    /// Adds what export lines hold, a union by key, in one transaction: a bad line imports nothing.
    /// - Parameter redaction: applied to imported bodies as when recording.
    /// - Throws: `CacheError.malformedExport` naming the line; the source's own error when reading it fails.
    func importLines(from lines: any AsyncSequence<String, any Error>) async throws -> ExchangeReport

    /// Closes the cache's connections; the handle must not be used afterwards.
    func close() async
}

/// A whole cache: everything the commands, the transport, the executor and the runner use.
public typealias CacheBackend = InteractionStore & ExecutionStore & RunStore & CacheMaintenance
