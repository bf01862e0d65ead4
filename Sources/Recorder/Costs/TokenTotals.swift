/// Token counts summed by kind.
public struct TokenTotals: Sendable, Equatable, Hashable {
    /// Every prompt token.
    public var input = 0
    /// Prompt tokens neither read from nor written to the prompt cache.
    public var uncachedInput = 0
    /// Prompt tokens read from the prompt cache.
    public var cachedInput = 0
    /// Prompt tokens written to the prompt cache.
    public var cacheWrite = 0
    /// Completion tokens, reasoning included.
    public var output = 0
    /// Of the output, reasoning tokens.
    public var reasoning = 0

    /// No tokens.
    public init() {}

    /// Adds one call's usage.
    public mutating func add(_ usage: TokenUsage) {
        let cached = usage.cachedInput ?? 0
        let written = usage.cacheWrite ?? 0
        input += usage.input ?? 0
        cachedInput += cached
        cacheWrite += written
        uncachedInput += max(0, (usage.input ?? 0) - cached - written)
        output += usage.output ?? 0
        reasoning += usage.reasoning ?? 0
    }

    /// Adds other totals.
    public mutating func add(_ other: TokenTotals) {
        input += other.input
        uncachedInput += other.uncachedInput
        cachedInput += other.cachedInput
        cacheWrite += other.cacheWrite
        output += other.output
        reasoning += other.reasoning
    }
}
