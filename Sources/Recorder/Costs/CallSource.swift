/// Whether a run's model call was paid for or served from the cache.
public enum CallSource: String, Sendable, Hashable, Codable {
    /// Recorded live by the run: spent.
    case live
    /// Served from the cache: nothing spent; what it would have cost was saved.
    case cache
}
