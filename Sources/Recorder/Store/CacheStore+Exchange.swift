import Foundation

/// What an import or a merge did.
public struct ExchangeReport: Sendable, Codable, Equatable {
    /// Interactions that were new here.
    public var interactionsAdded: Int = 0
    /// Interactions whose key was stored already with the same response.
    public var interactionsPresent: Int = 0
    /// Interactions whose key was stored already with a different response: the one here was kept.
    public var interactionsDiffering: Int = 0
    public var executionsAdded: Int = 0
    public var executionsPresent: Int = 0
    public var runsAdded: Int = 0
    public var runsPresent: Int = 0
}

extension CacheStore {
    /// The first line of every export.
    static let exportFormat = "selfalign-cache-export"
    static let exportVersion = 1

    /// Writes the whole cache as JSON Lines, one canonical JSON object a line, sorted by key, so that two exports
    /// can be reviewed and diffed. Request bodies appear as JSON, response bodies as text (or base64).
    /// - Parameter write: receives the output a line at a time, newline included.
    public func export(_ write: (String) throws -> Void) throws(CacheError) {
        try read { connection in
            try write(JSONValue.object([
                "type": .string("header"), "format": .string(Self.exportFormat),
                "version": .number(Double(Self.exportVersion)), "schema": .number(Double(Schema.currentVersion)),
            ]).canonicalString + "\n")
            let interactions = try connection.prepare("""
                SELECT key, provider, model, method, endpoint, key_headers, sample_index, request_blob, response_kind,
                       response_blob, response_headers, status, input_tokens, cached_input_tokens, cache_write_tokens,
                       output_tokens, reasoning_tokens, latency_ms, recorded_at, price_table_version
                FROM interactions ORDER BY key
                """)
            defer { interactions.finalize() }
            while try interactions.step() {
                let s = interactions
                let key = try CacheKey(digest: s.bytes(0))
                let owner = "interaction \(key)"
                let request = try loadBlob(id: s.int64(7), owner: owner, on: connection)
                let response = try loadBlob(id: s.int64(9), owner: owner, on: connection)
                var responseValue: [String: JSONValue]
                if s.int64(8) == 1 {
                    responseValue = ["events": .array(try StreamEvent.decode(response).map(\.jsonValue))]
                } else {
                    responseValue = Self.textOrBase64(response, textName: "body", base64Name: "body_base64")
                }
                var usage: [String: JSONValue] = [:]
                for (name, column) in [("input", 12), ("cached_input", 13), ("cache_write", 14), ("output", 15),
                                       ("reasoning", 16)] as [(String, Int32)] where !s.isNull(column) {
                    usage[name] = .number(Double(s.int64(column)))
                }
                // A body whose member names differ only in Unicode normalisation has no `JSONValue`: it is carried
                // as its canonical text instead (`request_canonical`), so the export loses nothing.
                var requestValue: JSONValue = .null
                var requestText: String?
                if !request.isEmpty {
                    do {
                        requestValue = try JSONValue(parsing: request)
                    } catch let error as JSONParseError where error.kind == .duplicateMemberName {
                        requestText = String(decoding: request, as: UTF8.self)
                    }
                }
                var line: [String: JSONValue] = [
                    "type": .string("interaction"), "key": .string(key.description),
                    "provider": .string(s.string(1)), "model": s.optionalString(2).map(JSONValue.string) ?? .null,
                    "method": .string(s.string(3)), "endpoint": .string(s.string(4)),
                    "headers": try JSONValue(parsing: s.string(5)), "sample": .number(Double(s.int(6))),
                    "request": requestValue,
                    "response": .object(responseValue),
                    "response_headers": try JSONValue(parsing: s.string(10)), "status": .number(Double(s.int(11))),
                    "usage": .object(usage), "latency_ms": .number(s.double(17)), "recorded_at": .string(s.string(18)),
                    "price_table_version": s.optionalString(19).map(JSONValue.string) ?? .null,
                ]
                if let requestText { line["request_canonical"] = .string(requestText) }
                try write(JSONValue.object(line).canonicalString + "\n")
            }
            let executions = try connection.prepare("""
                SELECT key, runner, input_blob, result_blob, status, duration_ms, recorded_at FROM executions ORDER BY key
                """)
            defer { executions.finalize() }
            while try executions.step() {
                let s = executions
                let key = try CacheKey(digest: s.bytes(0))
                var line: [String: JSONValue] = [
                    "type": .string("execution"), "key": .string(key.description), "runner": .string(s.string(1)),
                    "status": .string(s.string(4)), "duration_ms": .number(s.double(5)),
                    "recorded_at": .string(s.string(6)),
                ]
                let input = try loadBlob(id: s.int64(2), owner: "execution \(key)", on: connection)
                let result = try loadBlob(id: s.int64(3), owner: "execution \(key)", on: connection)
                line.merge(Self.textOrBase64(input, textName: "input", base64Name: "input_base64")) { $1 }
                line.merge(Self.textOrBase64(result, textName: "result", base64Name: "result_base64")) { $1 }
                try write(JSONValue.object(line).canonicalString + "\n")
            }
            for run in try runs(on: connection) {
                try write(run.jsonValue.canonicalString + "\n")
            }
        }
    }

