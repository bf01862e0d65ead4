import Foundation
import Recorder
import Testing

// Vectors come from RFC 8785 (§3.2.2–§3.2.4, §3.2.3 sorting sample, Appendix B) and from
// the test data of the RFC author's reference implementation
// (github.com/cyberphone/json-canonicalization, testdata/input + testdata/output).
// Expected outputs are compared as bytes: Swift `String ==` uses canonical
// equivalence and would hide exactly the differences JCS cares about.

private func canonical(_ json: String) throws -> [UInt8] {
    try JSONValue.canonicalize(Array(json.utf8))
}

private func parseError(_ json: String) -> JSONParseError? {
    parseError(Array(json.utf8))
}

private func parseError(_ bytes: [UInt8]) -> JSONParseError? {
    do {
        _ = try JSONValue(parsing: bytes)
        return nil
    } catch {
        return error
    }
}

@Suite("RFC 8785 canonical JSON")
struct CanonicalJSONTests {
    // MARK: RFC 8785 examples

    @Test("RFC 8785 §3.2.2–§3.2.4 sample: canonical text and UTF-8 bytes")
    func rfcStructuredExample() throws {
        let input = #"""
        {
          "numbers": [333333333.33333329, 1E30, 4.50,
                      2e-3, 0.000000000000000000000000001],
          "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
          "literals": [null, true, false]
        }
        """#
        let expected = #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"\#u{20AC}$\u000f\nA'B\"\\\\\"/"}"#
        let output = try canonical(input)
        #expect(output == Array(expected.utf8))

        // §3.2.4 lists the exact bytes.
        let hex = """
            7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72
            75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a
            5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31
            65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37
            5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30
            30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d
            """
        let bytes = hex.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { UInt8($0, radix: 16)! }
        #expect(output == bytes)
    }

    @Test("RFC 8785 §3.2.3 sorting sample orders members by UTF-16 code units")
    func rfcSortingExample() throws {
        let input = #"""
        {
          "\u20ac": "Euro Sign",
          "\r": "Carriage Return",
          "\ufb33": "Hebrew Letter Dalet With Dagesh",
          "1": "One",
          "\ud83d\ude00": "Emoji: Grinning Face",
          "\u0080": "Control",
          "\u00f6": "Latin Small Letter O With Diaeresis"
        }
        """#
        let output = try canonical(input)
        let expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\","
            + "\"\u{F6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20AC}\":\"Euro Sign\","
            + "\"\u{1F600}\":\"Emoji: Grinning Face\",\"\u{FB33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        #expect(output == Array(expected.utf8))
    }

    @Test("RFC 8785 Appendix B number serialization samples")
    func rfcAppendixBNumbers() throws {
        // (IEEE 754 bit pattern, JSON representation), copied from Appendix B, Table 1.
        // Its NaN (7fffffffffffffff) and Infinity (7ff0000000000000) rows have no JSON
        // form; see malformedInputs for their rejection.
        let samples: [(UInt64, String)] = [
            (0x0000000000000000, "0"),
            (0x8000000000000000, "0"),
            (0x0000000000000001, "5e-324"),
            (0x8000000000000001, "-5e-324"),
            (0x7fefffffffffffff, "1.7976931348623157e+308"),
            (0xffefffffffffffff, "-1.7976931348623157e+308"),
            (0x4340000000000000, "9007199254740992"),
            (0xc340000000000000, "-9007199254740992"),
            (0x4430000000000000, "295147905179352830000"),
            (0x44b52d02c7e14af5, "9.999999999999997e+22"),
            (0x44b52d02c7e14af6, "1e+23"),
            (0x44b52d02c7e14af7, "1.0000000000000001e+23"),
            (0x444b1ae4d6e2ef4e, "999999999999999700000"),
            (0x444b1ae4d6e2ef4f, "999999999999999900000"),
            (0x444b1ae4d6e2ef50, "1e+21"),
            (0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"),
            (0x3eb0c6f7a0b5ed8d, "0.000001"),
            (0x41b3de4355555553, "333333333.3333332"),
            (0x41b3de4355555554, "333333333.33333325"),
            (0x41b3de4355555555, "333333333.3333333"),
            (0x41b3de4355555556, "333333333.3333334"),
            (0x41b3de4355555557, "333333333.33333343"),
            (0xbecbf647612f3696, "-0.0000033333333333333333"),
            (0x43143ff3c1cb0959, "1424953923781206.2"),
        ]
        for (bits, expected) in samples {
            let value = Double(bitPattern: bits)
            #expect(ECMAScriptNumber.string(value) == expected, "bits 0x\(String(bits, radix: 16))")
            #expect(JSONValue.number(value).canonicalBytes == Array(expected.utf8))
            // The expected text parses back to the same double (both zeros compare equal).
            #expect(try JSONValue(parsing: expected) == .number(value))
        }
    }

    @Test("ECMAScript number layout boundaries")
    func numberLayoutBoundaries() {
        let cases: [(Double, String)] = [
            (1, "1"), (-1, "-1"), (100, "100"), (0.5, "0.5"), (-0.0, "0"),
            (1e20, "100000000000000000000"), (1e21, "1e+21"), (1.5e21, "1.5e+21"),
            (1.2345678901234568e20, "123456789012345680000"),
            (0.000001, "0.000001"), (0.0000015, "0.0000015"), (1e-7, "1e-7"), (1.5e-7, "1.5e-7"),
            (1e300, "1e+300"), (2.5e-300, "2.5e-300"), (4.5, "4.5"), (0.002, "0.002"),
        ]
        for (value, expected) in cases {
            #expect(ECMAScriptNumber.string(value) == expected)
        }
    }

    @Test("Pseudo-random doubles serialize to text that parses back bit-exactly")
    func numberRoundTrip() throws {
        var generator = SplitMix64(seed: 8785)
        for _ in 0..<20_000 {
            let value = Double(bitPattern: generator.next())
            guard value.isFinite else { continue }
            let text = ECMAScriptNumber.string(value)
            let parsed = try #require(try JSONValue(parsing: text).doubleValue)
            #expect(parsed == value || (parsed == 0 && value == 0), "\(text)")
        }
    }

    // MARK: Reference implementation test data (cyberphone/json-canonicalization)

    @Test("cyberphone testdata: input/*.json canonicalizes to output/*.json", arguments: [
        // values.json
        (#"{"numbers": [1E30, 4.50, 333333333.33333329, 2e-3, 0.000000000000000000000000001], "escaping": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/", "literals": [null, true, false]}"#,
         #"{"escaping":"\#u{20AC}$\u000f\nA'B\"\\\\\"/","literals":[null,true,false],"numbers":[1e+30,4.5,333333333.3333333,0.002,1e-27]}"#),
        // weird.json
        (#"{"\u20ac": "Euro Sign", "1": "One", "\u0080": "Control\u007f", "\ud83d\ude02": "Smiley", "\u00f6": "Latin Small Letter O With Diaeresis", "\ufb33": "Hebrew Letter Dalet With Dagesh", "</script>": "Browser Challenge"}"#,
         "{\"1\":\"One\",\"</script>\":\"Browser Challenge\",\"\u{80}\":\"Control\u{7F}\",\"\u{F6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20AC}\":\"Euro Sign\",\"\u{1F602}\":\"Smiley\",\"\u{FB33}\":\"Hebrew Letter Dalet With Dagesh\"}"),
        // structures.json
        ("{\n  \"1\": {\"f\": {\"f\": \"hi\",\"F\": 5} ,\"\\n\": 56.0},\n  \"10\": { },\n  \"\": \"empty\",\n  \"a\": { },\n  \"111\": [ { } ],\n  \"A\": { }\n}",
         #"{"":"empty","1":{"\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}}"#),
        // french.json (locale-independent order)
        ("{\n  \"peach\": \"This sorting order\",\n  \"p\u{E9}ch\u{E9}\": \"is wrong according to French\",\n  \"p\u{EA}che\": \"but canonicalization MUST\",\n  \"sin\":   \"ingnore locale\"\n}\n",
         "{\"peach\":\"This sorting order\",\"p\u{E9}ch\u{E9}\":\"is wrong according to French\",\"p\u{EA}che\":\"but canonicalization MUST\",\"sin\":\"ingnore locale\"}"),
        // unicode.json (no Unicode normalization)
        ("{\n  \"Unnormalized Unicode\":\"\\u1e0d\\u0307\"\n}\n", "{\"Unnormalized Unicode\":\"\u{1E0D}\u{307}\"}"),
        // simpleString.json
        (#"    "this is a test string 1235""#, #""this is a test string 1235""#),
        // arrays.json (expected output derived from the RFC rules; not copied from upstream)
        ("[\n  56,\n  {\n    \"d\": true,\n    \"10\": null,\n    \"1\": [ ]\n  }\n]", #"[56,{"1":[],"10":null,"d":true}]"#),
    ] as [(String, String)])
    func referenceTestData(input: String, expected: String) throws {
        #expect(try canonical(input) == Array(expected.utf8))
    }

    // MARK: Equivalences

    @Test("Equivalent documents give identical bytes; a changed value does not")
    func equivalences() throws {
        let base = try canonical(#"{"a":1,"b":[true,null,"é"],"c":{"x":100,"y":0}}"#)
        let variants = [
            #"{"c":{"y":0,"x":100},"b":[true,null,"é"],"a":1}"#,
            "{ \"a\" : 1 ,\n\t\"b\" : [ true , null , \"\\u00e9\" ] ,\r\n \"c\" : { \"x\" : 1e2 , \"y\" : -0 } }",
            #"{"a":1.0,"b":[true,null,"\u00E9"],"c":{"x":100.000,"y":0.0}}"#,
            #"{"a":10e-1,"b":[true,null,"\u00e9"],"c":{"x":1E+2,"y":-0.0e5}}"#,
        ]
        for variant in variants {
            #expect(try canonical(variant) == base, "\(variant)")
        }
        #expect(base == Array(#"{"a":1,"b":[true,null,"é"],"c":{"x":100,"y":0}}"#.utf8))
        #expect(try canonical(#"{"a":1,"b":[true,null,"é"],"c":{"x":101,"y":0}}"#) != base)
        #expect(try canonical(#"{"a":1,"b":[null,true,"é"],"c":{"x":100,"y":0}}"#) != base)
        #expect(try canonical(#"{"a":"1","b":[true,null,"é"],"c":{"x":100,"y":0}}"#) != base)
        // NFC and NFD spellings are different JSON strings and stay different.
        #expect(try canonical(#"["\u00e9"]"#) != canonical(#"["e\u0301"]"#))
    }

    @Test("String escaping follows RFC 8785 §3.2.2.2")
    func stringEscaping() throws {
        let input = #"["\u0000\u0001\u0008\u0009\u000a\u000b\u000c\u000d\u001f\u0020\u002f\u007f\u0080\u2028\"\\"]"#
        let expected = "[\"\\u0000\\u0001\\b\\t\\n\\u000b\\f\\r\\u001f /\u{7F}\u{80}\u{2028}\\\"\\\\\"]"
        #expect(try canonical(input) == Array(expected.utf8))
        #expect(JSONValue.string("tab\there").canonicalString == #""tab\there""#)
    }

    // MARK: Rejections

    @Test("Malformed inputs are rejected with kind, line and column", arguments: [
        (#"{"a":1,}"#, .trailingComma, 1, 8),
        ("[1,]", .trailingComma, 1, 4),
        (#"{"a" 1}"#, .unexpectedCharacter, 1, 6),
        ("[1 2]", .unexpectedCharacter, 1, 4),
        ("01", .invalidNumber, 1, 1),
        ("-01", .invalidNumber, 1, 1),
        ("1.", .invalidNumber, 1, 3),
        ("1e", .invalidNumber, 1, 3),
        ("+1", .unexpectedCharacter, 1, 1),
        (#""\ud800""#, .invalidSurrogate, 1, 2),
        (#""\udc00""#, .invalidSurrogate, 1, 2),
        (#""\ud800\u0041""#, .invalidSurrogate, 1, 2),
        (#""\x""#, .invalidEscape, 1, 2),
        (#"{"a":1,"a":2}"#, .duplicateMemberName, 1, 8),
        ("1e400", .numberOutOfRange, 1, 1),
        ("-1e400", .numberOutOfRange, 1, 1),
        ("NaN", .unexpectedCharacter, 1, 1),
        ("Infinity", .unexpectedCharacter, 1, 1),
        ("-Infinity", .invalidNumber, 1, 2),
        ("[1] x", .trailingContent, 1, 5),
        ("", .unexpectedEndOfInput, 1, 1),
        (#"{"a":"#, .unexpectedEndOfInput, 1, 6),
        (#""abc"#, .unexpectedEndOfInput, 1, 5),
        ("tru", .unexpectedCharacter, 1, 1),
        ("{\n  \"k\": \"a\nb\"\n}", .controlCharacterInString, 2, 10),
        ("{\n  \"a\": 1,\n  \"b\": 2\n  \"c\": 3\n}", .unexpectedCharacter, 4, 3),
    ] as [(String, JSONParseError.Kind, Int, Int)])
    func malformedInputs(json: String, kind: JSONParseError.Kind, line: Int, column: Int) throws {
        let error = try #require(parseError(json))
        #expect(error.kind == kind, "\(error)")
        #expect(error.line == line, "\(error)")
        #expect(error.column == column, "\(error)")
        #expect(error.description.hasPrefix("invalid JSON at line \(line), column \(column): "))
        #expect(throws: JSONParseError.self) { try JSONValue.canonicalize(Array(json.utf8)) }
    }

    @Test("Messages say what was found and what was expected")
    func errorMessages() throws {
        let error = try #require(parseError("{\n  \"a\": 1,\n  \"b\": 2\n  \"c\": 3\n}"))
        #expect(error.description == #"invalid JSON at line 4, column 3: expected ',' or '}' after object member, found '"'"#)
        #expect(error.offset == 23)
        let duplicate = try #require(parseError(#"{"a":1,"a":2}"#))
        #expect(duplicate.message.contains(#"duplicate object member name "a""#))
    }

    @Test("Invalid UTF-8 is rejected at the offending byte", arguments: [
        ([0x22, 0xFF, 0x22], 1),
        ([0x22, 0xC0, 0xAF, 0x22], 1),              // overlong "/"
        ([0x22, 0xED, 0xA0, 0x80, 0x22], 2),        // UTF-8-encoded surrogate U+D800
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 2),  // above U+10FFFF
        ([0x22, 0x61, 0xE2, 0x82, 0x22], 4),        // truncated sequence
    ] as [([UInt8], Int)])
    func invalidUTF8(bytes: [UInt8], offset: Int) throws {
        let error = try #require(parseError(bytes))
        #expect(error.kind == .invalidUTF8, "\(error)")
        #expect(error.offset == offset)
        #expect(error.line == 1)
    }

    @Test("Nesting deeper than the limit is rejected; the limit itself is accepted")
    func nestingDepth() throws {
        let deep = String(repeating: "[", count: 1000)
        let error = try #require(parseError(deep))
        #expect(error.kind == .nestingTooDeep)
        #expect(error.offset == JSONValue.maximumNestingDepth)
        #expect(error.column == JSONValue.maximumNestingDepth + 1)

        let limit = JSONValue.maximumNestingDepth
        let atLimit = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(try canonical(atLimit) == Array(atLimit.utf8))
    }

    // MARK: Entry points and accessors

    @Test("String, Data and byte entry points agree; accessors read values")
    func entryPointsAndAccessors() throws {
        let text = #"{"name":"x","n":42,"f":1.5,"ok":true,"list":[1,2],"none":null}"#
        let fromString = try JSONValue(parsing: text)
        #expect(try JSONValue(parsing: Data(text.utf8)) == fromString)
        #expect(try JSONValue(parsing: Array(text.utf8)) == fromString)
        #expect(try JSONValue(parsing: text.utf8) == fromString)
        #expect(fromString["name"]?.stringValue == "x")
        #expect(fromString["n"]?.intValue == 42)
        #expect(fromString["f"]?.intValue == nil)
        #expect(fromString["f"]?.doubleValue == 1.5)
        #expect(fromString["ok"]?.boolValue == true)
        #expect(fromString["list"]?.arrayValue?.count == 2)
        #expect(fromString["none"]?.isNull == true)
        #expect(fromString["missing"] == nil)
        #expect(fromString.objectValue?.count == 6)
        #expect(JSONValue.number(1e300).intValue == nil)
        #expect(fromString.canonicalString == #"{"f":1.5,"list":[1,2],"n":42,"name":"x","none":null,"ok":true}"#)
    }

    // MARK: Large bodies

    @Test("A ~5 MB body round-trips: parse → canonical → parse")
    func largeBody() throws {
        let body = Array(makeLargeDocument(targetBytes: 5_000_000).utf8)
        #expect(body.count >= 5_000_000)
        let value = try JSONValue(parsing: body)
        let canonicalBytes = value.canonicalBytes
        #expect(canonicalBytes.count < body.count)
        let reparsed = try JSONValue(parsing: canonicalBytes)
        #expect(reparsed == value)
        #expect(reparsed.canonicalBytes == canonicalBytes)  // canonical form is a fixed point
    }
}

/// Deterministic generator so failures reproduce.
private struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Builds non-canonical JSON (whitespace, unsorted keys, escapes, varied number spellings).
private func makeLargeDocument(targetBytes: Int) -> String {
    var generator = SplitMix64(seed: 42)
    let words = ["alpha", "béta", "gamma\\n", "\\u00e9t\\u00e9", "emoji \\ud83d\\ude00", "tab\\t", "quote\\\"", "€uro", "slash\\/"]
    var out = "{\n  \"records\": [\n"
    var index = 0
    while out.utf8.count < targetBytes {
        if index > 0 { out += ",\n" }
        let r = generator.next()
        let number = Double(bitPattern: (r & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000) * Double(r % 1000)
        out += "    { \"z\": \(index), \"id\": \"rec-\(index)\", \"value\": \(number), \"exp\": \(Double(r % 97))e-\(r % 30),"
        out += " \"text\": \"\(words[Int(r % UInt64(words.count))]) \(r)\", \"flags\": [true, false, null],"
        out += " \"nested\": { \"b\": [\(r % 7), \(Int64(bitPattern: r) % 100_000)], \"a\": { } } }"
        index += 1
    }
    return out + "\n  ]\n}\n"
}
