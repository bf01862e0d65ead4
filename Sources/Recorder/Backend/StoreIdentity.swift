/// Names one cache, whatever its backend, so that every handle on it shares one set of in-flight calls.
///
/// A SQLite cache is named by its standardised file path, a PostgreSQL cache by `postgres://user@host:port/db`
/// (never with its password).
public struct StoreIdentity: Hashable, Sendable, CustomStringConvertible {
    /// The name, safe to print.
    public let description: String

    /// Builds an identity from a printable name.
    public init(_ description: String) { self.description = description }
}
