import Foundation
import Recorder
import Replay

/// The local OpenAI/Anthropic stand-in (Tests/Support/fake-provider/fake_provider.py) as a child process on
/// 127.0.0.1 and an ephemeral port. Stopped when the value is released or `stop()` is called.
public final class FakeProvider: @unchecked Sendable {
    /// `http://127.0.0.1:PORT`.
    public let baseURL: String
    private let process: Process
    private let client = HTTPClientUpstream()

    /// Starts the server and waits until it listens.
    public init() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fake-provider/fake_provider.py")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", script.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        var line = [UInt8]()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            guard let first = byte.first else { throw CacheError.io(path: script.path, reason: "fake provider did not start") }
            if first == UInt8(ascii: "\n") { break }
            line.append(first)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5)) else {
            throw CacheError.io(path: script.path, reason: "fake provider said '\(text)'")
        }
        baseURL = "http://127.0.0.1:\(port)"
    }

    deinit { stop() }

    /// Stops the server; calls to it then fail to connect.
    public func stop() {
        guard process.isRunning else { return }
        // SIGKILL, not terminate(): a child spawned from a test thread can inherit a mask that blocks SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// How many model calls the server has answered, by path and in all.
    public func calls() async throws -> (total: Int, paths: [String: Int]) {
        let response = try await client.send(UpstreamRequest(method: "GET", url: baseURL + "/_calls", headers: [],
                                                             body: []))
        let json = try JSONValue(parsing: try await collect(response.body))
        return (json["total"]?.intValue ?? -1, (json["paths"]?.objectValue ?? [:]).compactMapValues(\.intValue))
    }
}
