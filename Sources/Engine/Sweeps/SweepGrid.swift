/// The levels a sweep varies (`--grid 'strategy=direct,codet' --grid 'tests=1,3,5'`) and the cells they make.
public struct SweepGrid: Sendable, Equatable {
    /// A variable a grid can set.
    public enum Dimension: String, Sendable, CaseIterable {
        case strategy, tests, tries, judge, samples
        case testSamples = "test-samples"

        /// Whether `strategy` uses this variable (a cell setting one it does not use is the same as another cell).
        func applies(to strategy: LoopConfiguration.Strategy) -> Bool {
            switch self {
            case .strategy: true
            case .tests: strategy.usesTests
            case .tries, .judge: strategy.usesTries
            case .samples: strategy.usesSamples
            case .testSamples: strategy == .codet
            }
        }
    }

    /// The dimensions in the order given (the first varies slowest), each with its values.
    public var axes: [(dimension: Dimension, values: [String])]

    /// Reads `--grid` arguments: `name=v1,v2,…` each.
    /// - Throws: `RunConfigurationError` for an unknown name, a value that is not one of the name's, or a name given twice.
    public init(_ arguments: [String]) throws {
        axes = []
        for argument in arguments {
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            let names = Dimension.allCases.map(\.rawValue).joined(separator: ", ")
            guard parts.count == 2, let dimension = Dimension(rawValue: parts[0].trimmingCharacters(in: .whitespaces)) else {
                throw RunConfigurationError("a grid is NAME=V1,V2,… with NAME one of \(names); got '\(argument)'")
            }
            guard !axes.contains(where: { $0.dimension == dimension }) else {
                throw RunConfigurationError("the grid sets \(dimension.rawValue) twice")
            }
            let values = parts[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard !values.isEmpty else { throw RunConfigurationError("the grid gives \(dimension.rawValue) no values") }
            for value in values { _ = try Self.apply(dimension, value, to: nil) }
            axes.append((dimension, values))
        }
    }

    public static func == (lhs: SweepGrid, rhs: SweepGrid) -> Bool {
        lhs.axes.map(\.dimension) == rhs.axes.map(\.dimension) && lhs.axes.map(\.values) == rhs.axes.map(\.values)
    }

    /// A cell of the grid: its label and configuration, or why it is skipped.
    public struct Cell: Sendable {
        /// `strategy=codet tests=3`: the levels the cell sets that its strategy uses.
        public var label: String
        /// The configuration the cell runs (tagged with the sweep and the label).
        public var configuration: RunConfiguration
        /// Set when the cell is the same run as an earlier one, since its strategy ignores a level it sets.
        public var skipped: String?
    }

    /// Every combination of the levels over `base`, in grid order. A level a strategy does not use is reset to the
    /// base's; a cell that comes out the same as an earlier one is skipped, saying why.
    public func cells(over base: RunConfiguration, sweepID: String) throws -> [Cell] {
        var combinations: [[(Dimension, String)]] = [[]]
        for axis in axes {
            combinations = combinations.flatMap { prefix in axis.values.map { prefix + [(axis.dimension, $0)] } }
        }
        var cells: [Cell] = []
        var seen: [String: String] = [:]        // configuration → the label of the cell that runs it
        for combination in combinations {
            var configuration = base
            for (dimension, value) in combination {
                configuration = try Self.apply(dimension, value, to: configuration)!
            }
            let strategy = configuration.loop.strategy
            var ignored: [String] = []
            var parts: [String] = []
            for (dimension, value) in combination {
                if dimension.applies(to: strategy) {
                    parts.append("\(dimension.rawValue)=\(value)")
                } else {
                    ignored.append("\(dimension.rawValue)=\(value)")
                    configuration = try Self.apply(dimension, nil, to: configuration, base: base)!
                }
            }
            let label = parts.joined(separator: " ")
            configuration.sweepID = sweepID
            configuration.cell = label
            var key = configuration
            key.cell = nil
            let identity = key.json.canonicalString
            if let earlier = seen[identity] {
                cells.append(Cell(label: combination.map { "\($0.0.rawValue)=\($0.1)" }.joined(separator: " "),
                                  configuration: configuration,
                                  skipped: "\(strategy.rawValue) does not use \(ignored.joined(separator: ", ")): the same run as cell '\(earlier)'"))
            } else {
                seen[identity] = label
                cells.append(Cell(label: label, configuration: configuration, skipped: nil))
            }
        }
        return cells
    }

    /// `configuration` with `dimension` set to `value` (nil: reset to `base`'s); with a nil configuration, only
    /// checks the value (so every value is checked before it is assigned: optional chaining would skip it).
    static func apply(_ dimension: Dimension, _ value: String?, to configuration: RunConfiguration?,
                      base: RunConfiguration? = nil) throws -> RunConfiguration?
    {
        func positive(_ text: String) throws -> Int {
            guard let number = Int(text), number >= 1 else {
                throw RunConfigurationError("the grid's \(dimension.rawValue) takes positive whole numbers; got '\(text)'")
            }
            return number
        }
        var result = configuration
        switch dimension {
        case .strategy:
            if let value {
                guard let strategy = LoopConfiguration.Strategy(rawValue: value) else {
                    throw RunConfigurationError("the grid's strategy takes \(LoopConfiguration.Strategy.allCases.map(\.rawValue).joined(separator: ", ")); got '\(value)'")
                }
                result?.loop.strategy = strategy
            }
        case .tests:
            let tests = try value.map(positive) ?? base?.loop.tests
            result?.loop.tests = tests
        case .tries:
            let tries = try value.map(positive) ?? base?.loop.tries ?? 5
            result?.loop.tries = tries
        case .samples:
            let samples = try value.map(positive) ?? base?.loop.samples ?? 5
            result?.loop.samples = samples
        case .testSamples:
            let testSamples = try value.map(positive) ?? base?.loop.testSamples ?? 5
            result?.loop.testSamples = testSamples
        case .judge:
            if let value {
                guard value == "on" || value == "off" else {
                    throw RunConfigurationError("the grid's judge takes on or off; got '\(value)'")
                }
                result?.loop.judge = value == "on"
            } else {
                result?.loop.judge = base?.loop.judge ?? true
            }
        }
        return result
    }
}
