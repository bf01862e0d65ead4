import CDeflate
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
    /// Decoding uses libdeflate, which reads the same RFC 1950 streams about twice as fast as libz's inflate and
    /// checks the Adler-32 trailer too. The stored raw size lets it decode into an exact buffer in one call, and a
    /// stream that inflates to any other length is corrupt by definition.
    static func decompress(_ input: UnsafeRawBufferPointer, rawSize: Int) throws(Failure) -> [UInt8] {
        guard rawSize >= 0 else { throw Failure(description: "negative raw size \(rawSize)") }
        guard let decompressor = libdeflate_alloc_decompressor() else {
            throw Failure(description: "out of memory for a decompressor")
        }
        defer { libdeflate_free_decompressor(decompressor) }
        var produced = 0
        var consumed = 0
        var result = LIBDEFLATE_BAD_DATA
        let source = input.baseAddress ?? UnsafeRawPointer(emptyInput)
        let output = [UInt8](unsafeUninitializedCapacity: rawSize) { buffer, count in
            let destination = buffer.baseAddress.map(UnsafeMutableRawPointer.init)
                ?? UnsafeMutableRawPointer(mutating: emptyInput)
            result = libdeflate_zlib_decompress_ex(decompressor, source, input.count, destination, rawSize,
                                                   &consumed, &produced)
            count = result == LIBDEFLATE_SUCCESS ? produced : 0
        }
        switch result {
        case LIBDEFLATE_SUCCESS:
            guard produced == rawSize, consumed == input.count else {
                throw Failure(description: "zlib stream inflated to \(produced) bytes from \(consumed) of "
                              + "\(input.count); expected \(rawSize)")
            }
            return output
        case LIBDEFLATE_INSUFFICIENT_SPACE:
            throw Failure(description: "zlib stream inflates to more than the recorded \(rawSize) bytes")
        default:
            throw Failure(description: "zlib stream is corrupt (bad deflate data or checksum)")
        }
    }

    // Never written through; zlib only needs a non-null source for empty input.
    nonisolated(unsafe) private static let emptyInput: UnsafePointer<Bytef> = {
        let pointer = UnsafeMutablePointer<Bytef>.allocate(capacity: 1)
        pointer.initialize(to: 0)
        return UnsafePointer(pointer)
    }()
}
