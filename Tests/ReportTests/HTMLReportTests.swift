import Engine
import Foundation
import Recorder
import Report
import Testing
import TestSupport
import TestTraits

/// The HTML report, rendered from stored runs and opened in a real browser (Debian's headless Chromium).
@Suite("HTML report", .serialized, .heavy)
struct HTMLReportTests {
    let directory = TemporaryDirectory("html-report")

    /// The 10-task fixture's two runs (self-align and direct), read from a copy of the fixture cache.
    private func fixturePage() async throws -> ReportPage {
        let copy = directory.path("run-cache.sqlite")
        if !FileManager.default.fileExists(atPath: copy) {
            try FileManager.default.copyItem(atPath: fixturePath("run-cache.sqlite"), toPath: copy)
        }
        let store = try CacheStore(path: copy, options: .existingOnly)
        let runs = try store.runs()
        #expect(runs.count == 2)
        return try await ReportPage(runs: runs, store: store, table: .builtIn, alignVersion: "test")
    }

    private func write(_ html: String, _ name: String) throws -> String {
        let path = directory.path(name)
        try Data(html.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func fixtureReportRendersInChromium() async throws {
        let page = try await fixturePage()
        let html = HTMLReport.render(page)
        #expect(HTMLReport.render(try await fixturePage()) == html, "the same runs give the same bytes")
        let path = try write(html, "fixture.html")
        let loaded = try await HeadlessChromium.open(path, script: """
            (() => { location.hash = '#task=0';
              const shown = document.getElementById('filter-count').textContent;
              const outcome = document.getElementById('filter-outcome');
              outcome.value = 'false-alignment';
              outcome.dispatchEvent(new Event('change'));
              const falselyAligned = [...document.querySelectorAll('#task-grid tbody tr')].filter(r => !r.hidden)
                .map(r => r.querySelector('th').textContent);
              return new Promise(done => setTimeout(() => done({
                detail: document.getElementById('detail').innerText,
                codeBlocks: document.querySelectorAll('#detail pre.code').length,
                shown: shown, filtered: document.getElementById('filter-count').textContent,
                falselyAligned: falselyAligned }), 50)); })()
            """)
        #expect(loaded.errors.isEmpty, "console: \(loaded.errors)")
        #expect(loaded.dom.contains(#"data-ready="true""#), "the script ran to its end")
        for chart in ["chart-by-try", "chart-validity", "chart-cost"] {
            #expect(loaded.dom.contains(#"<figure id="\#(chart)" class="figure"><svg"#) || loaded.dom.contains(#"<figure id="\#(chart)" class="figure"><div class="panels"><svg"#),
                    "chart \(chart)")
        }
        for index in 0..<10 {
            #expect(loaded.dom.contains(##"<th><a href="#task=\##(index)">HumanEval/\##(index)</a></th>"##))
        }
        #expect(loaded.dom.components(separatedBy: "<tr data-index=").count - 1 == 10)
        // The numbers as text: the self-align run's 8 aligned, 9 correct, 1 false alignment (README).
        #expect(loaded.dom.contains("8/10 (80.0%)") && loaded.dom.contains("9/10 (90.0%)"))
        #expect(loaded.dom.contains("strategy=self-align tests=min 3 tries=5 judge=off · aligned after try 5: 8/10 (80.0%)"))
        // The comparison's 95% Wilson intervals, as `align compare` prints them: 9/10 correct is [59.6, 98.2].
        #expect(loaded.dom.contains("9/10 (90.0%) [59.6, 98.2]"))
        let script = try #require(loaded.scriptResult)
        #expect(script["shown"]?.stringValue == "10 of 10 tasks shown")
        // The filter: the one falsely aligned task of the self-align run, as its result says.
        let falselyAligned = page.runs[0].tasks.filter { $0.outcome == .falseAlignment }.map(\.result.taskID)
        #expect(falselyAligned.count == 1)
        #expect(script["filtered"]?.stringValue == "1 of 10 tasks shown")
        #expect(script["falselyAligned"]?.arrayValue?.compactMap(\.stringValue) == falselyAligned)
        #expect(script["detail"]?.stringValue?.contains("Task detail: HumanEval/0") == true)
        #expect(script["detail"]?.stringValue?.contains("has_close_elements") == true)
        #expect((script["codeBlocks"]?.intValue ?? 0) >= 2)

        let image = try PNGImage(loaded.screenshot)
        #expect(image.width == 1280 && image.height >= 600, "the viewport: \(image.width)×\(image.height)")
        #expect(image.shareUnlikeBackground > 0.03, "the screenshot shows something")
        #expect(image.colourCount > 50)
    }

    @Test func markupInCodeAndMessagesIsShownAsTextAndRunsNothing() async throws {
        let payload = #"</script><img src=x onerror="document.documentElement.setAttribute('data-pwned','1')"><!--"#
        let store = try CacheStore(path: directory.path("hostile.sqlite"))
        let request = try sampleRequest(marker: "hostile")
        let arguments = JSONValue.object(["code": .string("def f():\n    return '\(payload)'\n")]).canonicalString
        let answer: JSONValue = ["choices": [["index": 0, "finish_reason": "tool_calls", "message": [
            "role": "assistant", "content": .null,
            "tool_calls": [["id": "c1", "type": "function", "function": ["name": "write_code", "arguments": .string(arguments)]]],
        ]]], "model": "gpt-4o-mini", "usage": ["prompt_tokens": 10, "completion_tokens": 20]]
        _ = try store.record(sampleInteraction(request, response: Array(answer.canonicalString.utf8)))
        let task = "Hostile/\(payload)"
        var result = TaskResult(taskID: task)
        result.aligned = true
        result.alignedAtTry = 1
        result.totalTests = 1
        result.tries = 1
        result.correctByTry = [false]
        result.inputTokens = 10
        result.outputTokens = 20
        result.modelCalls = 1
        result.finalCode = "def f():\n    return '\(payload)'\n"
        result.finalTests = ["assert f() == '\(payload)'"]
        result.error = "provider said \(payload)"
        let configuration = RunConfiguration(
            tasksPath: "tasks \(payload).jsonl", tasksDigest: "00", taskIDs: [task], provider: .openAI, logPath: nil,
            baseURL: nil, loop: LoopConfiguration(tries: 1, settings: ModelSettings(model: payload)), formatModel: nil, jobs: 1)
        let run = StoredRun(
            runID: "run-hostile", createdAt: "2026-12-01T00:00:00.000Z", status: .finished, config: configuration.json,
            events: [
                RunEvent(sequence: 1, kind: .modelCall, taskID: task, tryNumber: 1, payload: [
                    "phase": "code", "key": .string(request.key.description), "source": "live", "provider": "openai",
                    "model": .string(payload), "usage": ["input": 10, "output": 20]]),
                RunEvent(sequence: 2, kind: .tryResult, taskID: task, tryNumber: 1,
                         payload: ["aligned": true, "format_error": .string(payload)]),
                RunEvent(sequence: 3, kind: .taskResult, taskID: task, payload: result.json),
            ])
        try store.recordRun(run)
        let page = try await ReportPage(runs: [try #require(try store.run("run-hostile"))], store: store, table: .builtIn,
                                        alignVersion: "test", title: "title \(payload)")
        let html = HTMLReport.render(page)
        #expect(!html.contains("<img"), "no markup from the data reaches the page unescaped")
        #expect(!html.contains("</script><img"))
        #expect(html.components(separatedBy: "</script>").count - 1 == 2, "only the page's own two scripts end")

        let loaded = try await HeadlessChromium.open(try write(html, "hostile.html"), script: """
            (() => { location.hash = '#task=0';
              return new Promise(done => setTimeout(() => done({
                images: document.querySelectorAll('img').length,
                scripts: document.querySelectorAll('script').length,
                pwned: document.documentElement.getAttribute('data-pwned'),
                detail: document.getElementById('detail').textContent,
                data: JSON.parse(document.getElementById('report-data').textContent).texts }), 100)); })()
            """)
        #expect(loaded.errors.isEmpty, "console: \(loaded.errors)")
        let script = try #require(loaded.scriptResult)
        #expect(script["images"]?.intValue == 0)
        #expect(script["scripts"]?.intValue == 2)
        #expect(script["pwned"] == .null)
        let detail = try #require(script["detail"]?.stringValue)
        #expect(detail.contains("return '\(payload)'"), "the code is shown, as text")
        #expect(detail.contains("format error: \(payload)"))
        #expect(detail.contains("error: provider said \(payload)"))
        #expect(script["data"]?.arrayValue?.contains(.string("def f():\n    return '\(payload)'\n")) == true,
                "the data island parses back to the exact text")
        #expect(loaded.dom.contains("Hostile/&lt;/script&gt;&lt;img src=x"), "the task id is shown as text in the grid")
    }

    /// The browser checks above can fail: a page with a console error, an uncaught exception and a blocked request
    /// shows all three, and a blank page's screenshot is blank.
    @Test func browserHelperSeesErrorsAndBlankPages() async throws {
        let broken = try write("""
            <!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'"></head>
            <body><img src="https://example.invalid/x.png"><script>console.error('boom'); undefinedFunction();</script></body></html>
            """, "broken.html")
        let page = try await HeadlessChromium.open(broken)
        #expect(page.errors.contains { $0.contains("console.error: boom") }, "\(page.errors)")
        #expect(page.errors.contains { $0.contains("undefinedFunction") }, "\(page.errors)")
        #expect(page.errors.contains { $0.contains("Content Security Policy") || $0.contains("example.invalid") }, "\(page.errors)")
        let blank = try await HeadlessChromium.open(try write("<!DOCTYPE html><html><body></body></html>", "blank.html"))
        #expect(blank.errors.isEmpty)
        let image = try PNGImage(blank.screenshot)
        #expect(image.shareUnlikeBackground == 0 && image.colourCount == 1)
    }
}
