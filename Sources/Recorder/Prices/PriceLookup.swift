/// What the table says about a model on a day.
public enum PriceLookup: Sendable, Equatable {
    /// The entry in force, and the table's id it was found under.
    case found(modelID: String, entry: PriceEntry)
    /// No id or alias of the model is in the table.
    case unknownModel
    /// The model is listed, but its first entry took effect after that day.
    case notYetPriced(modelID: String, firstEffective: String)
}
