@testable import Sandbox
import Testing

/// Reading the harness's stdout: only nonce-marked records count, and a missing record is never a pass.
@Suite struct HarnessReportTests {
    let nonce = "0123456789abcdef0123456789abcdef"

    func report(_ lines: [String]) -> HarnessReport {
        HarnessReport(output: Array(lines.joined(separator: "\n").utf8), nonce: nonce)
    }

    @Test func onlyRecordsWithTheNonceCountAndTheFirstForAnIndexWins() {
        let parsed = report([
            "\(nonce) {\"type\": \"python\", \"version\": \"3.11.2\"}",
            "ffffffffffffffffffffffffffffffff {\"type\": \"test\", \"index\": 1, \"status\": \"pass\", \"message\": \"\"}",
            "{\"type\": \"test\", \"index\": 1, \"status\": \"pass\", \"message\": \"\"}",
            "\(nonce) {\"type\": \"loaded\"}",
            "\(nonce) {\"type\": \"test\", \"index\": 0, \"status\": \"fail\", \"message\": \"AssertionError\"}",
            "\(nonce) {\"type\": \"test\", \"index\": 0, \"status\": \"pass\", \"message\": \"\"}",
            "\(nonce)x {\"type\": \"test\", \"index\": 2, \"status\": \"pass\", \"message\": \"\"}",
            "\(nonce) not json",
        ])
        #expect(parsed.pythonVersion == "3.11.2")
        let outcome = parsed.outcome(count: 3, kind: .tests, executionTimedOut: false, limit: 60)
        #expect(outcome.loadError == nil)
        #expect(outcome.tests == [TestOutcome(index: 0, status: .fail, message: "AssertionError"),
                                  TestOutcome(index: 1, status: .error, message: "exited without a result"),
                                  TestOutcome(index: 2, status: .error, message: "exited without a result")])
    }

    @Test func endingBeforeTheCodeLoadedIsALoadErrorButNotAfter() {
        let python = "\(nonce) {\"type\": \"python\", \"version\": \"3.11.2\"}"
        let beforeLoad = report([python]).outcome(count: 2, kind: .tests, executionTimedOut: true, limit: 1.5)
        #expect(beforeLoad.loadError == "the execution exceeded its 1.5 s limit")
        #expect(beforeLoad.tests.map(\.status) == [.timeout, .timeout])
        #expect(beforeLoad.statusWord == "timeout")

        let hungAtLoad = report([python, "\(nonce) {\"type\": \"load\", \"status\": \"timeout\", \"message\": \"exceeded the 5 s CPU time limit\"}"])
            .outcome(count: 2, kind: .tests, executionTimedOut: false, limit: 60)
        #expect(hungAtLoad.tests.map(\.status) == [.timeout, .timeout])
        #expect(hungAtLoad.statusWord == "timeout")

        let afterLoad = report([python, "\(nonce) {\"type\": \"loaded\"}"])
            .outcome(count: 2, kind: .tests, executionTimedOut: true, limit: 1.5)
        #expect(afterLoad.loadError == nil)
        #expect(afterLoad.tests.map(\.status) == [.timeout, .timeout])

        let syntax = report([python]).outcome(count: 2, kind: .syntax, executionTimedOut: false, limit: 60)
        #expect(syntax.loadError == nil)
        #expect(syntax.tests.map(\.status) == [.error, .error])
    }
}
