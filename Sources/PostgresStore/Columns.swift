import NIOCore
import PostgresNIO
import Recorder

/// Typed reads of one result row by column index.
struct Columns {
    let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) { self.row = row.makeRandomAccess() }

    func string(_ index: Int) throws -> String { try row[index].decode(String.self) }
    func optionalString(_ index: Int) throws -> String? { try row[index].decode(String?.self) }
    func int(_ index: Int) throws -> Int { try row[index].decode(Int.self) }
    func optionalInt(_ index: Int) throws -> Int? { try row[index].decode(Int?.self) }
    func double(_ index: Int) throws -> Double { try row[index].decode(Double.self) }
    func isNull(_ index: Int) -> Bool { row[index].bytes == nil }
    func bytes(_ index: Int) throws -> [UInt8] {
        var buffer = try row[index].decode(ByteBuffer.self)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }
    func key(_ index: Int) throws -> CacheKey { try CacheKey(digest: try bytes(index)) }

    /// The blob in columns `hash, codec, raw_size, data` from `index`, proved against its hash.
    func blob(at index: Int, owner: @autoclosure () -> String) throws -> [UInt8] {
        guard !isNull(index) else {
            throw CacheError.corruptBlob(owner: owner(), blob: "(unknown)", reason: "is missing from the blobs table")
        }
        let hash = try bytes(index)
        let codec = try int(index + 1)
        let rawSize = try int(index + 2)
        let data = try row[index + 3].decode(ByteBuffer.self)
        return try data.withUnsafeReadableBytes { pointer in
            try decodeBlob(hash: hash, codec: Int64(codec), rawSize: rawSize, data: pointer, owner: owner())
        }
    }
}

extension PostgresBindings {
    /// Appends bytes as `bytea`.
    mutating func append(bytes: [UInt8]) {
        append(ByteBuffer(bytes: bytes))
    }
}

extension PreparedBlob {
    /// Binds `hash, codec, raw_size, data`.
    func bind(into binds: inout PostgresBindings) throws {
        let (codec, data) = try encoded()
        binds.append(bytes: hash.digest)
        binds.append(Int(codec.rawValue))
        binds.append(raw.count)
        binds.append(bytes: data)
    }
}
