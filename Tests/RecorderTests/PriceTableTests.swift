import Foundation
@testable import Recorder
import Testing

/// The price table: the built-in data, alias rules, dated entries, overrides and the LiteLLM import.
/// Every expected figure is worked out by hand in the comment beside it.
@Suite("Prices")
struct PriceTableTests {
    let table = PriceTable.builtIn

    private func usd(_ pricing: CallPricing) -> String? { pricing.cost?.total.description }

    @Test func theBuiltInTableParsesAndEveryEntryHasASource() throws {
        #expect(table.models.count >= 20)
        for (id, model) in table.models {
            #expect(!model.entries.isEmpty, "\(id)")
            for entry in model.entries { #expect(entry.source.hasPrefix("https://"), "\(id)") }
        }
        #expect(table.version.hasPrefix("sha256:"))
        // Stable: the same prices give the same version, whatever their order in memory.
        #expect(PriceTable(models: table.models).version == table.version)
    }

    @Test func openAICachedInputIsPricedAtTheCachedRate() {
        // gpt-4o: $2.50 input, $1.25 cached input, $10 output per 1M.
        // 600 uncached × 2.5 = 1500 µ$; 400 cached × 1.25 = 500 µ$; 200 out × 10 = 2000 µ$ → $0.004.
        let pricing = table.cost(of: TokenUsage(input: 1000, cachedInput: 400, output: 200), model: "gpt-4o",
                                 on: "2026-11-20")
        let cost = pricing.cost
        #expect(cost?.input.description == "0.0015")
        #expect(cost?.cachedInput.description == "0.0005")
        #expect(cost?.output.description == "0.002")
        #expect(usd(pricing) == "0.004")
    }

    @Test func anthropicCacheReadsAndWritesArePricedFromTheData() throws {
        // claude-3-5-haiku-20241022: $0.80 input, $0.08 cache read, $1.00 cache write, $4 output per 1M.
        // input 3000 counts 1000 read + 1500 written: 500 uncached × 0.8 = 400 µ$; 1000 × 0.08 = 80 µ$;
        // 1500 × 1.0 = 1500 µ$; 100 out × 4 = 400 µ$ → $0.00238.
        let pricing = table.cost(of: TokenUsage(input: 3000, cachedInput: 1000, cacheWrite: 1500, output: 100),
                                 model: "claude-3-5-haiku-20241022", on: "2026-11-20")
        #expect(pricing.cost?.input.description == "0.0004")
        #expect(pricing.cost?.cachedInput.description == "0.00008")
        #expect(pricing.cost?.cacheWrite.description == "0.0015")
        #expect(pricing.cost?.output.description == "0.0004")
        #expect(usd(pricing) == "0.00238")
        // Reads ≈ 0.1× input, writes 1.25× — as the data says, not as code assumes.
        let entry = try #require(table.models["claude-3-5-haiku-20241022"]?.entries.first)
        #expect(entry.cachedInput == .rate(TokenRate(picodollarsPerToken: entry.input.picodollarsPerToken / 10)))
        #expect(entry.cacheWrite == .rate(TokenRate(picodollarsPerToken: entry.input.picodollarsPerToken * 5 / 4)))
    }

    @Test func reasoningIsBilledAsOutputUnlessTheEntrySaysOtherwise() throws {
        // o3-mini: $1.10 input, $4.40 output. 100 in × 1.1 = 110 µ$; 1000 out (800 reasoning) × 4.4 = 4400 µ$.
        #expect(usd(table.cost(of: TokenUsage(input: 100, output: 1000, reasoning: 800), model: "o3-mini",
                               on: "2026-01-01")) == "0.00451")
        // With a reasoning rate of $1: 200 × 4.4 + 800 × 1.0 = 1680 µ$, plus 110 µ$ input.
        let file = #"{"format":"selfalign-prices/1","models":{"r":{"provider":"x","prices":[{"effective":null,"input":1.1,"output":4.4,"reasoning":1,"source":"test"}]}}}"#
        let custom = try PriceTable(parsing: Array(file.utf8), file: "custom.json")
        #expect(usd(custom.cost(of: TokenUsage(input: 100, output: 1000, reasoning: 800), model: "r",
                                on: "2026-01-01")) == "0.00179")
    }

    @Test func aPriceChangePricesEarlierAndLaterCallsDifferently() {
        // o3: $10 / $40 from 2025-04-16; $2 / $8 from 2025-06-10 (both sourced in prices.json).
        let usage = TokenUsage(input: 1000, output: 1000)
        // 1000 × 10 + 1000 × 40 = 50000 µ$.
        #expect(usd(table.cost(of: usage, model: "o3", on: "2025-06-09T23:59:59.999Z")) == "0.05")
        // 1000 × 2 + 1000 × 8 = 10000 µ$.
        #expect(usd(table.cost(of: usage, model: "o3", on: "2025-06-10T00:00:00.000Z")) == "0.01")
        #expect(table.cost(of: usage, model: "o3-2025-04-16", on: "2025-06-10").cost?.modelID == "o3")
        // Before the first dated entry there is no price: unpriced, not the later one.
        guard case .unpriced(let reason) = table.cost(of: usage, model: "o3", on: "2025-04-01") else {
            Issue.record("a call before the first entry was priced")
            return
        }
        #expect(reason.contains("before 2025-04-16"))
        // The launch entry's cached-input rate is not sourced (null): a call with cached tokens then is unpriced.
        #expect(table.cost(of: TokenUsage(input: 1000, cachedInput: 100, output: 10), model: "o3",
                           on: "2025-05-01").cost == nil)
    }

    @Test func anUnknownModelIsUnpricedNotFree() {
        let pricing = table.cost(of: TokenUsage(input: 10, output: 10), model: "gpt-9-ultra", on: "2026-11-20")
        #expect(pricing == .unpriced(reason: "model gpt-9-ultra is not in the price table"))
    }

    @Test func aliasesFollowExplicitRulesOnly() {
        #expect(table.resolve("gpt-4o") == "gpt-4o")
        #expect(table.resolve("gpt-4o-2024-08-06") == "gpt-4o")               // date stripped: base listed
        #expect(table.resolve("gpt-4o-2024-05-13") == "gpt-4o-2024-05-13")    // listed itself: its own price
        #expect(table.resolve("openai/gpt-4o-mini") == "gpt-4o-mini")         // provider prefix
        #expect(table.resolve("openai/gpt-4o-mini-2024-07-18") == "gpt-4o-mini")
        #expect(table.resolve("claude-sonnet-4-5-20250929") == "claude-sonnet-4-5")  // -YYYYMMDD
        #expect(table.resolve("gpt-4o-latest") == nil)
        #expect(table.resolve("gpt-4o-mini-tts") == nil)                      // no prefix matching
        #expect(table.resolve("claude-3-5-haiku") == nil)                     // no adding dates either
        #expect(table.resolve("azure/gpt-4o") == nil)
        // gpt-4o-2024-05-13 at $5/$15 vs gpt-4o at $2.50/$10: 1000 in + 1000 out.
        #expect(usd(table.cost(of: TokenUsage(input: 1000, output: 1000), model: "gpt-4o-2024-05-13",
                               on: "2026-01-01")) == "0.02")
        #expect(usd(table.cost(of: TokenUsage(input: 1000, output: 1000), model: "gpt-4o-2024-08-06",
                               on: "2026-01-01")) == "0.0125")
    }

    @Test func theLiteLLMLayoutGivesTheSameFiguresAsTheNativeTable() throws {
        // Entries as LiteLLM writes them (USD per token), values from its model_prices_and_context_window.json.
        let liteLLM = #"""
            {
              "sample_spec": {"input_cost_per_token": 0.0, "litellm_provider": "one of …"},
              "gpt-4o": {"cache_read_input_token_cost": 1.25e-06, "input_cost_per_token": 2.5e-06,
                         "litellm_provider": "openai", "mode": "chat", "output_cost_per_token": 1e-05},
              "gpt-3.5-turbo-1106": {"input_cost_per_token": 1e-06, "litellm_provider": "openai",
                                     "output_cost_per_token": 2e-06},
              "claude-3-5-haiku-20241022": {"cache_creation_input_token_cost": 1e-06, "cache_read_input_token_cost": 8e-08,
                                            "input_cost_per_token": 8e-07, "litellm_provider": "anthropic",
                                            "output_cost_per_token": 4e-06},
              "1024-x-1024/dall-e-2": {"input_cost_per_pixel": 1.9e-08, "litellm_provider": "openai"},
              "some-embedding": {"input_cost_per_token": 1e-07, "litellm_provider": "openai", "mode": "embedding"}
            }
            """#
        let imported = try PriceTable(parsing: Array(liteLLM.utf8), file: "litellm.json")
        #expect(imported.models.count == 3)
        let usage = TokenUsage(input: 123_456, cachedInput: 23_456, cacheWrite: 0, output: 7_890)
        for model in ["gpt-4o", "gpt-3.5-turbo-1106"] {
            #expect(imported.cost(of: usage, model: model, on: "2026-11-20")
                    == table.cost(of: usage, model: model, on: "2026-11-20"), "\(model)")
        }
        let anthropic = TokenUsage(input: 5000, cachedInput: 2000, cacheWrite: 1000, output: 300)
        // 2000 × 0.8 + 2000 × 0.08 + 1000 × 1.0 + 300 × 4 = 1600 + 160 + 1000 + 1200 = 3960 µ$.
        #expect(usd(imported.cost(of: anthropic, model: "claude-3-5-haiku-20241022", on: "2026-11-20")) == "0.00396")
        #expect(usd(table.cost(of: anthropic, model: "claude-3-5-haiku-20241022", on: "2026-11-20")) == "0.00396")
        // gpt-4o: 100000 × 2.5 + 23456 × 1.25 + 7890 × 10 = 250000 + 29320 + 78900 = 358220 µ$.
        #expect(usd(imported.cost(of: usage, model: "gpt-4o", on: "2026-11-20")) == "0.35822")
    }

    @Test func overridesReplaceAModelAndExtendTheTableAndChangeTheVersion() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("prices-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: path) }
        let file = #"{"format":"selfalign-prices/1","models":{"gpt-4o":{"provider":"openai","prices":[{"effective":null,"input":1,"output":2,"source":"mine"}]},"local-llama":{"provider":"openai-compatible","prices":[{"effective":null,"input":0,"output":0,"source":"own hardware"}]}}}"#
        try Data(file.utf8).write(to: path)
        let merged = try PriceTable.load(overrides: path.path)
        #expect(merged.models.count == table.models.count + 1)
        #expect(usd(merged.cost(of: TokenUsage(input: 1000, output: 1000), model: "gpt-4o", on: "2026-01-01")) == "0.003")
        #expect(usd(merged.cost(of: TokenUsage(input: 1000, output: 1000), model: "local-llama", on: "2026-01-01")) == "0.00")
        #expect(merged.version != table.version)
        #expect(merged.version == CacheKey(hashing: merged.jsonValue.canonicalBytes).description)
        #expect(try PriceTable.load(overrides: nil) == table)
    }

    @Test func aBadPriceFileNamesTheFileAndLine() {
        let syntax = "{\n  \"format\": \"selfalign-prices/1\",\n  \"models\": {,}\n}\n"
        #expect(throws: PriceTableError.self) { try PriceTable(parsing: Array(syntax.utf8), file: "p.json") }
        do {
            _ = try PriceTable(parsing: Array(syntax.utf8), file: "p.json")
        } catch {
            #expect(error.file == "p.json")
            #expect(error.line == 3)
        }
        let negative = "{\"format\": \"selfalign-prices/1\", \"models\": {\n\n  \"m\": {\"prices\": [{\"input\": -1, \"output\": 1, \"source\": \"x\"}]}}}"
        do {
            _ = try PriceTable(parsing: Array(negative.utf8), file: "n.json")
            Issue.record("a negative price was accepted")
        } catch {
            #expect(error.line == 3)
            #expect(error.description.contains("\"input\" must be a non-negative number"))
        }
        do {
            _ = try PriceTable(parsing: Array("{\"a\": 1}".utf8), file: "x.json")
            Issue.record("a file in neither format was accepted")
        } catch {
            #expect(error.description.hasPrefix("prices file x.json, line 1:"))
        }
    }

    @Test func moneyIsExactAndRoundsHalfAwayFromZero() {
        #expect(Money(picodollars: 342_000_000).description == "0.000342")
        #expect(Money(picodollars: 1_500_000_000_000).description == "1.50")
        #expect(Money.zero.description == "0.00")
        #expect(Money(picodollars: 500_000).formatted(decimals: 6) == "0.000001")
        #expect(Money(picodollars: 499_999).formatted(decimals: 6) == "0.000000")
        #expect(TokenRate(usdPerMillionTokens: 0.075)?.picodollarsPerToken == 75_000)
        #expect(TokenRate(usdPerToken: 5.46875e-07)?.picodollarsPerToken == 546_875)
        // Ten thousand calls of 7 tokens at $0.075/M sum exactly, with no binary drift.
        let rate = TokenRate(usdPerMillionTokens: 0.075)!
        var sum = Money.zero
        for _ in 0..<10_000 { sum = sum + rate.cost(of: 7) }
        #expect(sum.description == "0.00525")
    }
}
