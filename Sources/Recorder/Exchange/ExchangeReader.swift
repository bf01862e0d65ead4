import Foundation

/// One record of an export, parsed, checked and made ready to store.
package enum ExchangeRecord {
    case interaction(PreparedInteraction)
    case execution(ExecutionRecord)
    case run(StoredRun)
}

/// Reads export lines one at a time, for every backend's import: the header first, then records.
package struct ExchangeReader {
    let redaction: Redaction
    private var lineNumber = 0
    private var sawHeader = false

    package init(redaction: Redaction) { self.redaction = redaction }

    /// The record on `line`; nil for the header and blank lines.
    /// - Throws: `CacheError.malformedExport` naming the line.
    package mutating func read(_ line: String) throws(CacheError) -> ExchangeRecord? {
        lineNumber += 1
        if line.allSatisfy(\.isWhitespace) { return nil }
        let number = lineNumber
        func fail(_ reason: String) -> CacheError { .malformedExport(line: number, reason: reason) }
        let value: JSONValue
        do { value = try JSONValue(parsing: line) } catch { throw fail("\(error)") }
        let type = value["type"]?.stringValue
        if !sawHeader {
            guard type == "header", value["format"]?.stringValue == ExchangeFormat.name else {
                throw fail("not a SelfAlign cache export (its first line must be the export header)")
            }
            guard let version = value["version"]?.intValue, version <= ExchangeFormat.version else {
                throw fail("export format version \(value["version"]?.intValue ?? -1) is newer than this align "
                           + "reads (\(ExchangeFormat.version)); use a newer align")
            }
            sawHeader = true
            return nil
        }
        do {
            switch type {
            case "interaction": return .interaction(try interaction(value))
            case "execution": return .execution(try execution(value))
            case "run": return .run(try StoredRun(json: value))
            default: throw ExchangeFieldError("unknown record type \(type.map { "'\($0)'" } ?? "(none)")")
            }
        } catch let error as ExchangeFieldError {
            throw fail(error.message)
        } catch {
            throw fail("\(error)")
        }
    }

    /// Checks that the lines held an export at all.
    package func finish() throws(CacheError) {
        guard sawHeader else { throw CacheError.malformedExport(line: 1, reason: "the file is empty") }
    }

    private func interaction(_ value: JSONValue) throws -> PreparedInteraction {
        let fields = ExchangeFields(value)
        let keyText = value["key"]?.stringValue
        let headers = try fields.object("headers").mapValues { value -> String in
            guard let text = value.stringValue else { throw ExchangeFieldError("headers must map names to strings") }
            return text
        }
        // A hand-made or foreign import file may carry secrets in its requests: they are redacted here as they are
        // when a call is recorded, and then the key is that of the redacted request.
        var original = value["request"].map { $0 == .null ? [] : $0.canonicalBytes } ?? []
        var body = value["request"].map { $0 == .null ? [] : redaction.redact($0).canonicalBytes } ?? []
        if let text = value["request_canonical"]?.stringValue {
            do {
                original = try JSONValue.canonicalizePreservingNames(Array(text.utf8))
                body = try JSONValue.canonicalizePreservingNames(Array(text.utf8), redaction: redaction)
            } catch {
                throw ExchangeFieldError("request_canonical is not JSON: \(error)")
            }
        }
        let identity: RequestIdentity
        do {
            identity = try RequestIdentity(provider: try fields.string("provider"), method: try fields.string("method"),
                                           path: try fields.string("endpoint"), keyHeaders: headers,
                                           canonicalBody: body, sampleIndex: try fields.int("sample"))
        } catch let error as RequestIdentityError {
            throw ExchangeFieldError("\(error)")
        }
        if let keyText, identity.key.description != keyText, body == original {
            throw ExchangeFieldError("key \(keyText) does not match its request, which hashes to \(identity.key); "
                                     + "an edited request needs its key removed from the line or recomputed")
        }
        let response = try fields.object("response")
        let payload: ResponsePayload
        if let events = response["events"]?.arrayValue {
            payload = .events(try events.map(StreamEvent.init(json:)))
        } else {
            payload = .body(try ExchangeFormat.bytes(response, textName: "body", base64Name: "body_base64"))
        }
        let usage = try fields.object("usage")
        let interaction = Interaction(
            request: identity, model: value["model"]?.stringValue, status: try fields.int("status"),
            response: payload,
            responseHeaders: try fields.object("response_headers").compactMapValues(\.stringValue),
            usage: TokenUsage(json: .object(usage)),
            latencyMilliseconds: value["latency_ms"]?.doubleValue ?? 0,
            recordedAt: Date(), priceTableVersion: value["price_table_version"]?.stringValue)
        return PreparedInteraction(interaction, redaction: redaction, recordedAt: try fields.string("recorded_at"))
    }

    private func execution(_ value: JSONValue) throws -> ExecutionRecord {
        let fields = ExchangeFields(value)
        let key: CacheKey
        do { key = try CacheKey(parsing: try fields.string("key")) } catch let error as KeyFormatError {
            throw ExchangeFieldError("\(error)")
        }
        return ExecutionRecord(
            key: key, runner: try fields.string("runner"),
            input: try ExchangeFormat.bytes(value.objectValue ?? [:], textName: "input", base64Name: "input_base64"),
            result: try ExchangeFormat.bytes(value.objectValue ?? [:], textName: "result", base64Name: "result_base64"),
            status: try fields.string("status"), durationMilliseconds: value["duration_ms"]?.doubleValue ?? 0,
            recordedAt: try fields.string("recorded_at"))
    }
}
