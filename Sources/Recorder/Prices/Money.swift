/// An amount of US dollars held exactly, in picodollars (10⁻¹² USD), so sums never drift.
///
/// A rate of r USD per million tokens is r × 10⁶ picodollars per token, so every rate in the price table (and every
/// per-token rate in LiteLLM's file) is a whole number of picodollars per token, and a call's cost is an exact integer.
public struct Money: Sendable, Hashable, Comparable, AdditiveArithmetic, CustomStringConvertible {
    /// The amount in picodollars.
    public var picodollars: Int64

    /// An amount of `picodollars`.
    public init(picodollars: Int64) { self.picodollars = picodollars }

    /// No money.
    public static var zero: Money { Money(picodollars: 0) }
    /// The sum; traps on overflow (past about 9.2 million dollars).
    public static func + (lhs: Money, rhs: Money) -> Money { Money(picodollars: lhs.picodollars + rhs.picodollars) }
    /// The difference.
    public static func - (lhs: Money, rhs: Money) -> Money { Money(picodollars: lhs.picodollars - rhs.picodollars) }
    /// Whether `lhs` is the smaller amount.
    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.picodollars < rhs.picodollars }

    /// The exact amount in dollars, without trailing zeros past the cents: `0.000342`, `1.50`, `0.00`.
    public var description: String { Self.decimal(picodollars, fractionDigits: 12, trimmingTo: 2) }

    /// The amount rounded half away from zero to `decimals` places (at most 12), e.g. `0.000342` for 6.
    public func formatted(decimals: Int) -> String {
        let decimals = max(0, min(12, decimals))
        var scale: Int64 = 1
        for _ in 0..<(12 - decimals) { scale *= 10 }
        let magnitude = picodollars.magnitude
        let rounded = (magnitude + UInt64(scale / 2)) / UInt64(scale)
        let text = Self.decimal(Int64(rounded), fractionDigits: decimals, trimmingTo: decimals)
        return picodollars < 0 && rounded != 0 ? "-" + text : text
    }

    /// `value` / 10^fractionDigits as decimal text, trailing zeros trimmed down to `minimumDigits` places.
    static func decimal(_ value: Int64, fractionDigits: Int, trimmingTo minimumDigits: Int) -> String {
        let digits = String(value.magnitude)
        let padded = String(repeating: "0", count: max(0, fractionDigits + 1 - digits.count)) + digits
        var whole = String(padded.dropLast(fractionDigits))
        var fraction = String(padded.suffix(fractionDigits))
        while fraction.count > minimumDigits && fraction.last == "0" { fraction.removeLast() }
        if value < 0 { whole = "-" + whole }
        return fraction.isEmpty ? whole : whole + "." + fraction
    }
}
