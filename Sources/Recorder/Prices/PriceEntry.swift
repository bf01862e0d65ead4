/// How prompt-cache tokens of one kind are priced by an entry.
public enum CacheTokenRate: Sendable, Hashable {
    /// Their own rate.
    case rate(TokenRate)
    /// The provider has no separate rate (the member is absent): priced as plain input.
    case asInput
    /// The rate is not known (the member is `null`): a call with such tokens is unpriced.
    case unknown
}

/// One dated price of a model: rates per token kind, when it took effect, and where it comes from.
public struct PriceEntry: Sendable, Hashable {
    /// The first UTC day the entry is in force (`YYYY-MM-DD`); nil when that date is not sourced, which places it
    /// before every dated entry of the model.
    public var effective: String?
    /// Prompt tokens neither read from nor written to the prompt cache.
    public var input: TokenRate
    /// Prompt tokens read from the prompt cache.
    public var cachedInput: CacheTokenRate
    /// Prompt tokens written to the prompt cache.
    public var cacheWrite: CacheTokenRate
    /// Completion tokens, reasoning included unless `reasoning` is set.
    public var output: TokenRate
    /// Reasoning tokens, when the provider prices them apart from other output.
    public var reasoning: TokenRate?
    /// Where the rates (and the date) come from: a URL, with the commit for a file in a repository.
    public var source: String
    /// Anything a reader of the figures should know.
    public var note: String?

    /// Builds an entry.
    public init(effective: String? = nil, input: TokenRate, cachedInput: CacheTokenRate = .asInput,
                cacheWrite: CacheTokenRate = .asInput, output: TokenRate, reasoning: TokenRate? = nil,
                source: String, note: String? = nil)
    {
        self.effective = effective
        self.input = input
        self.cachedInput = cachedInput
        self.cacheWrite = cacheWrite
        self.output = output
        self.reasoning = reasoning
        self.source = source
        self.note = note
    }

    /// Whether the entry is in force on `day` (`YYYY-MM-DD`, or a timestamp whose first ten characters are one).
    func isInForce(on day: String) -> Bool {
        guard let effective else { return true }
        return effective <= String(day.prefix(10))
    }
}

/// A model's prices over time.
public struct ModelPrices: Sendable, Hashable {
    /// The provider that serves it, as the table names it.
    public var provider: String?
    /// Its entries, undated first, then by effective date.
    public var entries: [PriceEntry]

    /// Builds a model's prices; entries are put in date order.
    public init(provider: String?, entries: [PriceEntry]) {
        self.provider = provider
        self.entries = entries.sorted { ($0.effective ?? "") < ($1.effective ?? "") }
    }

    /// The entry in force on `day`: the latest whose effective date is not after it.
    public func entry(on day: String) -> PriceEntry? {
        entries.last { $0.isInForce(on: day) }
    }
}
