import ArgumentParser
import Engine
import Recorder
import Replay

// The fixed sets of values options take: `--help` lists them and a typo is an argument error.

extension LoopConfiguration.Strategy: ExpressibleByArgument {}
extension LoopConfiguration.FormatCheck: ExpressibleByArgument {}
extension CacheMode: ExpressibleByArgument {
    /// Any case, as `ALIGN_CACHE_MODE` is read.
    public init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }
}

/// `--judge on|off`.
enum JudgeSwitch: String, CaseIterable, ExpressibleByArgument {
    case on, off
}

/// `align chat --provider openai|anthropic|openai-compatible`: the providers one call can go to.
enum ChatProvider: String, CaseIterable, ExpressibleByArgument {
    case openAI = "openai"
    case anthropic
    case openAICompatible = "openai-compatible"

    /// The provider as the library names it (the same spelling).
    var kind: ProviderKind { ProviderKind(rawValue: rawValue)! }
}

/// `--by run,task,phase,try,model`: what a cost report groups by, comma-separated.
struct CostDimensions: ExpressibleByArgument {
    var dimensions: [CostDimension]

    init?(argument: String) {
        var dimensions: [CostDimension] = []
        for name in argument.split(separator: ",") {
            guard let dimension = CostDimension(rawValue: name.trimmingCharacters(in: .whitespaces)) else { return nil }
            dimensions.append(dimension)
        }
        self.dimensions = dimensions
    }

    init(_ dimensions: [CostDimension]) {
        self.dimensions = dimensions
    }

    static var allValueStrings: [String] { CostDimension.allCases.map(\.rawValue) }
    var defaultValueDescription: String { dimensions.map(\.rawValue).joined(separator: ",") }
}

/// `--shard I/N`: one of N shards of a run's tasks.
struct ShardOption {
    var index: Int
    var count: Int

    /// Reads `I/N`, for `@Option(transform:)`: a bad value is an argument error that says what `I/N` must be.
    static func parse(_ argument: String) throws -> ShardOption {
        guard let (index, count) = try? RunShard.parse(argument) else {
            throw ValidationError("use I/N with 1 ≤ I ≤ N, e.g. --shard 2/4 for the second of four shards")
        }
        return ShardOption(index: index, count: count)
    }
}

/// `--provider openai|anthropic|openai-compatible|log:FILE`.
struct ProviderOption: ExpressibleByArgument {
    /// The provider.
    var kind: ProviderKind
    /// The published log of `log:FILE`.
    var logPath: String?

    init?(argument: String) {
        if argument.hasPrefix("log:") {
            let path = String(argument.dropFirst(4))
            guard !path.isEmpty else { return nil }
            self.init(kind: .log, logPath: path)
            return
        }
        guard let kind = ProviderKind(rawValue: argument), kind != .log else { return nil }
        self.init(kind: kind, logPath: nil)
    }

    init(kind: ProviderKind, logPath: String?) {
        self.kind = kind
        self.logPath = logPath
    }

    static var allValueStrings: [String] { ["openai", "anthropic", "openai-compatible", "log:FILE"] }
}
