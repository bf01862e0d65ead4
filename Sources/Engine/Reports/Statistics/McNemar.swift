import Foundation

/// The exact McNemar test of two runs on the same tasks: of the discordant pairs — `b` tasks only the baseline
/// got right, `c` only the other run — is the split more lopsided than a fair coin would make it?
/// Two-sided p = min(1, 2 · P(X ≤ min(b, c))) with X ~ Binomial(b + c, ½); 1 when there are no discordant pairs.
public struct McNemar: Sendable, Equatable {
    /// Tasks in both runs.
    public var pairs: Int
    /// Tasks correct in the baseline only, and in the other run only.
    public var baselineOnly: Int
    public var otherOnly: Int

    /// The test over paired outcomes (baseline, other) of the tasks both runs have.
    public init(pairs outcomes: [(baseline: Bool, other: Bool)]) {
        pairs = outcomes.count
        baselineOnly = outcomes.count { $0.baseline && !$0.other }
        otherOnly = outcomes.count { !$0.baseline && $0.other }
    }

    /// The exact two-sided p-value.
    public var pValue: Double {
        let n = baselineOnly + otherOnly
        guard n > 0 else { return 1 }
        let k = min(baselineOnly, otherOnly)
        // P(X ≤ k) = Σ_{i ≤ k} C(n, i) / 2^n: binomial coefficients as doubles (exact while they stay below 2^53,
        // and in range up to n = 1000), beyond that summed in logs.
        var tail = 0.0
        if n <= 1000 {
            var choose = 1.0
            for i in 0...k {
                if i > 0 { choose = choose * Double(n - i + 1) / Double(i) }
                tail += choose
            }
            tail /= Foundation.pow(2, Double(n))
        } else {
            for i in 0...k { tail += Foundation.exp(Self.logChoose(n, i) - Double(n) * Foundation.log(2)) }
        }
        return min(1, 2 * tail)
    }

    static func logChoose(_ n: Int, _ k: Int) -> Double {
        var value = 0.0
        for i in 0..<k { value += Foundation.log(Double(n - i) / Double(i + 1)) }
        return value
    }

}
