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
