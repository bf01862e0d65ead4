/// A call with its cost (and, with `--reprice`, its cost at the other model's prices).
public struct CostedCall: Sendable, Equatable {
    /// The call.
    public var record: CallRecord
    /// At the price of the model that answered, in force on the day it was recorded.
    public var pricing: CallPricing
    /// At the other model's price in force on that day, when repricing.
    public var repricing: CallPricing?
}
