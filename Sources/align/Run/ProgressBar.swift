import Engine
import Foundation
import Recorder
import Synchronization

/// A one-line progress bar on standard error, drawn only when standard error is a terminal.
final class ProgressBar: Sendable {
    /// Whether it draws at all (a terminal, and not turned off).
    let enabled: Bool
    private let start = ContinuousClock.now
    private let lastDrawn = Mutex<ContinuousClock.Instant?>(nil)

    init(enabled: Bool) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
    }

    func update(_ progress: RunProgress, spent: Money) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let draw = lastDrawn.withLock { last in
            // At most ten redraws a second, but always the last one.
            if let previous = last, now - previous < .milliseconds(100), progress.done < progress.total { return false }
            last = now
            return true
        }
        guard draw else { return }
        let width = 24
        let filled = progress.total == 0 ? width : progress.done * width / progress.total
        let elapsed = (now - start).components.seconds
        var eta = "–"
        if progress.done > 0 && progress.done < progress.total {
            let remaining = Int(Double(elapsed) / Double(progress.done) * Double(progress.total - progress.done))
            eta = remaining >= 60 ? "\(remaining / 60)m\(remaining % 60)s" : "\(remaining)s"
        } else if progress.done == progress.total {
            eta = "done"
        }
        let line = "[\(String(repeating: "#", count: filled))\(String(repeating: "-", count: width - filled))] "
            + "\(progress.done)/\(progress.total) tasks · aligned \(progress.aligned) · correct \(progress.correct) · "
            + "\(formatTokens(progress.tokens)) tokens · $\(spent.formatted(decimals: 4)) spent · ETA \(eta)"
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line + (progress.done == progress.total ? "\n" : "")).utf8))
    }
}

/// `1234567` → `1.23M`.
func formatTokens(_ count: Int) -> String {
    if count >= 1_000_000 { return String(format: "%.2fM", Double(count) / 1_000_000) }
    if count >= 10_000 { return String(format: "%.1fk", Double(count) / 1_000) }
    return "\(count)"
}