    /// Adds what an export holds: a union by key, all in one transaction, so a bad line imports nothing.
    /// - Parameter lines: the export's lines, without their newlines.
    /// - Throws: `CacheError.malformedExport` naming the line.
    public func importExport(lines: some Sequence<String>) throws(CacheError) -> ExchangeReport {
        try write { connection in
            var report = ExchangeReport()
            var lineNumber = 0
            var sawHeader = false
            for line in lines {
                lineNumber += 1
                if line.allSatisfy(\.isWhitespace) { continue }
                let number = lineNumber
                func fail(_ reason: String) -> CacheError { .malformedExport(line: number, reason: reason) }
                let value: JSONValue
                do { value = try JSONValue(parsing: line) } catch { throw fail("\(error)") }
                let type = value["type"]?.stringValue
                if !sawHeader {
                    guard type == "header", value["format"]?.stringValue == Self.exportFormat else {
                        throw fail("not a SelfAlign cache export (its first line must be the export header)")
                    }
                    guard let version = value["version"]?.intValue, version <= Self.exportVersion else {
                        throw fail("export format version \(value["version"]?.intValue ?? -1) is newer than this align "
                                   + "reads (\(Self.exportVersion)); use a newer align")
                    }
                    sawHeader = true
                    continue
                }
                do {
                    switch type {
                    case "interaction": try importInteraction(value, into: &report, on: connection)
                    case "execution": try importExecution(value, into: &report, on: connection)
                    case "run": try importRun(value, into: &report, on: connection)
                    default: throw ExchangeFieldError("unknown record type \(type.map { "'\($0)'" } ?? "(none)")")
                    }
                } catch let error as ExchangeFieldError {
                    throw fail(error.message)
                }
            }
            guard sawHeader else { throw CacheError.malformedExport(line: 1, reason: "the file is empty") }
            return report
        }
    }

    /// Adds everything another cache holds that this one lacks: a union by key, in one transaction.
    ///
    /// Every blob read from `source` is proved against its hash first, so damage never spreads.
    public func merge(from source: CacheStore) throws(CacheError) -> ExchangeReport {
        guard source.path != path else { throw .invalidArgument("cannot merge \(path) into itself") }
        var lines: [String] = []
        try source.export { lines.append(String($0.dropLast())) }
        return try importExport(lines: lines)
    }

    // MARK: Records

