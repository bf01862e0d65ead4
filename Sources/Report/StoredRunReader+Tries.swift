import Engine
import Recorder
import Replay

extension StoredRunReader {
    /// A task's events as tries, then the scoring after the loop (try 0): hidden tests and validity.
    func tries(of events: [RunEvent]) async throws -> [ReportPage.Try] {
        var tries: [Int: ReportPage.Try] = [:]
        func entry(_ number: Int) -> ReportPage.Try {
            tries[number] ?? ReportPage.Try(number: number, calls: [], executions: [], result: nil)
        }
        for event in events {
            if let payload = try event.read(ModelCallEvent.self) {
                let number = event.tryNumber ?? 0
                var slot = entry(number)
                slot.calls.append(call(payload))
                tries[number] = slot
            } else if let payload = try event.read(ExecutionEvent.self) {
                let scoring = payload.purpose.isScoring || event.tryNumber == nil
                let number = scoring ? 0 : event.tryNumber ?? 0
                var slot = entry(number)
                slot.executions.append(await execution(payload, tryNumber: event.tryNumber))
                tries[number] = slot
            } else if try event.read(TryResultEvent.self) != nil {
                let number = event.tryNumber ?? 0
                var slot = entry(number)
                // As stored: the page shows the members the run wrote.
                slot.result = event.payload
                tries[number] = slot
            }
        }
        // The loop's tries in order, then the scoring.
        return tries.keys.sorted { ($0 == 0 ? Int.max : $0) < ($1 == 0 ? Int.max : $1) }.compactMap { tries[$0] }
    }

    private func call(_ payload: ModelCallEvent) -> ReportPage.Call {
        var call = ReportPage.Call(phase: payload.phase.rawValue, key: payload.key, source: payload.source.rawValue,
                                   model: payload.model, usage: payload.usage)
        guard let stored = answers[payload.key] else { return call }
        let message = Self.message(stored.response)
        call.text = message.text.isEmpty ? nil : message.text
        guard let arguments = message.toolCalls.first.flatMap({ try? JSONValue(parsing: $0.arguments) }) else {
            if call.text == nil, let first = message.toolCalls.first { call.text = first.arguments }
            return call
        }
        if let code = arguments["code"]?.stringValue { call.code = code }
        if let tests = arguments["tests"]?.arrayValue { call.tests = tests.map { $0.stringValue ?? $0.canonicalString } }
        if let verdicts = arguments["verdicts"]?.arrayValue {
            call.verdicts = verdicts.map { verdict in
                ReportPage.PageVerdict(test: verdict["test"]?.intValue ?? 0, wrong: verdict["wrong"]?.stringValue ?? "?",
                                   reason: verdict["reason"]?.stringValue ?? "")
            }
        }
        if call.code == nil && call.tests == nil && call.verdicts == nil { call.text = arguments.canonicalString }
        return call
    }

    private func execution(_ payload: ExecutionEvent, tryNumber: Int?) async -> ReportPage.PageExecution {
        var execution = ReportPage.PageExecution(
            purpose: payload.purpose.rawValue, tryNumber: tryNumber, key: payload.key, source: payload.source.rawValue,
            passed: payload.passed, total: payload.total, loadError: nil, tests: [])
        guard let parsed = try? CacheKey(parsing: payload.key), let record = try? await store.execution(parsed),
              let result = try? JSONValue(parsing: record.result)
        else { return execution }
        let texts = (try? JSONValue(parsing: record.input))?["tests"]?.arrayValue?.map { $0.stringValue } ?? []
        execution.loadError = result["load_error"]?.stringValue
        execution.tests = (result["tests"]?.arrayValue ?? []).map { test in
            let index = test["index"]?.intValue ?? -1
            return ReportPage.TestRun(text: texts.indices.contains(index) ? texts[index] : nil,
                                      status: test["status"]?.stringValue ?? "?",
                                      message: test["message"]?.stringValue ?? "")
        }
        return execution
    }

    /// The assistant message of a stored answer, OpenAI or Anthropic, whole or streamed.
    static func message(_ response: ResponsePayload) -> ChatMessageAssembly {
        // Replay's wire formats read it, as they read it for the loop and the proxy: OpenAI answers and chunks carry
        // `choices`, Anthropic's do not.
        switch response {
        case .body(let bytes):
            guard let json = try? JSONValue(parsing: bytes) else { return ChatMessageAssembly() }
            let format: any ChatWireFormat = json["choices"] != nil ? OpenAIWire() : AnthropicWire()
            return format.decode(body: bytes)?.message ?? ChatMessageAssembly()
        case .events(let events):
            let openAI = events.contains { event in
                event.data != "[DONE]" && (try? JSONValue(parsing: event.data))?["choices"] != nil
            }
            let format: any ChatWireFormat = openAI ? OpenAIWire() : AnthropicWire()
            return format.decode(events: events).message
        }
    }
}
