import Sandbox
import Testing

@Suite struct ExecutionOutcomeTests {
    @Test func allPassedNeedsTestsAndNoLoadError() {
        #expect(!ExecutionOutcome(tests: []).allPassed)
        #expect(ExecutionOutcome(tests: [TestOutcome(index: 0, status: .pass)]).allPassed)
        #expect(!ExecutionOutcome(tests: [TestOutcome(index: 0, status: .pass), TestOutcome(index: 1, status: .fail)]).allPassed)
        #expect(!ExecutionOutcome(tests: [TestOutcome(index: 0, status: .pass)], loadError: "boom").allPassed)
        #expect(ExecutionOutcome(tests: [TestOutcome(index: 0, status: .pass), TestOutcome(index: 1, status: .timeout)]).passed == 1)
    }
}
