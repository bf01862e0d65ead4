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

    /// An empty report.
    public init() {}
}

extension CacheStore {
    /// Writes the whole cache as JSON Lines, one canonical JSON object a line, sorted by key, so that two exports
    /// can be reviewed and diffed. Request bodies appear as JSON, response bodies as text (or base64).
    /// - Parameter write: receives the output a line at a time, newline included.
    public func export(_ write: (String) throws -> Void) throws(CacheError) {
        try read { connection in
            try write(ExchangeFormat.header(schema: Schema.currentVersion))
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
                try write(try ExchangeFormat.interactionLine(
                    key: key, provider: s.string(1), model: s.optionalString(2), method: s.string(3),
                    endpoint: s.string(4), keyHeadersJSON: s.string(5), sampleIndex: s.int(6),
                    request: try loadBlob(id: s.int64(7), owner: owner, on: connection),
                    responseIsEvents: s.int64(8) == 1,
                    response: try loadBlob(id: s.int64(9), owner: owner, on: connection),
                    responseHeadersJSON: s.string(10), status: s.int(11),
                    usage: TokenUsage(input: s.optionalInt(12), cachedInput: s.optionalInt(13),
                                      cacheWrite: s.optionalInt(14), output: s.optionalInt(15),
                                      reasoning: s.optionalInt(16)),
                    latencyMilliseconds: s.double(17), recordedAt: s.string(18), priceTableVersion: s.optionalString(19)))
            }
            let executions = try connection.prepare("""
                SELECT key, runner, input_blob, result_blob, status, duration_ms, recorded_at FROM executions ORDER BY key
                """)
            defer { executions.finalize() }
            while try executions.step() {
                let s = executions
                let key = try CacheKey(digest: s.bytes(0))
                try write(ExchangeFormat.executionLine(ExecutionRecord(
                    key: key, runner: s.string(1),
                    input: try loadBlob(id: s.int64(2), owner: "execution \(key)", on: connection),
                    result: try loadBlob(id: s.int64(3), owner: "execution \(key)", on: connection),
                    status: s.string(4), durationMilliseconds: s.double(5), recordedAt: s.string(6))))
            }
            for run in try runs(on: connection) {
                try write(ExchangeFormat.runLine(run))
            }
        }
    }

    /// Adds what an export holds: a union by key, all in one transaction, so a bad line imports nothing.
    /// - Parameter lines: the export's lines, without their newlines.
    /// - Throws: `CacheError.malformedExport` naming the line.
    public func importExport(lines: some Sequence<String>) throws(CacheError) -> ExchangeReport {
        var iterator = lines.makeIterator()
        return try importExport(next: { iterator.next() })
    }

    /// `importExport(lines:)` over lines pulled one at a time; an error from `next` rolls everything back.
    func importExport(next: () throws -> String?) throws(CacheError) -> ExchangeReport {
        let redaction = options.redaction
        return try write { connection in
            var report = ExchangeReport()
            var reader = ExchangeReader(redaction: redaction)
            while let line = try next() {
                switch try reader.read(line) {
                case nil: continue
                case .interaction(let prepared):
                    switch try insert(prepared, policy: .keepExisting, on: connection) {
                    case .inserted, .replaced: report.interactionsAdded += 1
                    case .present: report.interactionsPresent += 1
                    case .differing: report.interactionsDiffering += 1
                    }
                case .execution(let execution):
                    if try insertExecution(execution, on: connection) { report.executionsAdded += 1 } else {
                        report.executionsPresent += 1
                    }
                case .run(let run):
                    if try insertRun(run, on: connection) { report.runsAdded += 1 } else { report.runsPresent += 1 }
                }
            }
            try reader.finish()
            return report
        }
    }

    /// Adds everything another cache holds that this one lacks: a union by key, in one transaction.
    ///
    /// Every blob read from `source` is proved against its hash first, so damage never spreads.
    /// The source's export streams into this file's import through a bounded queue, never held whole.
    public func merge(from source: CacheStore) throws(CacheError) -> ExchangeReport {
        guard source.path != path else { throw .invalidArgument("cannot merge \(path) into itself") }
        let queue = BlockingLineQueue()
        let producer = Thread {
            do {
                try source.export { try queue.put(String($0.dropLast())) }
                queue.finish()
            } catch {
                queue.finish(throwing: error)
            }
        }
        producer.start()
        do {
            return try importExport(next: { try queue.take() })
        } catch {
            queue.abandon()   // a producer waiting on a full queue stops
            throw error
        }
    }
}

/// A field of an export line that is missing or of the wrong type.
package struct ExchangeFieldError: Error {
    package let message: String
    package init(_ message: String) { self.message = message }
}

/// Typed access to an export line's members, with errors that name the member.
package struct ExchangeFields {
    package let value: JSONValue
    package init(_ value: JSONValue) { self.value = value }

    package func string(_ name: String) throws -> String {
        guard let text = value[name]?.stringValue else { throw ExchangeFieldError("missing or non-text '\(name)'") }
        return text
    }

    package func int(_ name: String) throws -> Int {
        guard let number = value[name]?.intValue else { throw ExchangeFieldError("missing or non-integer '\(name)'") }
        return number
    }

    package func object(_ name: String) throws -> [String: JSONValue] {
        guard let members = value[name]?.objectValue else { throw ExchangeFieldError("missing or non-object '\(name)'") }
        return members
    }
}

extension StreamEvent {
    package var jsonValue: JSONValue {
        var members: [String: JSONValue] = ["data": .string(data), "t": .number(Double(offsetMicroseconds))]
        if let event { members["event"] = .string(event) }
        if let id { members["id"] = .string(id) }
        return .object(members)
    }

    package init(json: JSONValue) throws {
        guard let data = json["data"]?.stringValue else { throw ExchangeFieldError("a stream event lacks 'data'") }
        self.init(event: json["event"]?.stringValue, data: data, id: json["id"]?.stringValue,
                  offsetMicroseconds: Int64(json["t"]?.doubleValue ?? 0))
    }
}
