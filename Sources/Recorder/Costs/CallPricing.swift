/// A call's cost, or why it has none.
public enum CallPricing: Sendable, Equatable {
    /// Priced.
    case priced(CallCost)
    /// Not priced, and not counted in any sum (never as $0): the reason says what is missing.
    case unpriced(reason: String)

    /// The cost, when priced.
    public var cost: CallCost? {
        if case .priced(let cost) = self { return cost }
        return nil
    }
}
