/// The native price file: `{"format": "selfalign-prices/1", "models": {ID: {"provider", "prices": [ENTRY…]}}}`,
/// each entry `{"effective", "input", "cached_input", "cache_write", "output", "reasoning", "source", "note"}` with
/// rates in USD per 1M tokens. See the `notes` of `prices.json` for what absent and null rates mean.
extension PriceTable {
    /// The format tag of native price files.
    public static let nativeFormat = "selfalign-prices/1"

    /// Parses a price file in the native format or LiteLLM's `model_prices_and_context_window.json` layout.
    /// - Parameter file: the file's name, for errors.
    /// - Throws: `PriceTableError` with the line of the problem where it can be found.
    public init(parsing bytes: [UInt8], file: String) throws(PriceTableError) {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: bytes)
        } catch {
            throw PriceTableError(file: file, line: error.line, message: "\(error.message) (column \(error.column))")
        }
        guard case .object(let members) = json else {
            throw PriceTableError(file: file, line: 1, message: "expected a JSON object of models")
        }
        let reader = PriceFileReader(file: file, bytes: bytes)
        if members["format"] != nil || members["models"] != nil {
            self.init(models: try reader.native(members))
        } else {
            self.init(models: try reader.liteLLM(members))
        }
    }

    static func jsonValue(of models: [String: ModelPrices]) -> JSONValue {
        .object([
            "format": .string(nativeFormat),
            "models": .object(models.mapValues { prices in
                .object([
                    "provider": prices.provider.map(JSONValue.string) ?? .null,
                    "prices": .array(prices.entries.map(\.jsonValue)),
                ])
            }),
        ])
    }
}

extension PriceEntry {
    /// The entry in the native format.
    var jsonValue: JSONValue {
        var members: [String: JSONValue] = [
            "effective": effective.map(JSONValue.string) ?? .null,
            "input": .number(input.usdPerMillionTokens), "output": .number(output.usdPerMillionTokens),
            "source": .string(source),
        ]
        for (name, rate) in [("cached_input", cachedInput), ("cache_write", cacheWrite)] {
            switch rate {
            case .rate(let value): members[name] = .number(value.usdPerMillionTokens)
            case .unknown: members[name] = .null
            case .asInput: break
            }
        }
        if let reasoning { members["reasoning"] = .number(reasoning.usdPerMillionTokens) }
        if let note { members["note"] = .string(note) }
        return .object(members)
    }
}

/// Reads the members of a parsed price file, pointing errors at the line where the model is written.
struct PriceFileReader {
    let file: String
    let bytes: [UInt8]

    func error(_ message: String, model: String? = nil) -> PriceTableError {
        PriceTableError(file: file, line: model.map(line(ofKey:)) ?? 1, message: message)
    }

    /// The line of the first `"key":` in the file (1 when it cannot be found).
    func line(ofKey key: String) -> Int {
        let needle = Array(JSONValue.string(key).canonicalBytes)
        var index = 0
        var line = 1
        while index + needle.count <= bytes.count {
            if bytes[index] == 0x0A { line += 1 }
            if bytes[index] == needle[0], Array(bytes[index..<index + needle.count]) == needle {
                var after = index + needle.count
                while after < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[after]) { after += 1 }
                if after < bytes.count, bytes[after] == UInt8(ascii: ":") { return line }
            }
            index += 1
        }
        return 1
    }

    func native(_ members: [String: JSONValue]) throws(PriceTableError) -> [String: ModelPrices] {
        if let format = members["format"], format != .string(PriceTable.nativeFormat) {
            throw error("unknown format \(format.canonicalString): expected \"\(PriceTable.nativeFormat)\"",
                        model: "format")
        }
        guard case .object(let models)? = members["models"] else {
            throw error("expected \"models\": an object of model ids", model: "models")
        }
        var result: [String: ModelPrices] = [:]
        for (id, value) in models {
            guard case .object(let model) = value, case .array(let entries)? = model["prices"], !entries.isEmpty else {
                throw error("model \(id): expected {\"provider\": …, \"prices\": [at least one entry]}", model: id)
            }
            var parsed: [PriceEntry] = []
            for entry in entries { parsed.append(try self.entry(entry, model: id)) }
            let dates = parsed.map { $0.effective ?? "" }
            if Set(dates).count != dates.count {
                throw error("model \(id): two entries take effect on the same date", model: id)
            }
            result[id] = ModelPrices(provider: model["provider"]?.stringValue, entries: parsed)
        }
        return result
    }

    func entry(_ value: JSONValue, model: String) throws(PriceTableError) -> PriceEntry {
        guard case .object(let members) = value else { throw error("model \(model): an entry is not an object", model: model) }
        func rate(_ name: String) throws(PriceTableError) -> TokenRate {
            guard let number = members[name]?.doubleValue, let rate = TokenRate(usdPerMillionTokens: number) else {
                throw error("model \(model): \"\(name)\" must be a non-negative number of USD per 1M tokens", model: model)
            }
            return rate
        }
        func cacheRate(_ name: String) throws(PriceTableError) -> CacheTokenRate {
            switch members[name] {
            case nil: return .asInput
            case .null?: return .unknown
            default: return .rate(try rate(name))
            }
        }
        var effective: String?
        switch members["effective"] {
        case nil, .null?: effective = nil
        case .string(let day)? where Self.isDay(day): effective = day
        default: throw error("model \(model): \"effective\" must be a date YYYY-MM-DD or null", model: model)
        }
        guard let source = members["source"]?.stringValue, !source.isEmpty else {
            throw error("model \(model): every entry needs a \"source\" (URL, with the commit for a repository file)",
                        model: model)
        }
        var reasoning: TokenRate?
        if members["reasoning"] != nil { reasoning = try rate("reasoning") }
        return PriceEntry(effective: effective, input: try rate("input"), cachedInput: try cacheRate("cached_input"),
                          cacheWrite: try cacheRate("cache_write"), output: try rate("output"), reasoning: reasoning,
                          source: source, note: members["note"]?.stringValue)
    }

    static func isDay(_ text: String) -> Bool {
        let characters = Array(text)
        guard characters.count == 10, characters[4] == "-", characters[7] == "-" else { return false }
        return [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { characters[$0].isASCII && characters[$0].isNumber }
    }
}
