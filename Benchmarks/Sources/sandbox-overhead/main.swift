import Foundation
import Sandbox

// Per-execution cost of the sandbox for a one-test execution, under each level of protection, against the baseline
// of starting the same Python bare (`python3 -c pass` through Foundation's Process) measured in the same run.
//
//   cd Benchmarks && swift run -c release sandbox-overhead [--runs 20]

let runs = CommandLine.arguments.firstIndex(of: "--runs").flatMap { Int(CommandLine.arguments[$0 + 1]) } ?? 20

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

let detected = SandboxProtections.detected
print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores · \(detected.summary)")

// Baseline: the bare interpreter start.
var baseline: [Double] = []
for index in 0...runs {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: detected.pythonPath)
    process.arguments = ["-c", "pass"]
    let started = ContinuousClock.now
    try process.run()
    process.waitUntilExit()
    if index > 0 { baseline.append(milliseconds(ContinuousClock.now - started)) }
}
let base = median(baseline)
print(String(format: "baseline python3 -c pass: median %.1f ms", base))

var unshareView = detected
unshareView.isolatedFilesystem = false
var noNamespaces = detected
noNamespaces.namespaces = false
var bare = noNamespaces
bare.unprivilegedUser = false
bare.resourceLimits = false
let request = ExecutionRequest(kind: .tests, code: "def f():\n    return 1\n", tests: ["assert f() == 1"])
for (name, protections) in [("\(detected.filesystem.rawValue) view + namespaces + own uid + rlimits", detected),
                            ("unshare's namespaces, private /tmp + own uid + rlimits", unshareView),
                            ("own uid + rlimits", noNamespaces), ("process group only", bare)]
{
    let sandbox = Sandbox(protections: protections)
    _ = try await sandbox.execute(request)
    var times: [Double] = []
    for _ in 0..<runs {
        let started = ContinuousClock.now
        let outcome = try await sandbox.execute(request).outcome
        times.append(milliseconds(ContinuousClock.now - started))
        precondition(outcome.allPassed, "the benchmark's test must pass")
    }
    let value = median(times)
    print(String(format: "sandbox [%@]: median %.1f ms (%.2f× the bare python start), min %.1f, max %.1f",
                 name, value, value / base, times.min()!, times.max()!))
}
