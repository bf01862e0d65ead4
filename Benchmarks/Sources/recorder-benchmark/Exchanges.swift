import Foundation
import Recorder

/// Builds the interactions the benchmark records: OpenAI chat completions about Python code.
///
/// Interaction `index` is the same on every run with the same seed. Each request (~1 KB) asks for a HumanEval
/// function; each response (~3 KB) is a `chat.completion` whose content mixes prose and several tasks' code and tests,
/// so that no two bodies are equal (the store would share equal ones) and each compresses like a real answer.
struct ExchangeFactory: Sendable {
    let corpus: Corpus
    let seed: UInt64

    static let model = "gpt-4o-mini-2024-07-18"
    private static let systemPrompt = """
        You are a careful senior Python engineer. Write correct, idiomatic, well-documented Python 3 code. \
        Prefer the standard library, keep functions pure where possible, handle edge cases (empty input, \
        negative numbers, duplicates) explicitly, and never print debugging output. Answer with one python code block \
        followed by a short explanation.
        """
    private static let intros = [
        "Here is an implementation of `@` that follows the docstring:",
        "Sure! Below is a straightforward solution for `@`.",
        "The function `@` can be written in a few lines:",
        "One way to implement `@` is shown below.",
        "Here's a complete, tested version of `@`:",
    ]
    private static let bridges = [
        "The approach is linear in the size of the input and uses no extra libraries.",
        "Note how the edge cases from the docstring are handled before the main loop.",
        "A related helper that often comes up together with this one:",
        "For comparison, here is a similar function written in the same style:",
        "You can check the behaviour with the following tests:",
    ]

    /// The request body as sent and the response body as received, for interaction `index`.
    func bodies(_ index: Int) -> (request: [UInt8], response: [UInt8]) {
        var random = SplitMix64(seed: seed ^ UInt64(index).multipliedFullWidth(by: 0x9E37_79B9_7F4A_7C15).low)
        let tasks = corpus.tasks
        let task = tasks[random.next(in: 0..<tasks.count)]

        var request = Array(#"{"model":"\#(Self.model)","messages":[{"role":"system","content":"#.utf8)
        appendJSONString(Self.systemPrompt, to: &request)
        request += Array(#"},{"role":"user","content":"#.utf8)
        appendJSONString("Complete the following Python function.\n\n```python\n\(task.prompt)```", to: &request)
        request += Array(#"}],"temperature":0.8,"top_p":0.95,"max_tokens":1024,"seed":\#(index)}"#.utf8)

        // Content of 2.0 to 3.2 KB: intro, the task's code, then prose, other tasks' code and tests.
        let target = random.next(in: 2_000..<3_200)
        let intro = Self.intros[random.next(in: 0..<Self.intros.count)]
        var content = String(intro.prefix { $0 != "@" }) + task.entryPoint + intro.drop { $0 != "@" }.dropFirst()
        content += "\n\n```python\n\(task.prompt)\(task.solution)```\n"
        while content.utf8.count < target {
            let other = tasks[random.next(in: 0..<tasks.count)]
            content += "\n" + Self.bridges[random.next(in: 0..<Self.bridges.count)] + "\n\n```python\n"
            content += random.next() % 2 == 0 ? "\(other.prompt)\(other.solution)" : "\(other.test)\ncheck(\(other.entryPoint))\n"
            content += "```\n"
        }
        content = String(decoding: content.utf8.prefix(target), as: UTF8.self)
        let completionTokens = content.utf8.count / 4
        let promptTokens = request.count / 4

        var response = Array(#"{"id":"chatcmpl-\#(randomID(&random, length: 29))","object":"chat.completion","#.utf8)
        response += Array(#""created":\#(1_790_000_000 + index),"model":"\#(Self.model)","choices":[{"index":0,"#.utf8)
        response += Array(#""message":{"role":"assistant","content":"#.utf8)
        appendJSONString(content, to: &response)
        response += Array(#","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"#.utf8)
        response += Array(#""usage":{"prompt_tokens":\#(promptTokens),"completion_tokens":\#(completionTokens),"#.utf8)
        response += Array(#""total_tokens":\#(promptTokens + completionTokens),"#.utf8)
        response += Array(#""prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"#.utf8)
        response += Array(#""completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"#.utf8)
        response += Array(#""accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},"#.utf8)
        response += Array(#""service_tier":"default","system_fingerprint":"fp_\#(randomID(&random, length: 10))"}"#.utf8)
        return (request, response)
    }

    /// Interaction `index` as a recording proxy would hand it to `CacheStore.record`, and its raw JSON size.
    func interaction(_ index: Int) throws -> (interaction: Interaction, rawBytes: Int) {
        let (request, response) = bodies(index)
        let identity = try RequestIdentity(
            provider: "openai", method: "POST", path: "/v1/chat/completions",
            headers: [("Authorization", "Bearer " + "sk" + "-bench-not-a-real-key-" + String(repeating: "0", count: 16)),
                      ("Content-Type", "application/json"), ("User-Agent", "OpenAI/Python 1.54.0")],
            body: request, sampleIndex: 0)
        let interaction = Interaction(
            request: identity, model: Self.model, status: 200, response: .body(response),
            responseHeaders: ["content-type": "application/json", "openai-processing-ms": "\(800 + index % 900)",
                              "x-request-id": "req_\(index)"],
            usage: TokenUsage(input: request.count / 4, cachedInput: 0, output: response.count / 5, reasoning: 0),
            latencyMilliseconds: Double(800 + index % 900),
            recordedAt: Date(timeIntervalSince1970: 1_790_000_000 + Double(index)))
        return (interaction, request.count + response.count)
    }

    private func randomID(_ random: inout SplitMix64, length: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
        return String(decoding: (0..<length).map { _ in alphabet[random.next(in: 0..<alphabet.count)] }, as: UTF8.self)
    }
}

/// Appends `text` as a JSON string literal (quotes, backslashes and control characters escaped).
func appendJSONString(_ text: String, to bytes: inout [UInt8]) {
    let hex = Array("0123456789abcdef".utf8)
    bytes.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
        case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
        case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
        case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
        case 0..<0x20: bytes += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
        default: bytes.append(byte)
        }
    }
    bytes.append(UInt8(ascii: "\""))
}
