/// A proportion with its 95% Wilson score interval (Wilson 1927): `count` of `total`.
public struct Rate: Sendable, Equatable {
    /// Successes and trials.
    public var count: Int
    public var total: Int

    /// Builds a rate.
    public init(_ count: Int, of total: Int) {
        self.count = count
        self.total = total
    }

    /// count / total; nil for no trials.
    public var value: Double? { total == 0 ? nil : Double(count) / Double(total) }

    /// The 95% Wilson score interval (z = 1.959964): (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n); nil for no
    /// trials.
    public var interval: (low: Double, high: Double)? {
        guard total > 0 else { return nil }
        let n = Double(total)
        let p = Double(count) / n
        let z = 1.959963984540054
        let z2 = z * z
        let denominator = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        return (max(0, center - half), min(1, center + half))
    }
}
