import ArgumentParser
import Engine
import Replay

// The fixed sets of values options take: `--help` lists them and a typo is an argument error.

extension LoopConfiguration.Strategy: ExpressibleByArgument {}
extension LoopConfiguration.FormatCheck: ExpressibleByArgument {}
extension CacheMode: ExpressibleByArgument {}

/// `--judge on|off`.
enum JudgeSwitch: String, CaseIterable, ExpressibleByArgument {
    case on, off
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
