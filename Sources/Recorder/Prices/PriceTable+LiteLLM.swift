/// Import from LiteLLM's `model_prices_and_context_window.json`: `{ID: {"input_cost_per_token",
/// "output_cost_per_token", "cache_read_input_token_cost", "cache_creation_input_token_cost",
/// "output_cost_per_reasoning_token", "litellm_provider", …}}`, rates in USD per token.
extension PriceFileReader {
    func liteLLM(_ members: [String: JSONValue]) throws(PriceTableError) -> [String: ModelPrices] {
        var result: [String: ModelPrices] = [:]
        for (id, value) in members where id != "sample_spec" {
            guard case .object(let model) = value else {
                throw error("model \(id): expected an object (neither a native nor a LiteLLM price file?)", model: id)
            }
            // Image, audio, search and tiered entries price other units (or only one side): only models with both a
            // per-token input and output cost are imported.
            guard model["input_cost_per_token"] != nil, model["output_cost_per_token"] != nil else { continue }
            func rate(_ name: String) throws(PriceTableError) -> TokenRate? {
                guard let member = model[name] else { return nil }
                guard let number = member.doubleValue, let rate = TokenRate(usdPerToken: number) else {
                    throw error("model \(id): \"\(name)\" must be a non-negative number of USD per token", model: id)
                }
                return rate
            }
            guard let input = try rate("input_cost_per_token"), let output = try rate("output_cost_per_token") else {
                throw error("model \(id): needs both input_cost_per_token and output_cost_per_token", model: id)
            }
            let entry = PriceEntry(
                input: input, cachedInput: try rate("cache_read_input_token_cost").map(CacheTokenRate.rate) ?? .asInput,
                cacheWrite: try rate("cache_creation_input_token_cost").map(CacheTokenRate.rate) ?? .asInput,
                output: output, reasoning: try rate("output_cost_per_reasoning_token"),
                source: "LiteLLM-format file \(file)")
            result[id] = ModelPrices(provider: model["litellm_provider"]?.stringValue, entries: [entry])
        }
        if result.isEmpty {
            throw error("no model with input_cost_per_token / output_cost_per_token: neither a native price file "
                        + "(\"format\": \"\(PriceTable.nativeFormat)\") nor LiteLLM's layout")
        }
        return result
    }
}
