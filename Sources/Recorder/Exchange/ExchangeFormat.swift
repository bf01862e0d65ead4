import Foundation

/// The export format's lines, written the same way by every backend so that equal caches export equal bytes.
package enum ExchangeFormat {
    /// The first line's `format`.
    package static let name = "selfalign-cache-export"
    /// The newest format version this build writes and reads.
    package static let version = 1

    /// The header line, newline included.
    package static func header(schema: Int) -> String {
        JSONValue.object([
            "type": .string("header"), "format": .string(name), "version": .number(Double(version)),
            "schema": .number(Double(schema)),
        ]).canonicalString + "\n"
    }

    /// One interaction's line, newline included, from its stored columns and its proved bodies.
    package static func interactionLine(
        key: CacheKey, provider: String, model: String?, method: String, endpoint: String, keyHeadersJSON: String,
        sampleIndex: Int, request: [UInt8], responseIsEvents: Bool, response: [UInt8], responseHeadersJSON: String,
        status: Int, usage: TokenUsage, latencyMilliseconds: Double, recordedAt: String, priceTableVersion: String?
    ) throws -> String {
        var responseValue: [String: JSONValue]
        if responseIsEvents {
            responseValue = ["events": .array(try StreamEvent.decode(response).map(\.jsonValue))]
        } else {
            responseValue = textOrBase64(response, textName: "body", base64Name: "body_base64")
        }
        var usageValue: [String: JSONValue] = [:]
        for (name, count) in [("input", usage.input), ("cached_input", usage.cachedInput),
                              ("cache_write", usage.cacheWrite), ("output", usage.output),
                              ("reasoning", usage.reasoning)] {
            if let count { usageValue[name] = .number(Double(count)) }
        }
        // A body whose member names differ only in Unicode normalisation has no `JSONValue`: it is carried as its
        // canonical text instead (`request_canonical`), so the export loses nothing.
        var requestValue: JSONValue = .null
        var requestText: String?
        if !request.isEmpty {
            do {
                requestValue = try JSONValue(parsing: request)
            } catch {
                guard (error as? JSONParseError)?.kind == .duplicateMemberName else { throw error }
                requestText = String(decoding: request, as: UTF8.self)
            }
        }
        var line: [String: JSONValue] = [
            "type": .string("interaction"), "key": .string(key.description),
            "provider": .string(provider), "model": model.map(JSONValue.string) ?? .null,
            "method": .string(method), "endpoint": .string(endpoint),
            "headers": try JSONValue(parsing: keyHeadersJSON), "sample": .number(Double(sampleIndex)),
            "request": requestValue,
            "response": .object(responseValue),
            "response_headers": try JSONValue(parsing: responseHeadersJSON), "status": .number(Double(status)),
            "usage": .object(usageValue), "latency_ms": .number(latencyMilliseconds), "recorded_at": .string(recordedAt),
            "price_table_version": priceTableVersion.map(JSONValue.string) ?? .null,
        ]
        if let requestText { line["request_canonical"] = .string(requestText) }
        return JSONValue.object(line).canonicalString + "\n"
    }

    /// One execution's line, newline included.
    package static func executionLine(_ execution: ExecutionRecord) -> String {
        var line: [String: JSONValue] = [
            "type": .string("execution"), "key": .string(execution.key.description),
            "runner": .string(execution.runner), "status": .string(execution.status),
            "duration_ms": .number(execution.durationMilliseconds), "recorded_at": .string(execution.recordedAt),
        ]
        line.merge(textOrBase64(execution.input, textName: "input", base64Name: "input_base64")) { $1 }
        line.merge(textOrBase64(execution.result, textName: "result", base64Name: "result_base64")) { $1 }
        return JSONValue.object(line).canonicalString + "\n"
    }

    /// One run's line, newline included.
    package static func runLine(_ run: StoredRun) -> String {
        run.jsonValue.canonicalString + "\n"
    }

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
