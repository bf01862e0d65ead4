import Foundation

/// What the runner, `align runs`, `show`, `replay` and the cost audit need of a cache: runs and their events.
public protocol RunStore: Sendable {
    /// Stores a run with its events; false when a run with its id exists already (which is kept).
    func recordRun(_ run: StoredRun) async throws(CacheError) -> Bool

    /// Appends events to a stored run, all or none.
    func appendRunEvents(_ events: [RunEvent], to runID: String) async throws(CacheError)

    /// Marks a run finished (or failed), with its summary.
    func finishRun(_ runID: String, status: RunStatus, summary: JSONValue, at date: Date) async throws(CacheError)

    /// Every stored run, oldest first, with or without its events.
    func runs(includingEvents: Bool) async throws(CacheError) -> [StoredRun]

    /// The stored run `runID` with its events; nil when there is none.
    func run(_ runID: String) async throws(CacheError) -> StoredRun?
}