    private func importInteraction(_ value: JSONValue, into report: inout ExchangeReport, on connection: SQLiteConnection)
        throws
    {
        let fields = ExchangeFields(value)
        let keyText = value["key"]?.stringValue
        let headers = try fields.object("headers").mapValues { value -> String in
            guard let text = value.stringValue else { throw ExchangeFieldError("headers must map names to strings") }
            return text
        }
        // A hand-made or foreign import file may carry secrets in its requests: they are redacted here as they are
        // when a call is recorded, and then the key is that of the redacted request.
        var original = value["request"].map { $0 == .null ? [] : $0.canonicalBytes } ?? []
        var body = value["request"].map { $0 == .null ? [] : options.redaction.redact($0).canonicalBytes } ?? []
        if let text = value["request_canonical"]?.stringValue {
            do {
                original = try JSONValue.canonicalizePreservingNames(Array(text.utf8))
                body = try JSONValue.canonicalizePreservingNames(Array(text.utf8), redaction: options.redaction)
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
            payload = .body(try Self.bytes(response, textName: "body", base64Name: "body_base64"))
        }
        let usage = try fields.object("usage")
        let interaction = Interaction(
            request: identity, model: value["model"]?.stringValue, status: try fields.int("status"),
            response: payload,
            responseHeaders: try fields.object("response_headers").compactMapValues(\.stringValue),
            usage: TokenUsage(json: .object(usage)),
            latencyMilliseconds: value["latency_ms"]?.doubleValue ?? 0,
            recordedAt: Date(), priceTableVersion: value["price_table_version"]?.stringValue)
        let recordedAt = try fields.string("recorded_at")
        let prepared = PreparedInteraction(interaction, redaction: options.redaction, recordedAt: recordedAt)
        switch try insert(prepared, policy: .keepExisting, on: connection) {
        case .inserted, .replaced: report.interactionsAdded += 1
        case .present: report.interactionsPresent += 1
        case .differing: report.interactionsDiffering += 1
        }
    }

    private func importExecution(_ value: JSONValue, into report: inout ExchangeReport, on connection: SQLiteConnection)
        throws
    {
        let fields = ExchangeFields(value)
        let key: CacheKey
        do { key = try CacheKey(parsing: try fields.string("key")) } catch let error as KeyFormatError {
            throw ExchangeFieldError("\(error)")
        }
        let execution = ExecutionRecord(
            key: key, runner: try fields.string("runner"),
            input: try Self.bytes(value.objectValue ?? [:], textName: "input", base64Name: "input_base64"),
            result: try Self.bytes(value.objectValue ?? [:], textName: "result", base64Name: "result_base64"),
            status: try fields.string("status"), durationMilliseconds: value["duration_ms"]?.doubleValue ?? 0,
            recordedAt: try fields.string("recorded_at"))
        if try insertExecution(execution, on: connection) { report.executionsAdded += 1 } else { report.executionsPresent += 1 }
    }

    private func importRun(_ value: JSONValue, into report: inout ExchangeReport, on connection: SQLiteConnection) throws {
        let run = try StoredRun(json: value)
        if try insertRun(run, on: connection) { report.runsAdded += 1 } else { report.runsPresent += 1 }
    }

    // MARK: Helpers

    static func textOrBase64(_ bytes: [UInt8], textName: String, base64Name: String) -> [String: JSONValue] {
        if let text = String(validating: bytes, as: UTF8.self) { return [textName: .string(text)] }
        return [base64Name: .string(Data(bytes).base64EncodedString())]
    }

    static func bytes(_ object: [String: JSONValue], textName: String, base64Name: String) throws -> [UInt8] {
        if let text = object[textName]?.stringValue { return Array(text.utf8) }
        if let encoded = object[base64Name]?.stringValue {
            guard let data = Data(base64Encoded: encoded) else { throw ExchangeFieldError("\(base64Name) is not base64") }
            return Array(data)
        }
        throw ExchangeFieldError("missing \(textName) (or \(base64Name))")
    }
}

/// A field of an export line that is missing or of the wrong type.
struct ExchangeFieldError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Typed access to an export line's members, with errors that name the member.
struct ExchangeFields {
    let value: JSONValue
    init(_ value: JSONValue) { self.value = value }

    func string(_ name: String) throws -> String {
        guard let text = value[name]?.stringValue else { throw ExchangeFieldError("missing or non-text '\(name)'") }
        return text
    }

    func int(_ name: String) throws -> Int {
        guard let number = value[name]?.intValue else { throw ExchangeFieldError("missing or non-integer '\(name)'") }
        return number
    }

    func object(_ name: String) throws -> [String: JSONValue] {
        guard let members = value[name]?.objectValue else { throw ExchangeFieldError("missing or non-object '\(name)'") }
        return members
    }
}

extension StreamEvent {
    var jsonValue: JSONValue {
        var members: [String: JSONValue] = ["data": .string(data), "t": .number(Double(offsetMicroseconds))]
        if let event { members["event"] = .string(event) }
        if let id { members["id"] = .string(id) }
        return .object(members)
    }

    init(json: JSONValue) throws {
        guard let data = json["data"]?.stringValue else { throw ExchangeFieldError("a stream event lacks 'data'") }
        self.init(event: json["event"]?.stringValue, data: data, id: json["id"]?.stringValue,
                  offsetMicroseconds: Int64(json["t"]?.doubleValue ?? 0))
    }
}
