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
