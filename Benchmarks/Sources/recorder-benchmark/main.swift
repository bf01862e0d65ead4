import Foundation
import Recorder

// recorder-benchmark: builds caches of each size through the Recorder, then measures inserts, bytes on disk, and
// hit and miss latency against a Python baseline and a GRDB implementation of the same hit path, all in one run.

let arguments = Array(CommandLine.arguments.dropFirst())
let options: Options
do {
    options = try Options(arguments: arguments)
} catch {
    if let message = error.message { FileHandle.standardError.write(Data("error: \(message)\n".utf8)) }
    print(Options.usage)
    exit(error.message == nil ? 0 : 2)
}

/// Prints `line` at once, even when the output is a pipe.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

/// Builds the cache of `size` interactions in `options.directory` and measures it.
func measure(size: Int, factory: ExchangeFactory, options: Options) throws -> SizeResult {
    let path = options.directory + "/cache-\(size).sqlite"
    say("== \(Report.grouped(size)) interactions: recording into \(path)")
    let population = try populate(path: path, count: size, factory: factory, timedPrefix: options.recordedPrefix)
    say("   recorded in \(String(format: "%.1f", population.wallSeconds)) s wall; "
          + "\(Int(population.insertsPerSecond)) records/s inside record")
    defer {
        if !options.keepFiles {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
    }
    let store = try CacheStore(path: path, options: .existingOnly)
    try RawConnection(path: path, readOnly: false).checkpoint()
    let stats = try store.stats()
    guard stats.interactions == size else { throw BenchmarkError("the cache holds \(stats.interactions) interactions") }

    let loadBefore = loadAverage()
    let lookups = options.lookups
    let keys = LookupKeys(from: population.keys, count: lookups, seed: options.seed &+ UInt64(size))
    var rounds: [LatencyRound] = []
    for round in 1...options.rounds {
        say("   round \(round) of \(options.rounds): \(lookups) hits and misses through CacheStore.lookup, "
            + "the parts of a hit, GRDB, the Python baseline")
        let (hit, miss) = try measureRecorder(store: store, keys: keys)
        let breakdown = try measureBreakdown(path: path, store: store, keys: keys.hits)
        let grdb = try measureGRDB(path: path, keys: keys)
        let python = try PythonBaseline.run(python: options.python, databasePath: path, keys: keys.hits,
                                            directory: options.directory)
        rounds.append(LatencyRound(hit: hit, miss: miss, python: python, grdbRead: grdb.read,
                                   grdbUnsafeRead: grdb.unsafeRead, breakdown: breakdown))
    }
    return SizeResult(population: population, fileBytes: stats.fileBytes, blobRawBytes: stats.blobRawBytes,
                      blobStoredBytes: stats.blobStoredBytes, lookups: lookups, rounds: rounds.count,
                      latency: LatencyRound.best(of: rounds), loadAverage: (loadBefore, loadAverage()))
}

/// The report's fixed opening: what is measured and how to run it again.
let preamble = """
    # Recorder cache benchmarks

    Produced by `Benchmarks/` (`recorder-benchmark`), a package of its own that depends on the root package's `Recorder`
    and on GRDB 7.10.0 for the comparison. For each size it records N OpenAI-style chat completions (requests of about
    1 KB, responses of about 3 KB whose content is HumanEval code and prose) through `CacheStore.record`, one
    transaction each, then times random hits and misses of `CacheStore.lookup`, the same hit work in Python
    (`sqlite3` + `zlib` + `hashlib`, the baseline every figure is compared with), and the same hit path written with
    GRDB. Every lookup is timed on its own; the figures are medians, p90 and p99 in microseconds. Each path is measured
    in 5 rounds (`--rounds`) over the same keys and each figure comes from that path's best round, since other work on
    a shared machine only ever adds time; the 1-minute load average is printed with every size.

    ## How to reproduce

    ```sh
    cd Benchmarks
    swift run -c release recorder-benchmark --write-doc ../docs/benchmarks.md   # sizes 1k, 100k, 1M; 20,000 lookups
    swift run -c release recorder-benchmark --sizes 1000,100000 --lookups 5000  # a quicker run
    ```

    Needs `python3` on the PATH and, for realistic bodies, `shared/datasets/humaneval/HumanEval.jsonl.gz` beside the
    project (otherwise generated text is used and the report says so). Caches go to a temp folder (`--dir`) and are
    removed afterwards unless `--keep` is given. The default run takes about 15 minutes on the 2-core machine below, most
    of it populating the 1M cache. `--write-doc` rewrites this whole file: carry the hand-written notes at its end over.


    """

do {
    try FileManager.default.createDirectory(atPath: options.directory, withIntermediateDirectories: true)
    let corpus = Corpus.load(path: options.humanEvalPath)
    let factory = ExchangeFactory(corpus: corpus, seed: options.seed)
    say("bodies: \(corpus.source)")
    var results: [(size: Int, result: SizeResult)] = []
    var tables = ""
    for size in options.sizes {
        let result = try measure(size: size, factory: factory, options: options)
        results.append((size, result))
        let table = Report.table(size: size, result)
        say("\n" + table)
        tables += table + "\n"
    }
    let context = RunContext.current(arguments: arguments, corpus: corpus.source)
    let summary = Report.summary(results)
    let header = Report.header(context, baselineVersions: results.first?.result.python.versions ?? "not run")
    print(header)
    print(summary)
    if let documentPath = options.documentPath {
        try (preamble + header + "\n" + summary + "\n## Per size\n\n" + tables)
            .write(toFile: documentPath, atomically: true, encoding: .utf8)
        say("wrote \(documentPath)")
    }
    if !options.keepFiles { try? FileManager.default.removeItem(atPath: options.directory) }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
