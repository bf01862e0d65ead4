/// Why shard runs could not be combined into one run; nothing was combined.
public enum ShardCombinationError: Error, Equatable, CustomStringConvertible {
    /// No runs were named.
    case noRuns
    /// The run was not recorded as a shard.
    case notAShard(runID: String)
    /// The run is a shard of another configuration than `reference`'s: they differ in `member` (a dotted path).
    case differentConfiguration(runID: String, reference: String, member: String)
    /// Two of the runs are the same shard.
    case repeatedShard(index: Int, count: Int)
    /// A shard of the `count` is not among the runs.
    case missingShard(index: Int, count: Int)

    public var description: String {
        switch self {
        case .noRuns: "no shard runs to combine"
        case .notAShard(let runID): "run \(runID) is not a shard run"
        case .differentConfiguration(let runID, let reference, let member):
            "run \(runID) is not a shard of the same configuration as run \(reference): they differ in `\(member)`; "
                + "nothing was combined"
        case .repeatedShard(let index, let count): "two of the runs are shard \(index)/\(count); name each shard once"
        case .missingShard(let index, let count): "shard \(index)/\(count) is missing: combining needs all \(count)"
        }
    }
}
