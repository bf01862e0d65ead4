extension PriceTable {
    /// Provider prefixes that name the same model (`openai/gpt-4o` is `gpt-4o`).
    public static let providerPrefixes = ["openai/", "anthropic/"]

    /// The table id that prices `model`, by explicit rules and nothing fuzzier:
    ///
    /// 1. the id itself, when listed;
    /// 2. without a provider prefix (`openai/`, `anthropic/`), when that is listed;
    /// 3. without a trailing date (`-YYYY-MM-DD` or `-YYYYMMDD`), when that base is listed — which by rule 1 means
    ///    the dated id itself is not: `gpt-4o-2024-08-06` → `gpt-4o`, but `gpt-4o-2024-05-13` keeps its own price.
    ///
    /// - Returns: nil when no rule applies: the model is unpriced (never free).
    public func resolve(_ model: String) -> String? {
        if models[model] != nil { return model }
        var candidate = model
        for prefix in Self.providerPrefixes where candidate.hasPrefix(prefix) {
            candidate = String(candidate.dropFirst(prefix.count))
            if models[candidate] != nil { return candidate }
        }
        if let base = Self.droppingDateSuffix(candidate), models[base] != nil { return base }
        return nil
    }

    /// `name` without a trailing `-YYYY-MM-DD` or `-YYYYMMDD`, or nil when it has neither.
    static func droppingDateSuffix(_ name: String) -> String? {
        let characters = Array(name)
        func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { characters[$0].isASCII && characters[$0].isNumber } }
        let count = characters.count
        if count > 11, characters[count - 11] == "-", digits(count - 10..<count - 6), characters[count - 6] == "-",
           digits(count - 5..<count - 3), characters[count - 3] == "-", digits(count - 2..<count)
        {
            return String(characters[..<(count - 11)])
        }
        if count > 9, characters[count - 9] == "-", digits(count - 8..<count) {
            return String(characters[..<(count - 9)])
        }
        return nil
    }
}
