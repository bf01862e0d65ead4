/// What can go wrong with a cache, whatever its backend, each case saying what went wrong (the CLI adds what to type).
///
/// `location` is the cache as it may be printed: a file path, or a PostgreSQL URL without its password.
public enum CacheError: Error, CustomStringConvertible, Sendable {
    /// The file does not exist and the command does not create one.
    case fileNotFound(path: String)
    /// The file or database exists but is not a SelfAlign cache.
    case notACache(location: String, reason: String)
    /// The cache was written by a newer SelfAlign whose schema this build does not know.
    case newerSchema(location: String, found: Int, supported: Int)
    /// A stored blob does not match its hash, does not inflate, or is missing: the record that needs it is not served.
    case corruptBlob(owner: String, blob: String, reason: String)
    /// No interaction, execution or run has this key or id.
    case notFound(what: String)
    /// Another writer held the lock for longer than the busy timeout.
    case busy(location: String, waitedSeconds: Double)
    /// A line of an export file that cannot be imported.
    case malformedExport(line: Int, reason: String)
    /// An argument the store cannot act on (a malformed key prefix, a malformed database URL).
    case invalidArgument(String)
    /// The database server could not be reached (refused, unknown host, timed out, no such database).
    case unreachable(location: String, reason: String)
    /// The database server refused the credentials.
    case accessDenied(location: String, reason: String)
    /// Any other error the backend reported, with the cache it concerned.
    case backend(location: String, reason: String)
    /// A file could not be read or written.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            "no cache file at \(path): check the path, or record into it first (a recording command creates it)"
        case .notACache(let location, let reason):
            "\(location) is not a SelfAlign cache (\(reason)); nothing was written to it. Use a cache made by align"
        case .newerSchema(let location, let found, let supported):
            "\(location) has cache schema version \(found), newer than this align understands (\(supported)); "
                + "nothing was changed. Use a newer align to open it"
        case .corruptBlob(let owner, let blob, let reason):
            "corrupt cache entry: \(owner) needs blob \(blob), which \(reason); it is not served"
        case .notFound(let what):
            "\(what) is not in this cache"
        case .busy(let location, let waited):
            "\(location) stayed locked by another writer for \(waited) s; retry, or raise the busy timeout"
        case .malformedExport(let line, let reason):
            "export line \(line): \(reason); nothing was imported"
        case .invalidArgument(let message):
            message
        case .unreachable(let location, let reason):
            "cannot reach the cache database \(location): \(reason); check that the server runs and the host, port "
                + "and database name are right"
        case .accessDenied(let location, let reason):
            "the cache database \(location) refused the credentials: \(reason); check the user and its password "
                + "(in the URL, PGPASSWORD or ~/.pgpass)"
        case .backend(let location, let reason):
            "\(location): \(reason)"
        case .io(let path, let reason):
            "\(path): \(reason)"
        }
    }
}
