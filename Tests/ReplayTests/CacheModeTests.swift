import Replay
import Testing

@Suite("Cache modes")
struct CacheModeTests {
    @Test func theOptionWinsOverTheEnvironmentWhichWinsOverTheDefault() throws {
        #expect(try CacheMode.resolve(option: nil, environment: [:]) == .record)
        #expect(try CacheMode.resolve(option: nil, environment: ["ALIGN_CACHE_MODE": "replay"]) == .replay)
        #expect(try CacheMode.resolve(option: "refresh", environment: ["ALIGN_CACHE_MODE": "replay"]) == .refresh)
        #expect(try CacheMode.resolve(option: "OFF", environment: [:]) == .off)
    }

    @Test func anUnknownModeIsAClearError() {
        #expect {
            try CacheMode.resolve(option: nil, environment: ["ALIGN_CACHE_MODE": "replya"])
        } throws: { error in
            "\(error)".contains("'replya' is not a cache mode")
        }
    }
}
