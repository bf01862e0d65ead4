import Engine
import Recorder

/// One of N shards of a run's tasks: every N-th task in task order, starting at the I-th (1-based), so that N
/// machines sharing a cache each run one and any of them can combine the whole.
struct Shard: Equatable {
    /// Which shard, from 1.
    var index: Int
    /// How many shards in all.
    var count: Int
    /// Every task of the whole run, in order.
    var allTaskIDs: [String]

    /// Reads `I/N`.
    static func parse(_ text: String) throws -> (index: Int, count: Int) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index)
        else {
            throw CacheError.invalidArgument("--shard '\(text)': use I/N with 1 ≤ I ≤ N, e.g. --shard 2/4 for the second of "
                                             + "four shards")
        }
        return (index, count)
    }

    /// The tasks of shard `index` of `count`: positions index−1, index−1+count, … of `tasks`.
    static func select<T>(_ tasks: [T], index: Int, count: Int) -> [T] {
        stride(from: index - 1, to: tasks.count, by: count).map { tasks[$0] }
    }

    var json: JSONValue {
        ["index": .number(Double(index)), "count": .number(Double(count)),
         "all_ids": .array(allTaskIDs.map(JSONValue.string))]
    }

    init(index: Int, count: Int, allTaskIDs: [String]) {
        self.index = index
        self.count = count
        self.allTaskIDs = allTaskIDs
    }

    init(json: JSONValue) throws {
        guard let index = json["index"]?.intValue, let count = json["count"]?.intValue,
              let ids = json["all_ids"]?.arrayValue?.compactMap(\.stringValue) else {
            throw FormatProblem("the stored shard of the run configuration is incomplete (index, count, all_ids)")
        }
        self.init(index: index, count: count, allTaskIDs: ids)
    }
}
