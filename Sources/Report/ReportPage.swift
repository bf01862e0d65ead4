import Engine
import Recorder

/// Everything the HTML report shows, and nothing it computes: the renderer draws this value and only this value.
///
/// It is filled from stored runs and their events (`ReportPage(runs:store:…)`), so its source can change (to the
/// experiment report model, say) without touching the renderer.
public struct ReportPage: Sendable, Equatable {
    /// The page's title.
    public var title: String
    /// Where the numbers come from.
    public var provenance: Provenance
    /// The runs, in the order they were named.
    public var runs: [PageRun]
    /// Every task of any run, in the first run's order (then each later run's new tasks).
    public var taskIDs: [String]
    /// The sweep, when every run is a cell of one.
    public var sweep: Sweep?

    /// Builds a page.
    public init(title: String, provenance: Provenance, runs: [PageRun], taskIDs: [String], sweep: Sweep? = nil) {
        self.title = title
        self.provenance = provenance
        self.runs = runs
        self.taskIDs = taskIDs
        self.sweep = sweep
    }

    /// Where the page's numbers come from.
    public struct Provenance: Sendable, Equatable {
        /// The `align` version that made the page.
        public var alignVersion: String
        /// The cache file the runs were read from.
        public var cacheFile: String
        /// Price table versions: the one that priced the page, and those stored with the runs' recorded calls.
        public var pricedWith: String
        public var recordedWith: [String]
        /// The model whose prices the costs use instead of each call's own, when asked.
        public var repricedAs: String?

        /// Builds provenance.
        public init(alignVersion: String, cacheFile: String, pricedWith: String, recordedWith: [String],
                    repricedAs: String? = nil)
        {
            self.alignVersion = alignVersion
            self.cacheFile = cacheFile
            self.pricedWith = pricedWith
            self.recordedWith = recordedWith
            self.repricedAs = repricedAs
        }
    }

    /// The outcome of one task in one run, as the grid colours it.
    public enum Outcome: String, Sendable, Equatable, CaseIterable {
        case alignedCorrect = "aligned-correct"
        case falseAlignment = "false-alignment"
        case correctUnaligned = "correct-unaligned"
        case neither
        case error

        /// The words a legend and a cell's title use.
        public var label: String {
            switch self {
            case .alignedCorrect: "aligned and correct"
            case .falseAlignment: "false alignment (aligned, not correct)"
            case .correctUnaligned: "correct without aligning"
            case .neither: "neither aligned nor correct"
            case .error: "error (not run to the end)"
            }
        }

        /// A short mark, so the grid reads without colour.
        public var mark: String {
            switch self {
            case .alignedCorrect: "✔"
            case .falseAlignment: "✘!"
            case .correctUnaligned: "✔·"
            case .neither: "–"
            case .error: "E"
            }
        }
    }

    /// A rate with its interval, where the compare command computes one.
    public struct Interval: Sendable, Equatable {
        public var low: Double
        public var high: Double
        /// Builds an interval.
        public init(low: Double, high: Double) {
            self.low = low
            self.high = high
        }
    }
}
