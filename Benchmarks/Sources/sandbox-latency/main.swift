import Foundation
import Sandbox

// How fast the sandbox lets go: cancellation latency (cancel → the awaiting task resumes; and, idle, → no process of
// the execution is left) and deadline overshoot (the execution's wall-clock limit → the awaiting task resumes), as
// p50 / p99 over N executions, on an idle machine and beside two busy loops plus 4 concurrent executions.
//
//   cd Benchmarks && swift run -c release sandbox-latency [--runs 200] [--skip-loaded | --only-loaded]

/// Prints a line at once (stdout to a file is block-buffered).
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

let arguments = CommandLine.arguments
let runs = arguments.firstIndex(of: "--runs").flatMap { Int(arguments[$0 + 1]) } ?? 200
let skipLoaded = arguments.contains("--skip-loaded")
let onlyLoaded = arguments.contains("--only-loaded")

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

func describe(_ name: String, _ values: [Double]) {
    say(String(format: "%@: p50 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)", name, percentile(values, 0.5),
                 percentile(values, 0.99), values.max() ?? 0, values.count))
}

/// Processes whose name or command line holds `marker` (the test names its process, and its fork inherits the name),
/// read from /proc: those still alive, zombies aside (dead, waiting for their parent to reap them).
func livingProcesses(named marker: String) -> Int {
    var count = 0
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] where Int(entry) != nil {
        guard let comm = try? String(contentsOfFile: "/proc/\(entry)/comm", encoding: .utf8), comm.contains(marker),
              let status = try? String(contentsOfFile: "/proc/\(entry)/status", encoding: .utf8),
              !status.split(separator: "\n").contains(where: { $0.hasPrefix("State:") && $0.contains("Z") })
        else { continue }
        count += 1
    }
    return count
}

let detected = SandboxProtections.detected
say("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores · \(detected.summary)")
let sandbox = Sandbox()
// A test that sleeps (uses no CPU): only a cancellation or the wall-clock limit ends it. It names itself (the name
// is how the benchmark finds it in /proc) and forks a child that sleeps too, so that "every process dead" covers a
// grandchild.
func sleeping(_ marker: String) -> ExecutionRequest {
    let sleeper = "import ctypes, os, time\nctypes.CDLL(None).prctl(15, b'\(marker)', 0, 0, 0)\n"
        + "if os.fork() == 0:\n    time.sleep(600)\ntime.sleep(600)\n"
    return ExecutionRequest(kind: .tests, code: "def f():\n    return 1\n", tests: [sleeper])
}
var deadline = sleeping("alignbenchdead")
deadline.limits.executionTimeoutSeconds = 0.5

func cancellations(checkGone: Bool) async throws -> (resumed: [Double], dead: [Double]) {
    var resumed: [Double] = [], dead: [Double] = []
    for index in 0..<runs {
        let marker = "alignbench\(index % 100_000)"
        let task = Task { try await sandbox.run(sleeping(marker)) }
        try await Task.sleep(for: .milliseconds(250))
        let cancelled = ContinuousClock.now
        task.cancel()
        _ = try? await task.value
        resumed.append(milliseconds(ContinuousClock.now - cancelled))
        if checkGone {
            while livingProcesses(named: marker) > 0 { try await Task.sleep(for: .milliseconds(1)) }
            dead.append(milliseconds(ContinuousClock.now - cancelled))
        }
    }
    return (resumed, dead)
}

func overshoots() async throws -> [Double] {
    var values: [Double] = []
    for _ in 0..<runs {
        let started = ContinuousClock.now
        let run = try await sandbox.run(deadline)
        precondition(run.outcome.tests.allSatisfy { $0.status == .timeout }, "the deadline run must time out")
        values.append(milliseconds(ContinuousClock.now - started) - 500)
    }
    return values
}

func measure(_ label: String, checkGone: Bool) async throws {
    let (resumed, dead) = try await cancellations(checkGone: checkGone)
    describe("\(label) cancel → resumed", resumed)
    if checkGone { describe("\(label) cancel → every process of the test dead", dead) }
    describe("\(label) deadline overshoot (0.5 s limit → resumed)", try await overshoots())
}

_ = try await sandbox.execute(ExecutionRequest(kind: .tests, code: "x = 1\n", tests: ["assert x == 1"]))
if !onlyLoaded { try await measure("idle", checkGone: true) }

if !skipLoaded {
    // Two busy loops and four executions that keep computing, for as long as the loaded measurement lasts.
    var loops: [Process] = []
    for _ in 0..<2 {
        let loop = Process()
        loop.executableURL = URL(fileURLWithPath: "/bin/sh")
        loop.arguments = ["-c", "while :; do :; done"]
        try loop.run()
        loops.append(loop)
    }
    let busy = ExecutionRequest(kind: .tests, code: "def f():\n    return sum(range(3_000_000))\n",
                                tests: ["assert f() > 0"])
    let background = Task {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask { while !Task.isCancelled { _ = try? await sandbox.execute(busy) } }
            }
            try await group.waitForAll()
        }
    }
    try await measure("loaded (2 busy loops + 4 executions)", checkGone: false)
    background.cancel()
    _ = try? await background.value
    // SIGKILL: a child Foundation spawned may have SIGTERM blocked (terminate() would leave the loops spinning).
    for loop in loops { kill(loop.processIdentifier, SIGKILL) }
}
