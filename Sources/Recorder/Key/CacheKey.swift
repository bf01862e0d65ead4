import Crypto

/// A content hash: `sha256:` followed by 64 lowercase hex digits. Keys of model calls, executions and blobs.
public struct CacheKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 32 bytes of the SHA-256 digest.
    public let digest: [UInt8]

    /// The key of `bytes`: SHA-256 over them.
    public init(hashing bytes: some Sequence<UInt8>) {
        var hasher = SHA256()
        let wasContiguous = bytes.withContiguousStorageIfAvailable {
            hasher.update(bufferPointer: UnsafeRawBufferPointer($0))
        } != nil
        if !wasContiguous { hasher.update(data: Array(bytes)) }
        self.digest = Array(hasher.finalize())
    }

    /// The key of the bytes in `buffer`.
    public init(hashing buffer: UnsafeRawBufferPointer) {
        var hasher = SHA256()
        hasher.update(bufferPointer: buffer)
        self.digest = Array(hasher.finalize())
    }

    /// Wraps a digest read back from the store.
    /// - Throws: `KeyFormatError` when it is not 32 bytes.
    public init(digest: [UInt8]) throws(KeyFormatError) {
        guard digest.count == 32 else { throw KeyFormatError(text: "<\(digest.count) bytes>") }
        self.digest = digest
    }

    /// Parses the text form `sha256:<64 hex digits>`; a bare 64-digit hex string is accepted too.
    /// - Throws: `KeyFormatError` naming the text and the expected form.
    public init(parsing text: String) throws(KeyFormatError) {
        let hex = text.hasPrefix(Self.prefix) ? Substring(text.dropFirst(Self.prefix.count)) : Substring(text)
        guard hex.utf8.count == 64, let bytes = Self.decodeHex(hex) else { throw KeyFormatError(text: text) }
        self.digest = bytes
    }

    /// The text form, `sha256:` + 64 lowercase hex digits.
    public var description: String { Self.prefix + hex }

    /// The 64 lowercase hex digits alone.
    public var hex: String {
        var characters = [UInt8]()
        characters.reserveCapacity(64)
        for byte in digest {
            characters.append(Self.hexDigits[Int(byte >> 4)])
            characters.append(Self.hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: characters, as: UTF8.self)
    }

    public static func < (lhs: CacheKey, rhs: CacheKey) -> Bool { lhs.digest.lexicographicallyPrecedes(rhs.digest) }

    static let prefix = "sha256:"
    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func decodeHex(_ hex: Substring) -> [UInt8]? {
        var bytes = [UInt8]()
        bytes.reserveCapacity(32)
        var high: UInt8?
        for character in hex.utf8 {
            let nibble: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = character - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let first = high {
                bytes.append(first << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return bytes
    }
}

/// Text that is not a key of the form `sha256:<64 hex digits>`.
public struct KeyFormatError: Error, CustomStringConvertible, Sendable {
    /// The text that was given.
    public let text: String
    public var description: String {
        "'\(text)' is not a cache key: expected sha256: followed by 64 hex digits"
    }
}
