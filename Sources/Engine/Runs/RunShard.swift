import Recorder

/// One of N shards of a run's tasks: every N-th task in task order, starting at the I-th (1-based), so that N
/// machines sharing a cache each run one and any of them can combine the whole (`align runs combine`).
public struct RunShard: Sendable, Equatable {
    /// Which shard, from 1.
    public var index: Int
    /// How many shards in all.
    public var count: Int
    /// Every task of the whole run, in order.
    public var allTaskIDs: [String]

    /// Builds a shard.
    public init(index: Int, count: Int, allTaskIDs: [String]) {
        self.index = index
        self.count = count
        self.allTaskIDs = allTaskIDs
    }

    /// Reads `I/N`.
    /// - Throws: `RunConfigurationError` unless 1 ≤ I ≤ N.
    public static func parse(_ text: String) throws -> (index: Int, count: Int) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index)
        else {
            throw RunConfigurationError("'\(text)' is not a shard: use I/N with 1 ≤ I ≤ N, e.g. 2/4 for the second of "
                                        + "four shards")
        }
        return (index, count)
    }

    /// The elements of shard `index` of `count`: positions index−1, index−1+count, … of `all`.
    public static func select<T>(_ all: [T], index: Int, count: Int) -> [T] {
        stride(from: index - 1, to: all.count, by: count).map { all[$0] }
    }

    /// The stored form.
    public var json: JSONValue {
        ["index": .number(Double(index)), "count": .number(Double(count)),
         "all_ids": .array(allTaskIDs.map(JSONValue.string))]
    }

    /// Reads the stored form.
    public init(json: JSONValue) throws {
        guard let index = json["index"]?.intValue, let count = json["count"]?.intValue,
              let ids = json["all_ids"]?.arrayValue?.compactMap(\.stringValue) else {
            throw RunConfigurationError("the stored shard of the run configuration is incomplete (index, count, all_ids)")
        }
        self.init(index: index, count: count, allTaskIDs: ids)
    }
}
