/// What can go wrong with a cache file, each case saying what to do about it.
public enum CacheError: Error, CustomStringConvertible, Sendable {
    /// The file does not exist and the command does not create one.
    case fileNotFound(path: String)
    /// The file exists but is not a SelfAlign cache.
    case notACache(path: String, reason: String)
    /// The file was written by a newer SelfAlign whose schema this build does not know.
    case newerSchema(path: String, found: Int, supported: Int)
    /// A stored blob does not match its hash, does not inflate, or is missing: the record that needs it is not served.
    case corruptBlob(owner: String, blob: String, reason: String)
    /// No interaction, execution or run has this key or id.
    case notFound(what: String)
    /// Another process held the write lock for longer than the busy timeout.
    case busy(path: String, waitedSeconds: Double)
    /// A line of an export file that cannot be imported.
    case malformedExport(line: Int, reason: String)
    /// An argument the store cannot act on.
    case invalidArgument(String)
    /// Any other error from SQLite, with the file it concerned.
    case sqlite(path: String, error: SQLiteError)
    /// A file could not be read or written.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            "no cache file at \(path): check the path, or record into it first (a recording command creates it)"
        case .notACache(let path, let reason):
            "\(path) is not a SelfAlign cache (\(reason)); nothing was written to it. Pass a cache file made by align"
        case .newerSchema(let path, let found, let supported):
            "\(path) has cache schema version \(found), newer than this align understands (\(supported)); "
                + "nothing was changed. Use a newer align to open it"
        case .corruptBlob(let owner, let blob, let reason):
            "corrupt cache entry: \(owner) needs blob \(blob), which \(reason); it is not served. "
                + "Run `align cache verify` to list every damaged entry, and re-record them (mode refresh)"
        case .notFound(let what):
            "\(what) is not in this cache (`align cache ls` lists what is)"
        case .busy(let path, let waited):
            "\(path) stayed locked by another writer for \(waited) s; retry, or raise the busy timeout"
        case .malformedExport(let line, let reason):
            "export line \(line): \(reason); nothing was imported"
        case .invalidArgument(let message):
            message
        case .sqlite(let path, let error):
            "\(path): \(error)"
        case .io(let path, let reason):
            "\(path): \(reason)"
        }
    }
}
