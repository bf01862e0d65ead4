import Foundation
import Recorder
import Testing
import TestSupport

@Suite("Cache keys")
struct KeyTests {
    private func key(_ body: String, provider: String = "openai", method: String = "POST",
                     path: String = "/v1/chat/completions", headers: [(name: String, value: String)] = [],
                     sample: Int = 0) throws -> CacheKey
    {
        try RequestIdentity(provider: provider, method: method, path: path, headers: headers, body: Array(body.utf8),
                            sampleIndex: sample).key
    }

    private let base = #"{"model":"gpt-4o","temperature":0.2,"messages":[{"role":"user","content":"café"}],"n":1}"#

    @Test func keyTextIsSha256AndSixtyFourHexDigits() throws {
        let text = try key(base).description
        #expect(text.hasPrefix("sha256:"))
        #expect(text.count == 71)
        #expect(text.dropFirst(7).allSatisfy { "0123456789abcdef".contains($0) })
        #expect(try CacheKey(parsing: text) == key(base))
    }

    @Test func keyIsSha256OfTheDocumentedCanonicalBytes() throws {
        let identity = try RequestIdentity(provider: "openai", method: "post", path: "/v1/x",
                                           headers: [("Anthropic-Version", " 2023-06-01 ")], body: Array(#"{"b":1,"a":[]}"#.utf8),
                                           sampleIndex: 2)
        let expected = #"{"body":{"a":[],"b":1},"headers":{"anthropic-version":"2023-06-01"},"method":"POST","path":"/v1/x","provider":"openai","sample":2,"v":1}"#
        #expect(String(decoding: identity.canonicalBytes, as: UTF8.self) == expected)
        #expect(identity.key == CacheKey(hashing: Array(expected.utf8)))
    }

    @Test(arguments: [
        #"{"n":1,"messages":[{"content":"café","role":"user"}],"temperature":0.2,"model":"gpt-4o"}"#,
        "{ \"model\" : \"gpt-4o\",\n\t\"temperature\": 0.2, \"messages\": [ {\"role\":\"user\", \"content\":\"caf\\u00e9\"} ], \"n\": 1.0 }",
        #"{"model":"gpt-4o","temperature":2e-1,"messages":[{"role":"user","content":"caf\u00E9"}],"n":1E0}"#,
    ])
    func equivalentBodiesGiveOneKey(_ variant: String) throws {
        #expect(try key(variant) == key(base))
    }

    @Test func exponentAndIntegerFormsAreOneNumber() throws {
        #expect(try key(#"{"max_tokens":1e2}"#) == key(#"{"max_tokens":100}"#))
        #expect(try key(#"{"max_tokens":100.0}"#) == key(#"{"max_tokens":100}"#))
    }

    @Test(arguments: [
        #"{"model":"gpt-4o","temperature":0.3,"messages":[{"role":"user","content":"café"}],"n":1}"#,
        #"{"model":"gpt-4o-mini","temperature":0.2,"messages":[{"role":"user","content":"café"}],"n":1}"#,
        #"{"model":"gpt-4o","temperature":0.2,"messages":[{"role":"user","content":"cafe"}],"n":1}"#,
        #"{"model":"gpt-4o","temperature":0.2,"messages":[{"role":"user","content":"café"}],"n":2}"#,
        #"{"model":"gpt-4o","temperature":0.2,"messages":[{"role":"user","content":"café"}]}"#,
        #"{"model":"gpt-4o","temperature":0.2,"messages":[{"role":"user","content":"café"}],"n":1,"seed":7}"#,
    ])
    func anyBodyChangeGivesAnotherKey(_ changed: String) throws {
        #expect(try key(changed) != key(base))
    }

    @Test func providerPathMethodHeaderAndSampleIndexEachChangeTheKey() throws {
        let original = try key(base)
        #expect(try key(base, provider: "anthropic") != original)
        #expect(try key(base, path: "/v1/responses") != original)
        #expect(try key(base, method: "PUT") != original)
        #expect(try key(base, headers: [("anthropic-version", "2023-06-01")]) != original)
        #expect(try key(base, headers: [("anthropic-beta", "prompt-caching-2024-07-31")]) != original)
        #expect(try key(base, headers: [("anthropic-version", "2023-06-01")])
                != key(base, headers: [("anthropic-version", "2024-01-01")]))
        #expect(try key(base, sample: 1) != original)
        #expect(try key(base, sample: 1) != key(base, sample: 2))
    }

