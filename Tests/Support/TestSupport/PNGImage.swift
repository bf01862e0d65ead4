import CZlib

/// A decoded PNG (8-bit greyscale, RGB or RGBA, not interlaced: what Chromium's screenshots are), so a test can
/// check that a screenshot shows something rather than trusting that a file was written.
public struct PNGImage: Sendable {
    /// Why the bytes are not a PNG this decoder reads.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let width: Int
    public let height: Int
    /// RGB triples, row by row.
    public let rgb: [UInt8]

    /// Decodes `bytes`: chunks, zlib inflate of the IDAT stream, then the five scanline filters.
    public init(_ bytes: [UInt8]) throws {
        guard bytes.count > 8, Array(bytes[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else {
            throw Failure(description: "not a PNG (bad signature)")
        }
        func be32(_ at: Int) -> Int {
            Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
        }
        var position = 8, width = 0, height = 0, depth = 0, colour = 0, interlace = 0
        var compressed: [UInt8] = []
        while position + 8 <= bytes.count {
            let length = be32(position)
            let type = String(decoding: bytes[(position + 4)..<(position + 8)], as: UTF8.self)
            let data = position + 8
            guard data + length + 4 <= bytes.count else { throw Failure(description: "truncated \(type) chunk") }
            switch type {
            case "IHDR":
                width = be32(data)
                height = be32(data + 4)
                depth = Int(bytes[data + 8])
                colour = Int(bytes[data + 9])
                interlace = Int(bytes[data + 12])
            case "IDAT": compressed.append(contentsOf: bytes[data..<(data + length)])
            default: break
            }
            position = data + length + 4
            if type == "IEND" { break }
        }
        let channels: Int
        switch colour {
        case 0: channels = 1
        case 2: channels = 3
        case 6: channels = 4
        default: throw Failure(description: "colour type \(colour) is not supported")
        }
        guard depth == 8, interlace == 0, width > 0, height > 0 else {
            throw Failure(description: "only 8-bit, non-interlaced images (depth \(depth), interlace \(interlace))")
        }
        let stride = width * channels
        var raw = [UInt8](repeating: 0, count: height * (stride + 1))
        var rawLength = uLongf(raw.count)
        let status = compressed.withUnsafeBufferPointer { source in
            raw.withUnsafeMutableBufferPointer { target in
                uncompress(target.baseAddress, &rawLength, source.baseAddress, uLong(source.count))
            }
        }
        guard status == Z_OK, Int(rawLength) == raw.count else {
            throw Failure(description: "the image data does not inflate to \(raw.count) bytes (zlib status \(status))")
        }
        var pixels = [UInt8](repeating: 0, count: height * stride)
        for row in 0..<height {
            let filter = raw[row * (stride + 1)]
            let line = row * (stride + 1) + 1
            for x in 0..<stride {
                let a = x >= channels ? Int(pixels[row * stride + x - channels]) : 0
                let b = row > 0 ? Int(pixels[(row - 1) * stride + x]) : 0
                let c = x >= channels && row > 0 ? Int(pixels[(row - 1) * stride + x - channels]) : 0
                let value = Int(raw[line + x])
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = a
                case 2: predicted = b
                case 3: predicted = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predicted = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: throw Failure(description: "unknown filter \(filter) on row \(row)")
                }
                pixels[row * stride + x] = UInt8((value + predicted) & 0xFF)
            }
        }
        var rgb = [UInt8]()
        rgb.reserveCapacity(width * height * 3)
        for index in 0..<(width * height) {
            let base = index * channels
            if channels == 1 {
                rgb.append(contentsOf: [pixels[base], pixels[base], pixels[base]])
            } else {
                rgb.append(contentsOf: pixels[base..<(base + 3)])
            }
        }
        self.width = width
        self.height = height
        self.rgb = rgb
    }

    /// The share of pixels that differ from the top-left one (the page's background).
    public var shareUnlikeBackground: Double {
        let background = (rgb[0], rgb[1], rgb[2])
        var unlike = 0
        for index in stride(from: 0, to: rgb.count, by: 3)
        where (rgb[index], rgb[index + 1], rgb[index + 2]) != background {
            unlike += 1
        }
        return Double(unlike) / Double(width * height)
    }

    /// How many different colours the image holds.
    public var colourCount: Int {
        var seen = Set<UInt32>()
        for index in stride(from: 0, to: rgb.count, by: 3) {
            seen.insert(UInt32(rgb[index]) << 16 | UInt32(rgb[index + 1]) << 8 | UInt32(rgb[index + 2]))
        }
        return seen.count
    }
}
