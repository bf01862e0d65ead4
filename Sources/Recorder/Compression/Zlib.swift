import CZlib

/// zlib (RFC 1950) compression of whole buffers, over the system's libz.
enum Zlib {
    /// An error from libz, or output that does not match the size the store recorded.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Compresses `input` into a zlib stream (header, deflate data, Adler-32).
    static func compress(_ input: UnsafeRawBufferPointer, level: Int32 = 6) throws(Failure) -> [UInt8] {
        let sourceLength = uLong(input.count)
        var capacity = compressBound(sourceLength)
        var output = [UInt8](repeating: 0, count: Int(capacity))
        let code = output.withUnsafeMutableBufferPointer { out in
            compress2(out.baseAddress, &capacity,
                      input.baseAddress?.assumingMemoryBound(to: Bytef.self) ?? emptyInput, sourceLength, level)
        }
        guard code == Z_OK else { throw Failure(description: "zlib compress failed with code \(code)") }
        output.removeSubrange(Int(capacity)...)
        return output
    }

    /// Inflates a zlib stream whose raw size is known exactly; any other size is an error.
    ///
    /// The stored raw size lets one `uncompress` call do the work with no growing buffer, and a stream that inflates
    /// to a different length is corrupt by definition.
    static func decompress(_ input: UnsafeRawBufferPointer, rawSize: Int) throws(Failure) -> [UInt8] {
        guard rawSize >= 0 else { throw Failure(description: "negative raw size \(rawSize)") }
        // One spare byte: uncompress2 needs a non-null destination, and a stream longer than recorded then
        // shows up as produced > rawSize instead of passing silently.
        var output = [UInt8](repeating: 0, count: rawSize + 1)
        var produced = uLong(rawSize + 1)
        var consumed = uLong(input.count)
        let code = output.withUnsafeMutableBufferPointer { out in
            uncompress2(out.baseAddress, &produced,
                        input.baseAddress?.assumingMemoryBound(to: Bytef.self) ?? emptyInput, &consumed)
        }
        guard code == Z_OK else {
            throw Failure(description: "zlib stream is corrupt (inflate code \(code): \(describe(code)))")
        }
        guard Int(produced) == rawSize, Int(consumed) == input.count else {
            throw Failure(description: "zlib stream inflated to \(produced) bytes from \(consumed) of \(input.count); "
                          + "expected \(rawSize)")
        }
        output.removeLast()
        return output
    }

    private static func describe(_ code: Int32) -> String {
        switch code {
        case Z_DATA_ERROR: "data error"
        case Z_BUF_ERROR: "output does not fit the recorded size"
        case Z_MEM_ERROR: "out of memory"
        default: "unknown"
        }
    }

    // Never written through; zlib only needs a non-null source for empty input.
    nonisolated(unsafe) private static let emptyInput: UnsafePointer<Bytef> = {
        let pointer = UnsafeMutablePointer<Bytef>.allocate(capacity: 1)
        pointer.initialize(to: 0)
        return UnsafePointer(pointer)
    }()
}
