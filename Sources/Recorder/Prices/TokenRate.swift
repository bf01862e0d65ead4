/// A price per token, held as picodollars per token (which equals microdollars per million tokens).
public struct TokenRate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Picodollars per token.
    public var picodollarsPerToken: Int64

    /// A rate of `picodollarsPerToken`.
    public init(picodollarsPerToken: Int64) { self.picodollarsPerToken = picodollarsPerToken }

    /// A rate given in USD per million tokens, as the price table writes it; nil when negative or not finite.
    public init?(usdPerMillionTokens value: Double) {
        guard value.isFinite, value >= 0, value < 9e6 else { return nil }
        picodollarsPerToken = Int64((value * 1_000_000).rounded())
    }

    /// A rate given in USD per token, as LiteLLM writes it; nil when negative or not finite.
    public init?(usdPerToken value: Double) {
        guard value.isFinite, value >= 0, value < 9 else { return nil }
        picodollarsPerToken = Int64((value * 1_000_000_000_000).rounded())
    }

    /// The rate in USD per million tokens.
    public var usdPerMillionTokens: Double { Double(picodollarsPerToken) / 1_000_000 }

    /// What `tokens` cost at this rate.
    public func cost(of tokens: Int) -> Money { Money(picodollars: picodollarsPerToken * Int64(tokens)) }

    public static func < (lhs: TokenRate, rhs: TokenRate) -> Bool { lhs.picodollarsPerToken < rhs.picodollarsPerToken }

    /// `$2.50/M`.
    public var description: String {
        "$" + Money.decimal(picodollarsPerToken, fractionDigits: 6, trimmingTo: 2) + "/M"
    }
}