    @Test func credentialsAndTransportHeadersNeverChangeTheKey() throws {
        let original = try key(base)
        let noise: [(name: String, value: String)] = [
            ("Authorization", "Bearer " + fakeAPIKey("a")), ("x-api-key", fakeAPIKey("ant-b")),
            ("User-Agent", "OpenAI/Python 1.54.0"), ("X-Stainless-Lang", "python"), ("X-Stainless-Retry-Count", "2"),
            ("X-Request-ID", "req_123"), ("Idempotency-Key", "abc"), ("X-Stainless-Timeout", "600"),
            ("api-key", "azure-secret"), ("Cookie", "session=1"),
        ]
        #expect(try key(base, headers: noise) == original)
        for header in noise {
            #expect(try key(base, headers: [header]) == original, "\(header.name) changed the key")
        }
    }

    @Test func credentialHeadersCannotBeOptedIntoTheKey() throws {
        let policy = KeyPolicy(behaviourHeaders: ["authorization", "x-api-key", "anthropic-version"])
        #expect(policy.behaviourHeaders == ["anthropic-version"])
    }

    @Test func credentialQueryParametersAreDroppedFromThePath() throws {
        #expect(try key(base, path: "/v1beta/models/x:generateContent?key=AIzaSECRET&alt=sse")
                == key(base, path: "/v1beta/models/x:generateContent?alt=sse"))
        #expect(Credentials.strippingCredentialQuery(from: "/v1/x?api_key=s") == "/v1/x")
    }

    @Test func apiKeysInTheBodyAreRedactedBeforeHashing() throws {
        let withKey = #"{"model":"m","api_key":"\#(fakeAPIKey("secret"))","messages":[]}"#
        let identity = try RequestIdentity(provider: "openai", method: "POST", path: "/v1/x", body: Array(withKey.utf8))
        let text = String(decoding: identity.canonicalBody, as: UTF8.self)
        #expect(!text.contains("sk-secret"))
        #expect(text.contains("[REDACTED]"))
        let promptKey = #"{"messages":[{"content":"my key is \#(fakeAPIKey("proj")), ok?"}]}"#
        let redacted = try RequestIdentity(provider: "openai", method: "POST", path: "/v1/x", body: Array(promptKey.utf8))
        #expect(String(decoding: redacted.canonicalBody, as: UTF8.self)
                == #"{"messages":[{"content":"my key is [REDACTED], ok?"}]}"#)
    }

    @Test func extraRedactionPatternsApply() throws {
        let redaction = try Redaction.default.adding(patterns: ["ACME-[0-9]{6}"])
        let identity = try RequestIdentity(provider: "p", method: "POST", path: "/x",
                                           body: Array(#"{"t":"id ACME-123456 here"}"#.utf8),
                                           policy: KeyPolicy(redaction: redaction))
        #expect(String(decoding: identity.canonicalBody, as: UTF8.self) == #"{"t":"id [REDACTED] here"}"#)
        #expect(throws: RedactionPatternError.self) { try Redaction.default.adding(patterns: ["(unclosed"]) }
    }

    @Test(arguments: [#"{"model":"gpt-4o","#, "not json", #"{"a":1}{"b":2}"#, #"{"a":NaN}"#])
    func malformedJSONIsAClearError(_ body: String) throws {
        do {
            _ = try key(body)
            Issue.record("expected an error for \(body)")
        } catch {
            #expect("\(error)".contains("not valid JSON"))
            #expect("\(error)".contains("line 1"))
        }
    }

    @Test func malformedKeyTextIsRefused() {
        #expect(throws: KeyFormatError.self) { try CacheKey(parsing: "sha256:1234") }
        #expect(throws: KeyFormatError.self) { try CacheKey(parsing: "sha256:" + String(repeating: "g", count: 64)) }
    }

    @Test func aBodylessRequestHasAKey() throws {
        let a = try RequestIdentity(provider: "openai", method: "GET", path: "/v1/models", body: [UInt8]())
        #expect(String(decoding: a.canonicalBytes, as: UTF8.self).hasPrefix(#"{"body":null,"#))
    }
}
