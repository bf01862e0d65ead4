import Foundation
import Recorder
import Testing
import TestSupport

/// `align chat` end to end against the local provider: record, then replay with the server gone.
@Suite("align chat")
struct ChatCommandTests {
    let directory = TemporaryDirectory("chat")

    @Test func recordsThenReplaysOfflineAndAMissExitsThree() async throws {
        let cache = directory.path("chat.sqlite")
        let environment = ["OPENAI_API_KEY": fakeAPIKey("chat"), "PATH": "/usr/bin:/bin"]
        var stoppedServer = ""
        for stream in [false, true] {
            let server = try FakeProvider()
            stoppedServer = server.baseURL
            let arguments = ["chat", "--cache", cache, "--model", "gpt-4o-mini", "--base-url", server.baseURL,
                             "--prompt", "write hello world", "--json"] + (stream ? ["--stream"] : [])
            let recorded = try runProduct("align", arguments, environment: environment)
            #expect(recorded.status == 0, "\(recorded.stderr)")
            let live = try JSONValue(parsing: recorded.stdout)
            #expect(live["source"] == .string("live"))
            #expect(live["text"]?.stringValue?.contains("def solution") == true)
            server.stop()
            let replayed = try runProduct("align", arguments + ["--mode", "replay"], environment: environment)
            #expect(replayed.status == 0, "\(replayed.stderr)")
            let cached = try JSONValue(parsing: replayed.stdout)
            #expect(cached["source"] == .string("cache"))
            #expect(cached["text"] == live["text"])
            #expect(cached["key"] == live["key"])
        }
        let miss = try runProduct("align", ["chat", "--cache", cache, "--model", "gpt-4o-mini", "--prompt",
                                            "write hello world", "--temperature", "0.5", "--mode", "replay"],
                                  environment: environment)
        #expect(miss.status == 3)
        #expect(miss.stderr.contains("replay miss"))
        #expect(miss.stderr.contains("`temperature`"))
        let unreachable = try runProduct("align", ["chat", "--cache", cache, "--model", "gpt-4o-mini", "--prompt", "new",
                                                   "--base-url", stoppedServer, "--mode", "refresh", "--retries", "0"],
                                         environment: environment)
        #expect(unreachable.status == 4, "\(unreachable.stderr)")
        #expect(unreachable.stderr.contains("is the server running"))
    }

    @Test func aRecordingStoresTheVersionOfThePriceTableInForce() async throws {
        let cache = directory.path("prices.sqlite")
        let prices = directory.path("prices.json")
        try Data(#"{"gpt-4o-mini": {"input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06}}"#.utf8)
            .write(to: URL(fileURLWithPath: prices))
        let environment = ["OPENAI_API_KEY": fakeAPIKey("chat"), "PATH": "/usr/bin:/bin"]
        let server = try FakeProvider()
        defer { server.stop() }
        for (prompt, file) in [("built-in", nil), ("overridden", prices)] as [(String, String?)] {
            let arguments = ["chat", "--cache", cache, "--model", "gpt-4o-mini", "--base-url", server.baseURL,
                             "--prompt", prompt, "--json"] + (file.map { ["--prices", $0] } ?? [])
            let result = try runProduct("align", arguments, environment: environment)
            #expect(result.status == 0, "\(result.stderr)")
            let key = try CacheKey(parsing: try #require(try JSONValue(parsing: result.stdout)["key"]?.stringValue))
            let stored = try #require(try CacheStore(path: cache, options: .existingOnly).lookup(key))
            #expect(stored.priceTableVersion == (try PriceTable.load(overrides: file)).version)
        }
        #expect(PriceTable.builtIn.version != (try PriceTable.load(overrides: prices)).version)
        let bad = try runProduct("align", ["chat", "--cache", cache, "--model", "gpt-4o-mini", "--prompt", "x",
                                           "--prices", directory.path("missing.json")], environment: environment)
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("prices file"))
    }
}
