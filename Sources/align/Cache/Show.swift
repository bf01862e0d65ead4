import ArgumentParser
import Foundation
import Recorder

extension CacheCommand {
    /// `align cache show KEY`: one interaction in full, request and response.
    struct Show: AsyncAlignCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one recorded model call: its metadata, request body and response.")

        @OptionGroup var file: CacheFileOption
        @Argument(help: "The key, or a unique prefix of it as `align cache ls` prints it.") var key: String
        @Flag(help: "Print JSON instead of text.") var json = false

        func execute() async throws {
            let store = try await file.openExisting()
            let resolved = try await resolve(key, in: store)
            guard let stored = try await store.lookup(resolved, includingRequest: true) else {
                throw CacheError.notFound(what: "interaction \(resolved)")
            }
            let request = stored.requestBody.flatMap { $0.isEmpty ? nil : try? JSONValue(parsing: $0) }
            if json {
                var members: [String: JSONValue] = [
                    "key": .string(stored.key.description), "provider": .string(stored.provider),
                    "model": stored.model.map(JSONValue.string) ?? .null, "method": .string(stored.method),
                    "endpoint": .string(stored.endpoint), "sample": .number(Double(stored.sampleIndex)),
                    "status": .number(Double(stored.status)), "recorded_at": .string(stored.recordedAt),
                    "request": request ?? .null,
                ]
                switch stored.response {
                case .body(let body): members["response"] = .string(String(decoding: body, as: UTF8.self))
                case .events(let events):
                    members["events"] = .array(events.map { .object(["event": $0.event.map(JSONValue.string) ?? .null,
                                                                      "data": .string($0.data)]) })
                }
                print(String(decoding: JSONValue.object(members).canonicalBytes, as: UTF8.self))
                return
            }
            let usage = stored.usage
            print("""
                key        \(stored.key)
                call       \(stored.method) \(stored.endpoint) (\(stored.provider), sample \(stored.sampleIndex))
                model      \(stored.model ?? "-")
                status     \(stored.status), \(String(format: "%.0f", stored.latencyMilliseconds)) ms, recorded \(stored.recordedAt)
                tokens     input \(usage.input.map(String.init) ?? "-"), cached \(usage.cachedInput.map(String.init) ?? "-"), \
                cache write \(usage.cacheWrite.map(String.init) ?? "-"), output \(usage.output.map(String.init) ?? "-"), \
                reasoning \(usage.reasoning.map(String.init) ?? "-")
                headers    \(stored.keyHeaders.isEmpty ? "-" : stored.keyHeaders.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))

                request:
                \(request.map(prettyJSON) ?? "(no body)")

                response:
                """)
            switch stored.response {
            case .body(let body):
                print((try? JSONValue(parsing: body)).map(prettyJSON) ?? String(decoding: body, as: UTF8.self))
            case .events(let events):
                for event in events {
                    if let name = event.event { print("event: \(name)") }
                    print("data: \(event.data)\n")
                }
            }
        }
    }
}

/// Resolves a full key or a unique prefix of one.
func resolve(_ text: String, in store: any CacheBackend) async throws -> CacheKey {
    if let key = try? CacheKey(parsing: text) { return key }
    let matches = try await store.keys(matchingPrefix: text)
    switch matches.count {
    case 0: throw CacheError.notFound(what: "a key starting with \(text)")
    case 1: return matches[0]
    default:
        throw ValidationError("\(text) matches several keys (\(matches.prefix(3).map(\.description).joined(separator: ", "))…): give more digits")
    }
}

/// JSON laid out for reading: two-space indents, keys sorted.
func prettyJSON(_ value: JSONValue) -> String {
    guard let data = try? JSONSerialization.data(withJSONObject: value.foundationObject,
                                                 options: [.prettyPrinted, .sortedKeys, .fragmentsAllowed,
                                                           .withoutEscapingSlashes]) else {
        return value.canonicalString
    }
    return String(decoding: data, as: UTF8.self)
}

extension JSONValue {
    /// The value as Foundation objects, for JSONSerialization's pretty printer.
    var foundationObject: Any {
        switch self {
        case .null: NSNull()
        case .bool(let value): value
        case .number(let value): value.rounded() == value && abs(value) < 1e15 ? Int(value) as Any : value as Any
        case .string(let value): value
        case .array(let items): items.map(\.foundationObject)
        case .object(let members): members.mapValues(\.foundationObject)
        }
    }
}
