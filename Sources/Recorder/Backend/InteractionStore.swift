import Foundation

/// What the recording transport needs of a cache: model calls by key, and the nearest-miss candidates.
public protocol InteractionStore: Sendable {
    /// Which cache this is, for single-flight and messages; safe to print.
    var identity: StoreIdentity { get }

    /// The recorded answer for `key`, its blobs proved against their hashes; nil on a miss.
    /// - Parameter includingRequest: also read (and prove) the request body.
    /// - Throws: `CacheError.corruptBlob` when a blob fails its check: a corrupt answer is never served.
    func lookup(_ key: CacheKey, includingRequest: Bool) async throws(CacheError) -> StoredInteraction?

    /// Stores a model call in one transaction: after a crash it is there whole or not at all.
    func record(_ interaction: Interaction, policy: RecordConflictPolicy) async throws(CacheError) -> RecordOutcome

    /// The most recent requests recorded for `provider` and `endpoint`, newest first, at most `limit`: for the
    /// nearest-miss diff of a strict replay, never on the hit path.
    func recordedRequests(provider: String, endpoint: String, limit: Int) async throws(CacheError)
        -> [RecordedRequest]

    /// Every recorded call's metadata, oldest first, without bodies: what the cost audit reads.
    func recordedCalls() async throws(CacheError) -> [RecordedCall]

    /// Claims `key` across processes and machines while the caller makes the live call a miss needs.
    ///
    /// Returns once no other holder has it (or after a bound, so that a dead or slow leader never stops the others);
    /// the caller then looks the key up again before going live, and ends the lease when the answer is stored.
    func claim(_ key: CacheKey) async throws(CacheError) -> any FlightClaim
}

/// A held claim on a key: ending it lets the next process waiting for that key go on.
public protocol FlightClaim: Sendable {
    /// Releases the claim. Safe to call once; errors are swallowed (the claim ends with its connection anyway).
    func end() async
}

/// A claim that holds nothing: for a backend whose processes do not share flights.
public struct LocalClaim: FlightClaim {
    /// Builds the claim.
    public init() {}
    public func end() async {}
}
