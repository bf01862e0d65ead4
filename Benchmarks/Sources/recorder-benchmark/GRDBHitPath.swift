import CDeflateBench
import CZlibBench
import Crypto
import Foundation
import GRDB
import Recorder

/// The SELECT of `CacheStore.lookup`, verbatim: every column of the interaction and its response blob.
let lookupSQL = """
    SELECT i.provider, i.model, i.method, i.endpoint, i.key_headers, i.sample_index, i.response_kind,
           i.response_headers, i.status, i.input_tokens, i.cached_input_tokens, i.cache_write_tokens,
           i.output_tokens, i.reasoning_tokens, i.latency_ms, i.recorded_at, i.price_table_version,
           b.hash, b.codec, b.raw_size, b.data, i.response_blob, i.request_blob
    FROM interactions i LEFT JOIN blobs b ON b.id = i.response_blob
    WHERE i.key = ?
    """

/// What the GRDB variant hands back: the same fields `CacheStore.lookup` decodes into a `StoredInteraction`.
struct GRDBStoredInteraction: Sendable {
    var provider: String
    var model: String?
    var method: String
    var endpoint: String
    var keyHeaders: [String: String]
    var sampleIndex: Int
    var responseKind: Int
    var responseHeaders: [String: String]
    var status: Int
    var usage: [Int?]
    var latencyMilliseconds: Double
    var recordedAt: String
    var priceTableVersion: String?
    var responseBody: [UInt8]
}

/// `CacheStore.lookup`'s hit path written with GRDB 7.10.0: a `DatabasePool` on the same file, a cached statement,
/// `Row.fetchOne`, then the same inflate (libdeflate, with the stored raw size) and SHA-256 check (swift-crypto).
struct GRDBHitPath: Sendable {
    let pool: DatabasePool

    init(path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        // As the Recorder's read connections are set up.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA mmap_size = 1073741824") }
        pool = try DatabasePool(path: path, configuration: configuration)
    }

    /// The lookup through `pool.read`, which wraps each read in a transaction (GRDB's isolation guarantee).
    func lookup(_ key: CacheKey) throws -> GRDBStoredInteraction? {
        try pool.read { db in try Self.fetch(key, db) }
    }

    /// The lookup through `pool.unsafeRead`: no surrounding transaction, as `CacheStore.lookup` does it.
    func lookupWithoutTransaction(_ key: CacheKey) throws -> GRDBStoredInteraction? {
        try pool.unsafeRead { db in try Self.fetch(key, db) }
    }

    private static func fetch(_ key: CacheKey, _ db: Database) throws -> GRDBStoredInteraction? {
        let statement = try db.cachedStatement(sql: lookupSQL)
        guard let row = try Row.fetchOne(statement, arguments: [Data(key.digest)]) else { return nil }
        guard let hash = row[17] as Data? else { throw BenchmarkError("interaction \(key) has no response blob") }
        let rawSize: Int = row[19]
        let codec: Int64 = row[18]
        let body: [UInt8] = try row.withUnsafeData(atIndex: 20) { data in
            guard let data else { throw BenchmarkError("interaction \(key) has no response data") }
            switch codec {
            case 1:
                guard let inflated = data.withUnsafeBytes({ inflate($0, rawSize: rawSize) }) else {
                    throw BenchmarkError("response of \(key) does not inflate")
                }
                return inflated
            case 0:
                return Array(data)
            default:
                throw BenchmarkError("response of \(key) has an unknown codec")
            }
        }
        guard SHA256.hash(data: body).elementsEqual(hash) else {
            throw BenchmarkError("response of \(key) no longer matches its hash")
        }
        return GRDBStoredInteraction(
            provider: row[0], model: row[1], method: row[2], endpoint: row[3], keyHeaders: headers(row[4]),
            sampleIndex: row[5], responseKind: row[6], responseHeaders: headers(row[7]), status: row[8],
            usage: [row[9], row[10], row[11], row[12], row[13]], latencyMilliseconds: row[14], recordedAt: row[15],
            priceTableVersion: row[16], responseBody: body)
    }

    /// Parses a stored header map with the Recorder's own JSON parser, as `CacheStore.lookup` does.
    private static func headers(_ text: String) -> [String: String] {
        guard let value = try? JSONValue(parsing: Array(text.utf8)), let members = value.objectValue else { return [:] }
        return members.compactMapValues(\.stringValue)
    }
}

/// Inflates a zlib stream of known raw size with libdeflate, as the Recorder's `Zlib.decompress` does; nil when the
/// stream is corrupt or of another size.
func inflate(_ input: UnsafeRawBufferPointer, rawSize: Int) -> [UInt8]? {
    guard let source = input.baseAddress, let decompressor = libdeflate_alloc_decompressor() else { return nil }
    defer { libdeflate_free_decompressor(decompressor) }
    var output = [UInt8](repeating: 0, count: max(rawSize, 1))
    var produced = 0
    let code = output.withUnsafeMutableBytes {
        libdeflate_zlib_decompress(decompressor, source, input.count, $0.baseAddress, rawSize, &produced)
    }
    guard code == LIBDEFLATE_SUCCESS, produced == rawSize else { return nil }
    output.removeSubrange(rawSize...)
    return output
}

/// The same with libz's `uncompress2`, which the Recorder used before: kept to show the difference.
func inflateWithLibz(_ input: UnsafeRawBufferPointer, rawSize: Int) -> [UInt8]? {
    guard let source = input.baseAddress?.assumingMemoryBound(to: Bytef.self) else { return nil }
    var output = [UInt8](repeating: 0, count: rawSize + 1)
    var produced = uLong(rawSize + 1)
    var consumed = uLong(input.count)
    let code = output.withUnsafeMutableBufferPointer { uncompress2($0.baseAddress, &produced, source, &consumed) }
    guard code == Z_OK, Int(produced) == rawSize, Int(consumed) == input.count else { return nil }
    output.removeLast()
    return output
}

/// Hit latency of the GRDB variant, with and without GRDB's read transaction.
func measureGRDB(path: String, keys: LookupKeys) throws -> (read: LatencySample, unsafeRead: LatencySample) {
    let grdb = try GRDBHitPath(path: path)
    var servedBytes = 0
    let read = try timeEach(keys.hits.count) { index in
        guard let stored = try grdb.lookup(keys.hits[index]) else { throw BenchmarkError("GRDB missed a hit") }
        servedBytes &+= stored.responseBody.count
    }
    let unsafeRead = try timeEach(keys.hits.count) { index in
        guard let stored = try grdb.lookupWithoutTransaction(keys.hits[index]) else {
            throw BenchmarkError("GRDB missed a hit")
        }
        servedBytes &+= stored.responseBody.count
    }
    guard servedBytes > 0 else { throw BenchmarkError("GRDB served no bytes") }
    try grdb.pool.close()
    return (read, unsafeRead)
}
