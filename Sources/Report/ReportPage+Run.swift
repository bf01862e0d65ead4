import Engine
import Recorder

extension ReportPage {
    /// One run on the page: its configuration, its numbers, its costs and every task.
    public struct PageRun: Sendable, Equatable {
        /// The run's id and a short label for legends (`self-align`, `direct`, or what the sweep calls it).
        public var id: String
        public var label: String
        /// `finished`, `running`, `failed`; when it started and ended.
        public var status: String
        public var createdAt: String
        public var finishedAt: String?
        /// The configuration as shown: name and value, in order (strategy, provider, model, tries, …).
        public var settings: [Setting]
        /// The task file and its SHA-256, as the run stored them.
        public var taskFile: String
        public var taskFileSHA256: String
        /// The sandbox protections the run recorded, or nil when it recorded none.
        public var sandbox: String?
        /// The run's try budget (1 for a direct run).
        public var budget: Int
        /// Whether alignment means anything for this run's strategy (not for `direct`).
        public var aligns: Bool
        /// The run's numbers.
        public var summary: RunSummary
        /// Rates with intervals, by measure name (`aligned`, `correct`, …), where the comparison computes them.
        public var intervals: [String: Interval]
        /// The run's row of the comparison (`align compare`): paired test against the baseline, costs.
        public var compared: Compared?
        /// Model calls recorded live by this run and served from the cache; executions likewise.
        public var liveCalls: Int
        public var cachedCalls: Int
        public var liveExecutions: Int
        public var cachedExecutions: Int
        /// Cost cells: one per try and phase that made calls.
        public var costs: [CostCell]
        /// Calls that could not be priced (left out of every dollar sum).
        public var unpricedCalls: Int
        /// Every task's outcome and detail, in the run's task order.
        public var tasks: [TaskEntry]
    }

    /// A run as `align compare` sees it beside the others.
    public struct Compared: Sendable, Equatable {
        /// True for the run the others are tested against.
        public var isBaseline: Bool
        /// Against the baseline: correct tasks gained (may be negative), the exact McNemar p-value and the pairs.
        public var correctGained: Int?
        public var pValue: Double?
        public var pairs: Int?
        /// All calls at their own prices (or the named model's), per correct task, per correct task gained.
        public var cost: Money?
        public var costPerCorrect: Money?
        public var marginalCostPerCorrectGained: Money?
        /// pass@k by k, for sampling strategies.
        public var passAtK: [Int: Double]
        /// The row exactly as `align compare --json` prints it.
        public var row: JSONValue
    }

    /// One line of a run's configuration.
    public struct Setting: Sendable, Equatable {
        public var name: String
        public var value: String
        /// Builds a line.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// What the calls of one phase in one try cost (try 0: calls outside any try).
    public struct CostCell: Sendable, Equatable {
        public var tryNumber: Int
        public var phase: String
        public var calls: Int
        public var inputTokens: Int
        public var outputTokens: Int
        /// Dollars of the priced calls (spent live or saved by the cache alike: what the calls cost when made).
        public var dollars: Money
        /// Calls of the cell that could not be priced.
        public var unpriced: Int

        /// Builds a cell.
        public init(tryNumber: Int, phase: String, calls: Int = 0, inputTokens: Int = 0, outputTokens: Int = 0,
                    dollars: Money = .zero, unpriced: Int = 0)
        {
            self.tryNumber = tryNumber
            self.phase = phase
            self.calls = calls
            self.inputTokens = inputTokens
            self.outputTokens = outputTokens
            self.dollars = dollars
            self.unpriced = unpriced
        }
    }

    /// One task of one run: its result, and each try's calls and executions.
    public struct TaskEntry: Sendable, Equatable {
        public var result: TaskResult
        public var outcome: Outcome
        /// The tries in order, then (as try 0) what ran after the loop: the hidden tests and the validity check.
        public var tries: [Try]
        /// Dollars of the task's priced calls.
        public var dollars: Money

        /// Builds an entry.
        public init(result: TaskResult, outcome: Outcome, tries: [Try], dollars: Money) {
            self.result = result
            self.outcome = outcome
            self.tries = tries
            self.dollars = dollars
        }
    }

    /// One try: the calls, the executions and its verdict.
    public struct Try: Sendable, Equatable {
        /// From 1; 0 for the scoring after the loop.
        public var number: Int
        public var calls: [Call]
        public var executions: [PageExecution]
        /// The `try_result` payload (aligned, passed, total, blamed, format error), nil for scoring.
        public var result: JSONValue?
    }

    /// One model call, with what it answered.
    public struct Call: Sendable, Equatable {
        public var phase: String
        public var key: String
        /// `live` or `cache`.
        public var source: String
        public var model: String
        public var usage: TokenUsage
        /// The program written (code phase), the tests written (tests phase), the verdicts (judge phase), or the
        /// answer's text, read from the stored answer; nil when the cache no longer holds it.
        public var code: String?
        public var tests: [String]?
        public var verdicts: [PageVerdict]?
        public var text: String?
    }

    /// A judge's verdict on one failing test.
    public struct PageVerdict: Sendable, Equatable {
        public var test: Int
        public var wrong: String
        public var reason: String
    }

    /// One sandbox execution, with each test's outcome.
    public struct PageExecution: Sendable, Equatable {
        /// `format`, `own_tests`, `hidden_tests`, `validity`.
        public var purpose: String
        /// The try whose code it ran (hidden tests run after the loop, on the code of the try named here).
        public var tryNumber: Int?
        public var key: String
        public var source: String
        public var passed: Int
        public var total: Int
        /// Why the code could not be loaded, if it could not.
        public var loadError: String?
        /// Each test: its text (when the execution stored it), status and message.
        public var tests: [TestRun]
    }

    /// One test in an execution.
    public struct TestRun: Sendable, Equatable {
        public var text: String?
        /// `pass`, `fail`, `error`, `timeout`.
        public var status: String
        public var message: String
    }

    /// The sweep the page shows, when every run is a cell of the same one.
    public struct Sweep: Sendable, Equatable {
        /// The sweep's id.
        public var id: String
        /// Each cell's label (`strategy=codet tests=3`), in the order of `runs`.
        public var cells: [String]

        /// Builds a sweep.
        public init(id: String, cells: [String]) {
            self.id = id
            self.cells = cells
        }
    }
}
