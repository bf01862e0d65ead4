/// How model calls use the cache.
public enum CacheMode: String, Sendable, CaseIterable {
    /// A hit is served from the cache; a miss goes live and is stored (the default).
    case record
    /// Strictly offline: a miss is an error.
    case replay
    /// Always live, replacing what was stored.
    case refresh
    /// No cache at all.
    case off

    /// The mode named by `--mode`, else by `ALIGN_CACHE_MODE`, else `record`.
    /// - Throws: `CacheModeError` for a name that is not a mode.
    public static func resolve(option: String?, environment: [String: String]) throws(CacheModeError) -> CacheMode {
        guard let name = option ?? environment["ALIGN_CACHE_MODE"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            return .record
        }
        guard let mode = CacheMode(rawValue: name.lowercased()) else { throw CacheModeError(name: name) }
        return mode
    }
}

/// A cache mode name that is not one of record, replay, refresh, off.
public struct CacheModeError: Error, CustomStringConvertible, Sendable {
    /// The name given.
    public let name: String
    public var description: String {
        "'\(name)' is not a cache mode: use record, replay, refresh or off"
    }
}
