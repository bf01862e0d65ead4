/// Serializes doubles exactly as ECMAScript's `Number.prototype.toString` (RFC 8785 §3.2.2.3).
///
/// ECMA-262 §7.1.12.1 ("Number::toString") takes the shortest digit string that
/// round-trips (closest to the exact value, ties to even: "Note 2") and lays it out
/// in plain, fractional or exponent form depending on the decimal exponent. Swift's
/// `Double.description` already yields those shortest, closest digits, so only the
/// layout is done here.
public enum ECMAScriptNumber {
    /// The ECMAScript string for a finite `value`; `-0` serializes as "0".
    ///
    /// - Precondition: `value.isFinite`. RFC 8785 forbids NaN and Infinity; the JSON
    ///   parser never produces them, so hitting this means a value was built in code.
    public static func string(_ value: Double) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(24)
        append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the ECMAScript serialization of a finite `value` to `out` as UTF-8.
    static func append(_ value: Double, to out: inout [UInt8]) {
        precondition(
            value.isFinite,
            "RFC 8785 §3.2.2.3: NaN and Infinity have no JSON representation (got \(value))"
        )
        // Both zeros print "0": ECMAScript's ToString(-0) is "0".
        if value == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        if value < 0 { out.append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude

        // Fast path for the common case of integers below 2^53: there the spacing of
        // doubles is at most 1, so the exact integer digits are the shortest
        // round-tripping digits, and ECMAScript prints them in plain form (n <= 21).
        if magnitude < 0x1p53, magnitude.rounded(.towardZero) == magnitude {
            appendDecimal(UInt64(magnitude), to: &out)
            return
        }

        var text = magnitude.description
        text.withUTF8 { description in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { digits in
                layOut(description: description, scratch: digits, to: &out)
            }
        }
    }

    /// Extracts digits and exponent from Swift's description ("1.25e-07", "0.002",
    /// "123.5") and writes them in ECMAScript layout.
    private static func layOut(
        description: UnsafeBufferPointer<UInt8>,
        scratch digits: UnsafeMutableBufferPointer<UInt8>,
        to out: inout [UInt8]
    ) {
        var count = 0
        var integerDigits = 0
        var seenPoint = false
        var index = 0
        while index < description.count {
            let byte = description[index]
            if byte == UInt8(ascii: ".") {
                seenPoint = true
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                break
            } else {
                precondition(
                    count < digits.count && byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"),
                    "unexpected Double.description format"
                )
                digits[count] = byte
                count += 1
                if !seenPoint { integerDigits += 1 }
            }
            index += 1
        }

        var exponent = 0
        if index < description.count {
            index += 1  // skip "e"
            var negative = false
            if description[index] == UInt8(ascii: "-") {
                negative = true
                index += 1
            } else if description[index] == UInt8(ascii: "+") {
                index += 1
            }
            while index < description.count {
                exponent = exponent * 10 + Int(description[index] &- UInt8(ascii: "0"))
                index += 1
            }
            if negative { exponent = -exponent }
        }

        // Normalize to ECMAScript's terms: value = 0.d1d2...dk × 10^n with d1 != 0 and
        // dk != 0 (k = digit count, n = position of the decimal point).
        var start = 0
        while start < count, digits[start] == UInt8(ascii: "0") { start += 1 }
        var end = count
        while end > start, digits[end - 1] == UInt8(ascii: "0") { end -= 1 }
        let k = end - start
        let n = integerDigits + exponent - start
        let significant = UnsafeBufferPointer(rebasing: digits[start..<end])

        if k <= n, n <= 21 {
            // Integer form: digits followed by n - k zeros ("1e+21" starts at n = 22).
            out.append(contentsOf: significant)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: n - k))
        } else if 0 < n, n <= 21 {
            out.append(contentsOf: significant[0..<n])
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: significant[n...])
        } else if -6 < n, n <= 0 {
            // Down to 0.000001; 1e-7 and smaller switch to exponent form.
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -n))
            out.append(contentsOf: significant)
        } else {
            out.append(significant[0])
            if k > 1 {
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: significant[1...])
            }
            out.append(UInt8(ascii: "e"))
            // ECMAScript always writes the exponent sign, "+" included.
            out.append(n - 1 >= 0 ? UInt8(ascii: "+") : UInt8(ascii: "-"))
            appendDecimal(UInt64((n - 1).magnitude), to: &out)
        }
    }

    /// Appends the decimal digits of `value` without going through `String`.
    private static func appendDecimal(_ value: UInt64, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var remaining = value
            var position = buffer.count
            repeat {
                position -= 1
                buffer[position] = UInt8(ascii: "0") &+ UInt8(remaining % 10)
                remaining /= 10
            } while remaining != 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[position...]))
        }
    }
}
