/// What the recording executor needs of a cache: sandbox executions by key.
public protocol ExecutionStore: Sendable {
    /// The stored execution with `key`, its blobs proved; nil when there is none.
    func execution(_ key: CacheKey) async throws(CacheError) -> ExecutionRecord?

    /// Stores an execution under `policy` (`.replace` for the refresh mode), in one transaction.
    func recordExecution(_ execution: ExecutionRecord, policy: RecordConflictPolicy) async throws(CacheError)
        -> RecordOutcome
}
