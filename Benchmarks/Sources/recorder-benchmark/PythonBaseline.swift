import Foundation
import Recorder

/// The baseline the project compares against: a Python `sqlite3` + `zlib` + `hashlib` loop doing the same hit work
/// on the same file and keys, each lookup timed with `time.perf_counter_ns`.
enum PythonBaseline {
    /// Same SELECT (every column, same join), `zlib.decompress`, size check, SHA-256 compare; a warm-up pass first.
    static let script = #"""
        import array, hashlib, sqlite3, sys, time, zlib

        db_path, keys_path, out_path = sys.argv[1], sys.argv[2], sys.argv[3]
        SQL = """__SQL__"""
        with open(keys_path, "rb") as f:
            raw = f.read()
        keys = [raw[i:i + 32] for i in range(0, len(raw), 32)]
        con = sqlite3.connect(db_path)
        decompress, sha256, clock = zlib.decompress, hashlib.sha256, time.perf_counter_ns

        def lookup(key):
            row = con.execute(SQL, (key,)).fetchone()
            if row is None:
                raise SystemExit("recorded key not found")
            body = decompress(row[20]) if row[18] == 1 else row[20]
            if len(body) != row[19] or sha256(body).digest() != row[17]:
                raise SystemExit("blob does not match its hash")
            return body

        for key in keys:
            lookup(key)
        times = array.array("q", bytes(8 * len(keys)))
        for i, key in enumerate(keys):
            start = clock()
            lookup(key)
            times[i] = clock() - start
        with open(out_path, "wb") as f:
            times.tofile(f)
        print(sqlite3.sqlite_version, zlib.ZLIB_RUNTIME_VERSION, sys.version.split()[0])
        """#

    /// What the baseline measured, and the versions it ran with.
    struct Result: Sendable {
        let sample: LatencySample
        /// SQLite, zlib and Python versions, as the script printed them.
        let versions: String
    }

    /// Runs the script with `python` on `databasePath` for `keys`, using `directory` for its temp files.
    static func run(python: String, databasePath: String, keys: [CacheKey], directory: String) throws -> Result {
        let scriptPath = directory + "/baseline.py"
        let keysPath = directory + "/baseline-keys.bin"
        let timesPath = directory + "/baseline-times.bin"
        try script.replacingOccurrences(of: "__SQL__", with: lookupSQL)
            .write(toFile: scriptPath, atomically: true, encoding: .utf8)
        try Data(keys.flatMap(\.digest)).write(to: URL(fileURLWithPath: keysPath))
        defer { for file in [scriptPath, keysPath, timesPath] { try? FileManager.default.removeItem(atPath: file) } }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, scriptPath, databasePath, keysPath, timesPath]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchmarkError("the Python baseline exited with \(process.terminationStatus)")
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: timesPath))
        let times = data.withUnsafeBytes { Array($0.bindMemory(to: Int64.self)) }
        guard times.count == keys.count else { throw BenchmarkError("the Python baseline timed \(times.count) lookups") }
        let versions = String(decoding: printed, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            .split(separator: " ")
        let described = versions.count == 3
            ? "Python \(versions[2]), SQLite \(versions[0]), zlib \(versions[1])" : versions.joined(separator: " ")
        return Result(sample: LatencySample(nanoseconds: times), versions: described)
    }
}
