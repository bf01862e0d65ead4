import Engine
import Foundation

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

/// Processes running under a sandbox pool uid (61000…61063), read from /proc: those alive, and zombies (dead, waiting
/// to be reaped: a PID namespace's init, once `unshare` is gone, is reaped by the machine's PID 1, not by align).
func sandboxProcesses() -> (alive: Int, zombies: Int) {
    let first = Int(SandboxUIDPool.firstUID), last = first + Int(SandboxUIDPool.size) - 1
    var alive = 0, zombies = 0
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] where Int(entry) != nil {
        guard let status = try? String(contentsOfFile: "/proc/\(entry)/status", encoding: .utf8) else { continue }
        let lines = status.split(separator: "\n")
        guard let line = lines.first(where: { $0.hasPrefix("Uid:") }),
              let uid = line.split(whereSeparator: { $0 == "\t" || $0 == " " }).dropFirst().first.flatMap({ Int($0) }),
              (first...last).contains(uid)
        else { continue }
        if lines.contains(where: { $0.hasPrefix("State:") && $0.contains("Z") }) { zombies += 1 } else { alive += 1 }
    }
    return (alive, zombies)
}

let detected = SandboxProtections.detected
say("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores · \(detected.summary)")
let sandbox = Sandbox()
// A test that sleeps (uses no CPU): only a cancellation or the wall-clock limit ends it. It forks a child that
// sleeps too, so that "every process gone" covers a grandchild.
let sleeper = "import os, time\nif os.fork() == 0:\n    time.sleep(600)\ntime.sleep(600)\n"
let sleeping = ExecutionRequest(kind: .tests, code: "def f():\n    return 1\n", tests: [sleeper])
var deadline = sleeping
deadline.limits.executionTimeoutSeconds = 0.5

func cancellations(checkGone: Bool) async throws -> (resumed: [Double], dead: [Double], reaped: [Double]) {
    var resumed: [Double] = [], dead: [Double] = [], reaped: [Double] = []
    for _ in 0..<runs {
        let task = Task { try await sandbox.run(sleeping) }
        try await Task.sleep(for: .milliseconds(250))
        let cancelled = ContinuousClock.now
        task.cancel()
        _ = try? await task.value
        resumed.append(milliseconds(ContinuousClock.now - cancelled))
        if checkGone {
            var left = sandboxProcesses()
            while left.alive > 0 {
                try await Task.sleep(for: .milliseconds(1))
                left = sandboxProcesses()
            }
            dead.append(milliseconds(ContinuousClock.now - cancelled))
            while left.zombies > 0 {
                try await Task.sleep(for: .milliseconds(1))
                left = sandboxProcesses()
            }
            reaped.append(milliseconds(ContinuousClock.now - cancelled))
        }
    }
    return (resumed, dead, reaped)
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
    let (resumed, dead, reaped) = try await cancellations(checkGone: checkGone)
    describe("\(label) cancel → resumed", resumed)
    if checkGone {
        describe("\(label) cancel → every process of the execution dead", dead)
        describe("\(label) cancel → every process reaped (the namespace's init by PID 1)", reaped)
    }
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
    for loop in loops { loop.terminate() }
}
