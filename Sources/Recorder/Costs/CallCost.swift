/// What one call cost, by token kind, and the price it was figured at.
public struct CallCost: Sendable, Equatable {
    /// The table id whose price applied.
    public var modelID: String
    /// The effective date of the entry that applied (nil: the undated entry).
    public var effective: String?
    /// Prompt tokens neither read from nor written to the prompt cache.
    public var input: Money
    /// Prompt tokens read from the prompt cache.
    public var cachedInput: Money
    /// Prompt tokens written to the prompt cache.
    public var cacheWrite: Money
    /// Completion tokens, reasoning included.
    public var output: Money

    /// The whole cost.
    public var total: Money { input + cachedInput + cacheWrite + output }
}
