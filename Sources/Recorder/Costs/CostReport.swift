/// A cost audit: every call priced, summed overall and by the chosen dimensions.
///
/// Every call is priced at the price in force on the UTC day it was originally recorded — for a call served from
/// the cache too, so a replayed run saves exactly what its recording spent, whenever it is replayed.
public struct CostReport: Sendable, Equatable {
    /// What was audited (`run r1`, `all`).
    public var scope: String
    /// The version of the price table used.
    public var priceTableVersion: String
    /// The model whose prices `--reprice` applies, if any.
    public var reprice: String?
    /// The grouping dimensions, in order.
    public var dimensions: [CostDimension]
    /// Every call, in order.
    public var calls: [CostedCall]
    /// The sums over every call.
    public var total: CostSummary
    /// The sums per group, in order of their values.
    public var groups: [CostGroup]

    /// Prices `records` with `table` and sums them.
    /// - Parameters:
    ///   - reprice: a model whose prices to apply to the same usage as well.
    ///   - dimensions: what to group by.
    public init(scope: String, records: [CallRecord], table: PriceTable, reprice: String? = nil,
                by dimensions: [CostDimension] = [.model])
    {
        self.scope = scope
        self.priceTableVersion = table.version
        self.reprice = reprice
        self.dimensions = dimensions
        calls = records.map { record in
            let pricing: CallPricing
            if (record.status.map { !(200...299).contains($0) } ?? false), record.usage == TokenUsage() {
                // A failed call that reported no usage was not billed.
                pricing = .priced(CallCost(modelID: record.model, effective: nil, input: .zero, cachedInput: .zero,
                                           cacheWrite: .zero, output: .zero))
            } else {
                pricing = table.cost(of: record.usage, model: record.model, on: record.recordedAt)
            }
            return CostedCall(record: record, pricing: pricing,
                              repricing: reprice.map { table.cost(of: record.usage, model: $0, on: record.recordedAt) })
        }
        var total = CostSummary()
        var byValues: [[String]: CostSummary] = [:]
        for call in calls {
            total.add(call)
            byValues[dimensions.map { $0.value(of: call.record) }, default: CostSummary()].add(call)
        }
        self.total = total
        groups = byValues.map { CostGroup(values: $0.key, summary: $0.value) }
            .sorted { Self.precedes($0.values, $1.values) }
    }

    /// Orders group values field by field, numbers (tries) numerically.
    static func precedes(_ lhs: [String], _ rhs: [String]) -> Bool {
        for (left, right) in zip(lhs, rhs) where left != right {
            if let l = Int(left), let r = Int(right) { return l < r }
            return left < right
        }
        return lhs.count < rhs.count
    }

    /// The calls that could not be priced, with why.
    public var unpricedCalls: [(call: CallRecord, reason: String)] {
        calls.compactMap { call in
            if case .unpriced(let reason) = call.pricing { return (call.record, reason) }
            return nil
        }
    }
}
