import Foundation
import Recorder

/// Request and response bodies like the recorder benchmark's: OpenAI chat calls of about 1 KB, answers of about
/// 3 KB of Python-like text, made from a seed so that every run stores the same bytes.
enum Bodies {
    private static let words = ["def", "return", "assert", "lambda", "sorted", "numbers", "threshold", "range", "len",
                                "True", "False", "for", "in", "if", "else", "while", "list", "dict", "str", "int",
                                "candidate", "check", "result", "append", "enumerate", "zip", "max", "min", "sum"]

    static func text(bytes: Int, seed: UInt64) -> String {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        var text = ""
        text.reserveCapacity(bytes + 16)
        while text.utf8.count < bytes {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            text += words[Int(state % UInt64(words.count))]
            text += state % 11 == 0 ? "\\n    " : " "
        }
        return text
    }

    /// The identity of interaction number `index` of `writer`.
    static func request(_ index: Int, writer: String = "main") throws -> RequestIdentity {
        let prompt = "\(writer) #\(index): " + text(bytes: 800, seed: UInt64(index) &+ 17)
        let body = #"{"model":"gpt-4o-mini","messages":[{"role":"user","content":"\#(prompt)"}],"temperature":0}"#
        return try RequestIdentity(provider: "openai", method: "POST", path: "/v1/chat/completions",
                                   headers: [], body: Array(body.utf8), sampleIndex: 0)
    }

    static func interaction(_ index: Int, writer: String = "main") throws -> Interaction {
        let answer = text(bytes: 2800, seed: UInt64(index) &* 31 &+ 5)
        let body = #"{"id":"chatcmpl-\#(index)","object":"chat.completion","model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"\#(answer)"},"finish_reason":"stop"}],"usage":{"prompt_tokens":250,"completion_tokens":700}}"#
        return Interaction(request: try request(index, writer: writer), model: "gpt-4o-mini", status: 200,
                           response: .body(Array(body.utf8)), responseHeaders: ["content-type": "application/json"],
                           usage: TokenUsage(input: 250, output: 700), latencyMilliseconds: 900,
                           recordedAt: Date(timeIntervalSince1970: 1_790_000_000))
    }
}
