import Foundation

/// The command line of `recorder-benchmark`.
struct Options: Sendable {
    /// Cache sizes to build and measure, in interactions.
    var sizes: [Int] = [1_000, 100_000, 1_000_000]
    /// Timed lookups per measurement (hits, misses, baseline, GRDB).
    var lookups: Int = 20_000
    /// Times every path is measured; each figure is the best (lowest-median) round, so a burst of other work on the
    /// machine during one round does not decide it.
    var rounds: Int = 5
    /// Where the cache files and the Python baseline's temp files go.
    var directory: String = NSTemporaryDirectory() + "selfalign-bench-\(ProcessInfo.processInfo.processIdentifier)"
    /// Where to write the Markdown report, when given.
    var documentPath: String?
    /// Seed of every random choice (bodies, lookup keys), so that two runs measure the same thing.
    var seed: UInt64 = 20_260_101
    /// Keep the cache files after the run (they are removed by default).
    var keepFiles = false
    /// The HumanEval file to build bodies from; found next to the project by default.
    var humanEvalPath: String?
    /// The Python interpreter of the baseline.
    var python = "python3"
    /// Above this many interactions, only the first `recordedPrefix` are recorded one by one and timed for the
    /// throughput figure; the rest go through the same `record` from several threads at once.
    var recordedPrefix = 100_000

    static let usage = """
        usage: recorder-benchmark [--sizes 1000,100000,1000000] [--lookups 20000] [--rounds 5] [--dir DIR]
                                  [--write-doc PATH] [--seed N] [--keep] [--humaneval PATH] [--python python3]
                                  [--timed-prefix 100000]
        """

    /// Parses `arguments` (without the program name).
    /// - Throws: `UsageError` for an unknown flag or a malformed value.
    init(arguments: [String]) throws(UsageError) {
        var rest = arguments[...]
        func value(_ flag: String) throws(UsageError) -> String {
            guard let next = rest.popFirst() else { throw UsageError("\(flag) needs a value") }
            return next
        }
        func integer(_ flag: String, _ text: String) throws(UsageError) -> Int {
            guard let number = Int(text.replacingOccurrences(of: "_", with: "")), number > 0 else {
                throw UsageError("\(flag): '\(text)' is not a positive integer")
            }
            return number
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--sizes":
                var parsed: [Int] = []
                for part in try value(flag).split(separator: ",") { parsed.append(try integer(flag, String(part))) }
                sizes = parsed
            case "--lookups": lookups = try integer(flag, try value(flag))
            case "--rounds": rounds = try integer(flag, try value(flag))
            case "--dir": directory = try value(flag)
            case "--write-doc": documentPath = try value(flag)
            case "--seed": seed = UInt64(try integer(flag, try value(flag)))
            case "--keep": keepFiles = true
            case "--humaneval": humanEvalPath = try value(flag)
            case "--python": python = try value(flag)
            case "--timed-prefix": recordedPrefix = try integer(flag, try value(flag))
            case "-h", "--help": throw UsageError(nil)
            default: throw UsageError("unknown argument '\(flag)'")
            }
        }
    }
}

/// A command line that cannot be run; `message` is nil when help was asked for.
struct UsageError: Error {
    let message: String?
    init(_ message: String?) { self.message = message }
}
