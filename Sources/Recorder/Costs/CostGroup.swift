/// The sums for one combination of dimension values.
public struct CostGroup: Sendable, Equatable {
    /// One value per dimension of the report, in its order.
    public var values: [String]
    /// The sums.
    public var summary: CostSummary
}
