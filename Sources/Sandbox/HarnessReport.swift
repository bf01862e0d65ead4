import Recorder

/// The harness's nonce-marked records, read out of its stdout; every other line is ignored.
struct HarnessReport: Sendable {
    /// The Python version the harness reported (its first record).
    var pythonVersion: String?
    /// Set from the harness's `load` record.
    var loadError: String?
    /// True when the `load` record says the code hung or ran out of CPU time while loading.
    var loadTimedOut = false
    /// Per-test records by index, the first record for an index winning.
    var tests: [Int: TestOutcome] = [:]
    /// A reference execution's outputs by group index, the first record winning.
    var reference: [Int: ReferenceOutputs] = [:]
    /// True when the harness said the code loaded (before its first test).
    var loaded = false
    /// True when the harness wrote its final `done` record.
    var finished = false

    /// Parses `output`, keeping only lines that begin with `nonce` and a space.
    init(output: [UInt8], nonce: String) {
        let marker = Array((nonce + " ").utf8)
        for line in output.split(separator: UInt8(ascii: "\n")) where line.starts(with: marker) {
            guard let record = try? JSONValue(parsing: line.dropFirst(marker.count)),
                  let type = record["type"]?.stringValue else { continue }
            switch type {
            case "python": pythonVersion = pythonVersion ?? record["version"]?.stringValue
            case "load":
                if loadError == nil {
                    loadError = record["message"]?.stringValue ?? "load failed"
                    loadTimedOut = record["status"]?.stringValue == "timeout"
                }
            case "loaded": loaded = true
            case "done": finished = true
            case "test":
                guard let index = record["index"]?.intValue, tests[index] == nil,
                      let status = record["status"]?.stringValue.flatMap(TestOutcome.Status.init(rawValue:))
                else { continue }
                tests[index] = TestOutcome(index: index, status: status, message: record["message"]?.stringValue ?? "",
                                           outputBytes: record["output_bytes"]?.intValue ?? 0,
                                           timingSensitive: record["timing_sensitive"]?.boolValue ?? false,
                                           cpuMilliseconds: record["cpu_ms"]?.intValue,
                                           inputs: record["inputs"]?.stringValue)
            case "reference":
                guard let index = record["index"]?.intValue, reference[index] == nil,
                      let name = record["name"]?.stringValue, let digest = record["digest"]?.stringValue,
                      let cpu = record["cpu_ms"]?.arrayValue
                else { continue }
                var skipped: [Int: String] = [:]
                for (key, reason) in record["skipped"]?.objectValue ?? [:] {
                    if let position = Int(key) { skipped[position] = reason.stringValue ?? "" }
                }
                reference[index] = ReferenceOutputs(name: name, digest: digest, cpuMilliseconds: cpu.map(\.intValue),
                                                    skipped: skipped)
            default: continue
            }
        }
    }

    /// The outcome for `count` tests: a test without a record is an error (or a timeout when the execution ran out of
    /// time), never a pass. A hang while loading is a timeout of every test.
    func outcome(count: Int, kind: ExecutionRequest.Kind, executionTimedOut: Bool, limit: Double) -> ExecutionOutcome {
        let missing = executionTimedOut
            ? TestOutcome(index: 0, status: .timeout, message: "the execution exceeded its \(Self.seconds(limit)) s limit")
            : TestOutcome(index: 0, status: .error, message: "exited without a result")
        var load = loadError
        var loadStatus: TestOutcome.Status = loadTimedOut ? .timeout : .error
        // The harness ended (or was ended) while loading the code: that is the code's load error (or timeout).
        if load == nil && [.tests, .hidden, .measure, .plus].contains(kind) && !loaded && !finished && count > 0 && tests.isEmpty {
            load = missing.message
            loadStatus = missing.status
        }
        if let load {
            return ExecutionOutcome(tests: (0..<count).map { TestOutcome(index: $0, status: loadStatus, message: load) },
                                    loadError: load)
        }
        let groups = reference.keys.sorted().compactMap { reference[$0] }
        return ExecutionOutcome(tests: (0..<count).map { index in
            tests[index] ?? TestOutcome(index: index, status: missing.status, message: missing.message)
        }, reference: kind == .reference ? groups : nil)
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
