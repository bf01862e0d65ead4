/// How a blob's bytes are kept on disk.
package enum BlobCodec: Int64 {
    /// Stored as is: used when zlib would not make the bytes smaller.
    case identity = 0
    /// A zlib (RFC 1950) stream.
    case zlib = 1

    package var name: String {
        switch self {
        case .identity: "identity"
        case .zlib: "zlib"
        }
    }
}

/// A blob ready to be written: hashed, and compressed unless it turns out to be stored already.
package struct PreparedBlob {
    package let hash: CacheKey
    package let raw: [UInt8]

    package init(_ raw: [UInt8]) {
        self.raw = raw
        self.hash = CacheKey(hashing: raw)
    }

    /// The codec and bytes to store: zlib when it saves space, the raw bytes otherwise.
    package func encoded() throws -> (codec: BlobCodec, data: [UInt8]) {
        let compressed = try raw.withUnsafeBytes { try Zlib.compress($0) }
        return compressed.count < raw.count ? (.zlib, compressed) : (.identity, raw)
    }
}

/// Decodes stored blob bytes and proves them against their hash; nothing unproven leaves this function.
package func decodeBlob(hash: [UInt8], codec: Int64, rawSize: Int, data: UnsafeRawBufferPointer, owner: @autoclosure () -> String)
    throws(CacheError) -> [UInt8]
{
    // Named only when something is wrong: the hit path should not format a hash it never shows.
    var blobName: String { (try? CacheKey(digest: hash))?.description ?? "<malformed hash>" }
    let raw: [UInt8]
    switch BlobCodec(rawValue: codec) {
    case .zlib:
        do {
            raw = try Zlib.decompress(data, rawSize: rawSize)
        } catch {
            throw .corruptBlob(owner: owner(), blob: blobName, reason: "does not inflate: \(error)")
        }
    case .identity:
        guard data.count == rawSize else {
            throw .corruptBlob(owner: owner(), blob: blobName,
                               reason: "holds \(data.count) bytes where \(rawSize) were stored")
        }
        raw = Array(data)
    case nil:
        throw .corruptBlob(owner: owner(), blob: blobName, reason: "has unknown codec \(codec)")
    }
    guard CacheKey(hashing: raw).digest == hash else {
        throw .corruptBlob(owner: owner(), blob: blobName, reason: "no longer matches its SHA-256 hash")
    }
    return raw
}

extension CacheStore {
    /// Inserts `blob` unless a blob with its hash is stored already; returns the row id either way.
    ///
    /// Call inside a write transaction. Compression happens only for a blob that is really new.
    func storeBlob(_ blob: PreparedBlob, on connection: SQLiteConnection) throws -> Int64 {
        let find = try connection.cached("SELECT id FROM blobs WHERE hash = ?")
        try find.bind(bytes: blob.hash.digest, at: 1)
        if try find.step() { return find.int64(0) }
        let (codec, data) = try blob.encoded()
        let insert = try connection.cached("INSERT INTO blobs (hash, codec, raw_size, data) VALUES (?, ?, ?, ?)")
        try insert.bind(bytes: blob.hash.digest, at: 1)
        try insert.bind(codec.rawValue, at: 2)
        try insert.bind(blob.raw.count, at: 3)
        try insert.bind(bytes: data, at: 4)
        try insert.run()
        return connection.lastInsertRowID
    }

    /// Reads and proves the blob with row id `id`.
    func loadBlob(id: Int64, owner: @autoclosure () -> String, on connection: SQLiteConnection) throws -> [UInt8] {
        let statement = try connection.cached("SELECT hash, codec, raw_size, data FROM blobs WHERE id = ?")
        try statement.bind(id, at: 1)
        guard try statement.step() else {
            throw CacheError.corruptBlob(owner: owner(), blob: "#\(id)", reason: "is missing from the blobs table")
        }
        return try statement.withBytes(3) { data in
            try decodeBlob(hash: statement.bytes(0), codec: statement.int64(1), rawSize: statement.int(2), data: data,
                           owner: owner())
        }
    }

    /// The raw bytes of the blob whose SHA-256 is `hash`, proved against it.
    /// - Throws: `CacheError.notFound` when no such blob is stored, `.corruptBlob` when it fails its hash.
    public func blob(_ hash: CacheKey) throws(CacheError) -> [UInt8] {
        try read { connection in
            let statement = try connection.cached("SELECT codec, raw_size, data FROM blobs WHERE hash = ?")
            try statement.bind(bytes: hash.digest, at: 1)
            guard try statement.step() else { throw CacheError.notFound(what: "blob \(hash)") }
            return try statement.withBytes(2) { data in
                try decodeBlob(hash: hash.digest, codec: statement.int64(0), rawSize: statement.int(1), data: data,
                               owner: "blob \(hash)")
            }
        }
    }
}
