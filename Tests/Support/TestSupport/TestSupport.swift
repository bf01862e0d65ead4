import Foundation
import Recorder

/// A fresh directory under the system's temporary directory, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    /// The directory's URL.
    public let url: URL

    /// Creates the directory.
    public init(_ label: String = "selfalign") {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// A path inside the directory.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// A fake API key in a provider's shape (`sk-<label>…`), assembled at run time so that no key-shaped literal sits
/// in the repository for secret scanners to flag.
public func fakeAPIKey(_ label: String) -> String {
    "sk" + "-" + label + "-FAKE" + String(repeating: "0", count: 24)
}

/// A request identity for tests: an OpenAI-style chat call whose body carries `marker`.
public func sampleRequest(marker: String = "hello", model: String = "gpt-4o-mini", sampleIndex: Int = 0,
                          extra: String = "") throws -> RequestIdentity
{
    let body = #"{"model":"\#(model)","messages":[{"role":"user","content":"\#(marker)\#(extra)"}],"temperature":0}"#
    return try RequestIdentity(provider: "openai", method: "POST", path: "/v1/chat/completions",
                               headers: [("Authorization", "Bearer " + fakeAPIKey("test"))],
                               body: Array(body.utf8), sampleIndex: sampleIndex)
}

/// An interaction whose response body is `response`.
public func sampleInteraction(_ request: RequestIdentity, response: [UInt8], model: String = "gpt-4o-mini")
    -> Interaction
{
    Interaction(request: request, model: model, status: 200, response: .body(response),
                responseHeaders: ["content-type": "application/json"],
                usage: TokenUsage(input: 12, cachedInput: 0, output: 34), latencyMilliseconds: 420,
                recordedAt: Date(timeIntervalSince1970: 1_790_000_000))
}

/// A JSON chat completion of about `size` bytes; `seed` makes the text differ.
public func chatCompletion(size: Int, seed: Int = 0) -> [UInt8] {
    var generator = SplitMix64(seed: UInt64(seed))
    let words = ["def", "return", "assert", "lambda", "sorted", "numbers", "threshold", "range", "len", "True"]
    var text = ""
    while text.utf8.count < max(0, size - 200) {
        text += words[Int(generator.next() % UInt64(words.count))] + " "
    }
    let json = #"{"id":"chatcmpl-\#(seed)","object":"chat.completion","model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"\#(text)"},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":34}}"#
    return Array(json.utf8)
}

/// A small deterministic random number generator, so test data is the same on every run.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The folder that holds the package's built executables (`align`, `recorder-stress`).
public func productsDirectory() -> URL {
    if let override = ProcessInfo.processInfo.environment["ALIGN_PRODUCTS_DIR"] {
        return URL(fileURLWithPath: override)
    }
    // The test runner is itself a product of the same build, so its folder holds the others.
    var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("align").path) {
        url = url.deletingLastPathComponent()
    }
    return url
}

/// What a finished child process left.
public struct ProcessOutput: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs a built product to completion.
public func runProduct(_ name: String, _ arguments: [String], environment: [String: String]? = nil,
                       stdin: Data? = nil) throws -> ProcessOutput
{
    let process = Process()
    process.executableURL = productsDirectory().appendingPathComponent(name)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(stdin) }
    try input.fileHandleForWriting.close()
    // Both pipes are drained concurrently, so a child that fills one cannot block on it.
    let errData = LockedData()
    let reader = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
    reader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errData.isSet { usleep(1000) }
    return ProcessOutput(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData.value, as: UTF8.self))
}

/// `runProduct` on a thread of its own, so that a test waiting for a child does not hold one of the few threads of
/// Swift's cooperative pool (2 on this machine), which the sandbox and other tests need meanwhile.
public func runProductAsync(_ name: String, _ arguments: [String], environment: [String: String]? = nil,
                            stdin: Data? = nil) async throws -> ProcessOutput
{
    try await withCheckedThrowingContinuation { continuation in
        Thread {
            continuation.resume(with: Result { try runProduct(name, arguments, environment: environment, stdin: stdin) })
        }.start()
    }
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    func set(_ value: Data) { lock.withLock { data = value } }
    var isSet: Bool { lock.withLock { data != nil } }
    var value: Data { lock.withLock { data ?? Data() } }
}

/// True when `needle` occurs anywhere in `haystack`.
public func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
    let first = needle[0]
    var index = 0
    while index <= haystack.count - needle.count {
        if haystack[index] == first && Array(haystack[index..<index + needle.count]) == needle { return true }
        index += 1
    }
    return false
}

/// The repository's root directory (for fixtures), found from this source file's path.
public let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A path under the repository's `fixtures/` directory.
public func fixturePath(_ name: String) -> String {
    repositoryRoot.appendingPathComponent("fixtures").appendingPathComponent(name).path
}
