import Foundation
import Recorder
import Testing
import TestSupport

/// The README's pytest example (examples/pytest), as CI runs it: recorded against the local fake provider, then
/// replayed with nothing listening upstream — and, as a check that replay really reads the cache, refused on an
/// empty one.
@Suite("examples/pytest")
struct ExamplePytestTests {
    let directory = TemporaryDirectory("example-pytest")

    @Test func recordsThenReplaysWithNothingUpstream() async throws {
        let cache = directory.path("example.sqlite")
        let server = try FakeProvider()
        let recorded = try await PythonSuite.pytest(["examples/pytest"], environment: [
            "ALIGN_PROXY_MODE": "record", "ALIGN_PROXY_CACHE": cache, "ALIGN_PROXY_OPENAI_UPSTREAM": server.baseURL,
            "OPENAI_API_KEY": "fake-example-key",
        ])
        #expect(recorded.status == 0, "\(recorded.output)")
        #expect(recorded.output.contains("3 passed"), "\(recorded.output)")
        let live = try await server.calls().total
        #expect(live == 4)
        server.stop()

        let offline = ["ALIGN_PROXY_MODE": "replay", "ALIGN_PROXY_CACHE": cache,
                       "ALIGN_PROXY_OPENAI_UPSTREAM": "http://127.0.0.1:9"]
        let replayed = try await PythonSuite.pytest(["examples/pytest"], environment: offline)
        #expect(replayed.status == 0, "\(replayed.output)")
        #expect(replayed.output.contains("3 passed"), "\(replayed.output)")
        // In another order: each test has its own scope, so the numbering of its samples does not move.
        let reordered = try await PythonSuite.pytest(
            ["examples/pytest/test_codegen.py::test_streaming_works_the_same",
             "examples/pytest/test_codegen.py::test_two_samples_of_one_request_are_told_apart"], environment: offline)
        #expect(reordered.status == 0, "\(reordered.output)")
        #expect(try CacheStore(path: cache).stats().interactions == 4)

        var empty = offline
        empty["ALIGN_PROXY_CACHE"] = directory.path("empty.sqlite")
        _ = try CacheStore(path: empty["ALIGN_PROXY_CACHE"]!)
        let refused = try await PythonSuite.pytest(["examples/pytest"], environment: empty)
        #expect(refused.status != 0)
        #expect(refused.output.contains("replay miss"), "\(refused.output)")
    }
}
