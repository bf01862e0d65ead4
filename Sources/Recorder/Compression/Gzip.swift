import CZlib

/// gzip (RFC 1952) decoding of whole files, over the system's libz: task files and published logs come as `.gz`.
public enum Gzip {
    /// A gzip stream libz refused.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Inflates every member of a gzip file; the CRC-32 and length trailers are checked by libz.
    public static func decompress(_ input: [UInt8]) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        var code = inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard code == Z_OK else { throw Failure(description: "inflateInit2 failed with code \(code)") }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var input = input
        code = input.withUnsafeMutableBufferPointer { source -> Int32 in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                output += chunk[0..<(chunk.count - Int(stream.avail_out))]
                if status == Z_STREAM_END {
                    // Concatenated members: start the next one if input remains.
                    if stream.avail_in == 0 { return Z_STREAM_END }
                    let reset = inflateReset(&stream)
                    if reset != Z_OK { return reset }
                    continue
                }
                if status != Z_OK { return status }
                if stream.avail_in == 0 && stream.avail_out != 0 { return Z_BUF_ERROR }
            }
        }
        guard code == Z_STREAM_END else {
            throw Failure(description: code == Z_BUF_ERROR ? "the gzip file is truncated" : "corrupt gzip data (code \(code))")
        }
        return output
    }
}
