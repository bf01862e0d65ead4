import Foundation

/// Model prices over time: the table in the repository (`prices.json`, compiled into align), optionally overridden
/// or extended by a file of the user's (`--prices FILE`, native or LiteLLM format).
///
/// Its `version` is the SHA-256 of its canonical JSON, so two tables with the same prices have the same version,
/// whatever file they were read from. Recordings store that version.
public struct PriceTable: Sendable, Equatable {
    /// Prices per model id, as the table lists them.
    public private(set) var models: [String: ModelPrices]
    /// `sha256:` of the canonical JSON of the table.
    public let version: String

    /// A table of `models`.
    public init(models: [String: ModelPrices]) {
        self.models = models
        version = CacheKey(hashing: Self.jsonValue(of: models).canonicalBytes).description
    }

    /// The table in the repository (`Sources/Recorder/Prices/prices.json`).
    public static let builtIn: PriceTable = {
        do {
            return try PriceTable(parsing: PackageResources.prices_json, file: "built-in prices.json")
        } catch {
            // The file is checked by the tests; a broken one must not ship, and cannot be recovered from here.
            fatalError("\(error)")
        }
    }()

    /// The built-in table, with the prices in `path` (when given) overriding and extending it.
    ///
    /// A model in the file replaces that model's entries entirely (so a dated history in the file is taken as a
    /// whole); models only in the file are added.
    /// - Throws: `PriceTableError` naming the file (and line) when it cannot be read or is in neither format.
    public static func load(overrides path: String?) throws(PriceTableError) -> PriceTable {
        guard let path else { return builtIn }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PriceTableError(file: path, message: "cannot be read (\(error.localizedDescription))")
        }
        return builtIn.merging(try PriceTable(parsing: [UInt8](data), file: path))
    }

    /// This table with `overrides` laid over it, model by model.
    public func merging(_ overrides: PriceTable) -> PriceTable {
        PriceTable(models: models.merging(overrides.models) { _, new in new })
    }

    /// The table as canonical-ready JSON in the native format.
    public var jsonValue: JSONValue { Self.jsonValue(of: models) }
}

extension PriceTable {
    /// The price of `model` in force on `day` (`YYYY-MM-DD` or a store timestamp), the id resolved by `resolve`.
    public func price(of model: String, on day: String) -> PriceLookup {
        guard let id = resolve(model), let prices = models[id] else { return .unknownModel }
        guard let entry = prices.entry(on: day) else {
            return .notYetPriced(modelID: id, firstEffective: prices.entries.first?.effective ?? "?")
        }
        return .found(modelID: id, entry: entry)
    }
}
