import Recorder

extension RunReport {
    /// The results as JSON: `configuration`, `summary`, `tasks` (every result as its `task_result` payload), and
    /// `cost` when priced. No run id or time, so equal runs print equal bytes.
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "configuration": configuration.json, "summary": summary.json, "tasks": .array(results.map(\.json)),
        ]
        if let cost { members["cost"] = Self.costJSON(cost) }
        return .object(members)
    }

    /// A cost summary as JSON (amounts as exact decimal strings).
    public static func costJSON(_ costs: CostSummary) -> JSONValue {
        ["spent_usd": .string(costs.spent.formatted(decimals: 12)), "saved_usd": .string(costs.saved.formatted(decimals: 12)),
         "live_calls": .number(Double(costs.liveCalls)), "cache_calls": .number(Double(costs.cacheCalls)),
         "unpriced_calls": .number(Double(costs.unpriced))]
    }
}
