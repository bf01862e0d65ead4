extension PriceTable {
    /// What `usage` cost at the price of `model` in force on `day`.
    ///
    /// Uncached input is `input − cachedInput − cacheWrite` (input counts every prompt token); output includes
    /// reasoning, priced at the output rate unless the entry has a reasoning rate.
    public func cost(of usage: TokenUsage, model: String, on day: String) -> CallPricing {
        let entry: PriceEntry
        let modelID: String
        switch price(of: model, on: day) {
        case .unknownModel:
            return .unpriced(reason: "model \(model) is not in the price table")
        case .notYetPriced(let id, let first):
            return .unpriced(reason: "no price for \(id) before \(first) (recorded \(day.prefix(10)))")
        case .found(let id, let found):
            modelID = id
            entry = found
        }
        guard usage.input != nil || usage.output != nil else {
            return .unpriced(reason: "no token usage was recorded")
        }
        let cached = usage.cachedInput ?? 0
        let written = usage.cacheWrite ?? 0
        let uncached = max(0, (usage.input ?? 0) - cached - written)
        let output = usage.output ?? 0
        let reasoning = min(output, usage.reasoning ?? 0)

        func cacheCost(_ tokens: Int, _ rate: CacheTokenRate) -> Money? {
            guard tokens > 0 else { return .zero }
            switch rate {
            case .rate(let value): return value.cost(of: tokens)
            case .asInput: return entry.input.cost(of: tokens)
            case .unknown: return nil
            }
        }
        guard let cachedCost = cacheCost(cached, entry.cachedInput) else {
            return .unpriced(reason: "the cached-input rate of \(modelID) in force on \(day.prefix(10)) is not known")
        }
        guard let writeCost = cacheCost(written, entry.cacheWrite) else {
            return .unpriced(reason: "the cache-write rate of \(modelID) in force on \(day.prefix(10)) is not known")
        }
        let outputCost = entry.reasoning.map { $0.cost(of: reasoning) + entry.output.cost(of: output - reasoning) }
            ?? entry.output.cost(of: output)
        return .priced(CallCost(modelID: modelID, effective: entry.effective, input: entry.input.cost(of: uncached),
                                cachedInput: cachedCost, cacheWrite: writeCost, output: outputCost))
    }
}
