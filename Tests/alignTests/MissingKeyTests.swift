import Foundation
import Recorder
import Testing
import TestSupport

/// `align chat` and `align run` in record mode with no API key set: a miss says which variable is missing before
/// anything goes out; hits need no key.
@Suite("Missing API key")
struct MissingKeyTests {
    let directory = TemporaryDirectory("nokey")

    @Test func withoutAKeyAMissSaysSoBeforeAnyLiveCallWhileHitsStillServe() async throws {
        let cache = directory.path("nokey.sqlite")
        let server = try FakeProvider()
        defer { server.stop() }
        let arguments = ["chat", "--cache", cache, "--model", "gpt-4o-mini", "--base-url", server.baseURL,
                         "--prompt", "needs a key", "--retries", "3"]
        let missing = try runProduct("align", arguments, environment: ["PATH": "/usr/bin:/bin"])
        #expect(missing.status == 4, "\(missing.stderr)")
        #expect(missing.stderr.contains("OPENAI_API_KEY is not set (needed for live calls on a cache miss)"))
        #expect(try await server.calls().total == 0)
        // Recorded with a key, the same request is then a hit that needs none.
        let recorded = try runProduct("align", arguments, environment: ["PATH": "/usr/bin:/bin",
                                                                        "OPENAI_API_KEY": fakeAPIKey("nokey")])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let hit = try runProduct("align", arguments, environment: ["PATH": "/usr/bin:/bin"])
        #expect(hit.status == 0, "\(hit.stderr)")
        #expect(try await server.calls().total == 1)
        let anthropic = try runProduct("align", ["chat", "--provider", "anthropic", "--cache", cache, "--model", "claude-3-5-haiku-20241022",
                                                 "--base-url", server.baseURL, "--prompt", "needs a key"],
                                       environment: ["PATH": "/usr/bin:/bin"])
        #expect(anthropic.status == 4)
        #expect(anthropic.stderr.contains("ANTHROPIC_API_KEY is not set (needed for live calls on a cache miss)"))
    }

    @Test func alignRunStopsAtTheFirstMissWithTheSameMessage() async throws {
        let server = try FakeProvider()
        defer { server.stop() }
        let run = try runProduct("align", ["run", "--tasks", fixturePath("tasks/humaneval-10.jsonl"), "--limit", "2",
                                           "--provider", "openai", "--model", "gpt-4o-mini", "--base-url", server.baseURL,
                                           "--judge", "off", "--cache", directory.path("run.sqlite"), "--no-progress"],
                                 environment: ["PATH": "/usr/bin:/bin"])
        #expect(run.status == 4, "\(run.stderr)")
        #expect(run.stderr.contains("OPENAI_API_KEY is not set (needed for live calls on a cache miss)"))
        #expect(try await server.calls().total == 0)
    }
}
