/// The mean and sample standard deviation of values (repeats of one configuration).
public struct Spread: Sendable, Equatable {
    /// How many values, their mean, and their sample standard deviation (0 for one value).
    public var count: Int
    public var mean: Double
    public var standardDeviation: Double

    /// The spread of `values`; nil for none.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        count = values.count
        mean = values.reduce(0, +) / Double(values.count)
        let mean = mean
        standardDeviation = values.count < 2 ? 0
            : (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
    }
}
