/// A recorded model call's metadata, without its bodies: what the cost audit needs.
public struct RecordedCall: Sendable, Equatable {
    /// The interaction's key.
    public var key: CacheKey
    /// The provider's name.
    public var provider: String
    /// The model that answered (or was asked for).
    public var model: String?
    /// The HTTP status.
    public var status: Int
    /// The provider's token counts.
    public var usage: TokenUsage
    /// When it was recorded, as the store writes timestamps.
    public var recordedAt: String
    /// The price table version in force when it was recorded.
    public var priceTableVersion: String?

    /// Builds the value from its members.
    package init(key: CacheKey, provider: String, model: String?, status: Int, usage: TokenUsage, recordedAt: String, priceTableVersion: String?) {
        self.key = key
        self.provider = provider
        self.model = model
        self.status = status
        self.usage = usage
        self.recordedAt = recordedAt
        self.priceTableVersion = priceTableVersion
    }
}

extension CacheStore {
    /// Every recorded model call's metadata, oldest first; no blob is read.
    public func recordedCalls() throws(CacheError) -> [RecordedCall] {
        try read { connection in
            let statement = try connection.prepare("""
                SELECT key, provider, model, status, input_tokens, cached_input_tokens, cache_write_tokens,
                       output_tokens, reasoning_tokens, recorded_at, price_table_version
                FROM interactions ORDER BY recorded_at, key
                """)
            defer { statement.finalize() }
            var calls: [RecordedCall] = []
            while try statement.step() {
                calls.append(RecordedCall(
                    key: try CacheKey(digest: statement.bytes(0)), provider: statement.string(1),
                    model: statement.optionalString(2), status: statement.int(3),
                    usage: TokenUsage(input: statement.optionalInt(4), cachedInput: statement.optionalInt(5),
                                      cacheWrite: statement.optionalInt(6), output: statement.optionalInt(7),
                                      reasoning: statement.optionalInt(8)),
                    recordedAt: statement.string(9), priceTableVersion: statement.optionalString(10)))
            }
            return calls
        }
    }
}
