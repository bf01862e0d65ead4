/// How prompt-cache tokens of one kind are priced by an entry.
public enum CacheTokenRate: Sendable, Hashable {
    /// Their own rate.
    case rate(TokenRate)
    /// The provider has no separate rate (the member is absent): priced as plain input.
    case asInput
    /// The rate is not known (the member is `null`): a call with such tokens is unpriced.
    case unknown
}
