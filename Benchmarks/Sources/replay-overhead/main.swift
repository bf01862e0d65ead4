// Per-call cost of recording: the same chat calls through the recording transport in `off` mode (no cache) and in
// `record` mode (a miss: key, lookup, live call, store), against the local provider server on 127.0.0.1 and against
// an in-process upstream that answers at once (which isolates the transport's own work). Also the hit path.
//
// Usage: swift run -c release replay-overhead [--calls N] [--rounds R]
import Engine
import Foundation
import Recorder
import Replay

struct Options {
    var calls = 400
    var rounds = 3

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--calls": calls = Int(iterator.next() ?? "") ?? calls
            case "--rounds": rounds = Int(iterator.next() ?? "") ?? rounds
            default: fatalError("unknown argument \(argument); use --calls N --rounds R")
            }
        }
    }
}

/// Answers every call at once with a fixed chat completion: no network, no server.
struct InstantUpstream: Upstream {
    let body: [UInt8]
    func send(_ request: UpstreamRequest) async throws -> UpstreamResponse {
        UpstreamResponse(status: 200, headers: [("content-type", "application/json")], body: body)
    }
}

/// The local provider (Tests/Support/fake-provider) as a child process.
final class LocalServer {
    let process = Process()
    let baseURL: String

    init() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/Support/fake-provider/fake_provider.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", script.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var line = [UInt8]()
        while let byte = pipe.fileHandleForReading.readData(ofLength: 1).first, byte != UInt8(ascii: "\n") {
            line.append(byte)
        }
        baseURL = "http://127.0.0.1:" + String(decoding: line, as: UTF8.self).dropFirst(5)
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

func body(_ index: Int, round: Int, tag: String) -> JSONValue {
    .object([
        "model": .string("gpt-4o-mini"), "temperature": .number(0),
        "messages": .array([
            .object(["role": .string("system"), "content": .string("You are a careful Python programmer.")]),
            .object(["role": .string("user"), "content": .string(
                "Write a function that returns the \(index)-th prime number. (\(tag) round \(round))")]),
        ]),
    ])
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
}

/// Times `calls` calls through `transport`, each on its own; returns microseconds per call.
func time(_ transport: RecordingTransport, baseURL: String, calls: Int, round: Int, tag: String) async throws -> [Double] {
    let client = ChatClient(api: .openAI(provider: "openai"), transport: transport, baseURL: baseURL, apiKey: "sk-bench")
    var samples: [Double] = []
    let clock = ContinuousClock()
    for index in 0..<calls {
        let request = body(index, round: round, tag: tag)
        let elapsed = try await clock.measure { _ = try await client.complete(request, scope: CallScope("bench")) }
        samples.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
    }
    return samples
}

let options = Options(CommandLine.arguments)
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replay-overhead-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }

let server = try LocalServer()
let instant = InstantUpstream(body: Array(#"{"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"def nth_prime(n):\n    primes = []\n    candidate = 2\n    while len(primes) < n:\n        if all(candidate % p for p in primes):\n            primes.append(candidate)\n        candidate += 1\n    return primes[-1]\n"},"finish_reason":"stop"}],"usage":{"prompt_tokens":40,"completion_tokens":60,"total_tokens":100}}"#.utf8))

var results: [String: [Double]] = [:]
for round in 0..<options.rounds {
    for (name, upstream, base) in [("server", HTTPClientUpstream() as any Upstream, server.baseURL),
                                   ("instant", instant as any Upstream, "http://unused.invalid")] {
        let cache = directory.appendingPathComponent("\(name)-\(round).sqlite").path
        let off = try RecordingTransport(mode: .off, store: nil, upstream: upstream)
        let record = try RecordingTransport(mode: .record, store: CacheStore(path: cache), upstream: upstream)
        // Warm-up: connections, code paths, the cache file.
        _ = try await time(off, baseURL: base, calls: 20, round: round, tag: "warm-off")
        _ = try await time(record, baseURL: base, calls: 20, round: round, tag: "warm-record")
        // Alternate the order between rounds, so neither mode always runs on a warmer server.
        var offSamples: [Double] = [], missSamples: [Double] = []
        if round % 2 == 0 {
            offSamples = try await time(off, baseURL: base, calls: options.calls, round: round, tag: "off")
            missSamples = try await time(record, baseURL: base, calls: options.calls, round: round, tag: "record")
        } else {
            missSamples = try await time(record, baseURL: base, calls: options.calls, round: round, tag: "record")
            offSamples = try await time(off, baseURL: base, calls: options.calls, round: round, tag: "off")
        }
        let hitSamples = try await time(record, baseURL: base, calls: options.calls, round: round, tag: "record")
        results["\(name) off", default: []].append(median(offSamples))
        results["\(name) record miss", default: []].append(median(missSamples))
        results["\(name) record hit", default: []].append(median(hitSamples))
    }
}

// Each figure is the best round's median: other work on a shared machine only ever adds time.
let bestOf = results.mapValues { $0.min()! }
func best(_ name: String) -> Double { bestOf[name]! }
print("| path | median µs per call (best of \(options.rounds) rounds of \(options.calls) calls) |")
print("| --- | ---: |")
for name in ["server off", "server record miss", "server record hit", "instant off", "instant record miss",
             "instant record hit"] {
    print("| \(name) | \(String(format: "%.1f", best(name))) |")
}
let serverOverhead = best("server record miss") - best("server off")
let instantOverhead = best("instant record miss") - best("instant off")
print("")
print(String(format: "recording overhead per call, local server: %.1f µs (record miss %.1f − off %.1f)",
             serverOverhead, best("server record miss"), best("server off")))
print(String(format: "recording overhead per call, instant upstream: %.1f µs (record miss %.1f − off %.1f)",
             instantOverhead, best("instant record miss"), best("instant off")))
print(String(format: "a hit against a live call to the local server: %.1f µs vs %.1f µs (%.2f×)",
             best("server record hit"), best("server off"), best("server record hit") / best("server off")))
