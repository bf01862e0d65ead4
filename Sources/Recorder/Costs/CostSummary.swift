/// Sums over a set of priced calls: what was spent live, what the cache saved, and what could not be priced.
public struct CostSummary: Sendable, Equatable {
    /// Calls recorded live.
    public var liveCalls = 0
    /// Calls served from the cache.
    public var cacheCalls = 0
    /// Tokens of the live calls.
    public var liveTokens = TokenTotals()
    /// Tokens of the cache-served calls.
    public var cacheTokens = TokenTotals()
    /// What the priced live calls cost.
    public var spent = Money.zero
    /// What the priced cache-served calls would have cost, had they been made live.
    public var saved = Money.zero
    /// Live calls that could not be priced (not in `spent`).
    public var unpricedLive = 0
    /// Cache-served calls that could not be priced (not in `saved`).
    public var unpricedCache = 0
    /// With `--reprice`: what the live calls would have cost at the other model's prices.
    public var repricedSpent: Money?
    /// With `--reprice`: what the cache-served calls would have cost at the other model's prices.
    public var repricedSaved: Money?
    /// With `--reprice`: calls the other model's prices could not price.
    public var repricedUnpriced = 0

    /// Nothing yet.
    public init() {}

    /// The sum of several summaries (the runs of one sharded run, say).
    public init(summing summaries: some Sequence<CostSummary>) {
        for summary in summaries { add(summary) }
    }

    /// Every call.
    public var calls: Int { liveCalls + cacheCalls }
    /// Calls that could not be priced.
    public var unpriced: Int { unpricedLive + unpricedCache }
    /// Tokens of every call.
    public var tokens: TokenTotals {
        var all = liveTokens
        all.add(cacheTokens)
        return all
    }

    /// Adds one call.
    public mutating func add(_ call: CostedCall) {
        let cost = call.pricing.cost?.total
        switch call.record.source {
        case .live:
            liveCalls += 1
            liveTokens.add(call.record.usage)
            if let cost { spent = spent + cost } else { unpricedLive += 1 }
        case .cache:
            cacheCalls += 1
            cacheTokens.add(call.record.usage)
            if let cost { saved = saved + cost } else { unpricedCache += 1 }
        }
        if let repricing = call.repricing {
            let amount = repricing.cost?.total ?? .zero
            if repricing.cost == nil { repricedUnpriced += 1 }
            repricedSpent = (repricedSpent ?? .zero) + (call.record.source == .live ? amount : .zero)
            repricedSaved = (repricedSaved ?? .zero) + (call.record.source == .cache ? amount : .zero)
        }
    }

    /// Adds another summary's calls, tokens and amounts.
    public mutating func add(_ other: CostSummary) {
        liveCalls += other.liveCalls
        cacheCalls += other.cacheCalls
        liveTokens.add(other.liveTokens)
        cacheTokens.add(other.cacheTokens)
        spent = spent + other.spent
        saved = saved + other.saved
        unpricedLive += other.unpricedLive
        unpricedCache += other.unpricedCache
        repricedSpent = Self.sum(repricedSpent, other.repricedSpent)
        repricedSaved = Self.sum(repricedSaved, other.repricedSaved)
        repricedUnpriced += other.repricedUnpriced
    }

    /// Two optional amounts added up: nil only when both are.
    private static func sum(_ a: Money?, _ b: Money?) -> Money? {
        guard a != nil || b != nil else { return nil }
        return (a ?? .zero) + (b ?? .zero)
    }
}
