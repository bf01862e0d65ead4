import Foundation
import Recorder
import Report

// The HTML report of the 164-task fixture runs: how long building and rendering it takes, how big it is, how long
// headless Chromium takes to load it (the page's own navigation timing, read over the DevTools protocol by
// ../report-load-cdp.py) and to start, load it and dump its DOM, against the same for an empty page (the baseline,
// measured in the same run) and for the 10-task fixture's report.
//
//   cd Benchmarks && swift run -c release report-load [--runs 5] [--cache ../fixtures/humaneval-164.sqlite]

let arguments = CommandLine.arguments
func option(_ name: String) -> String? { arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil } }
let runs = option("--runs").flatMap(Int.init) ?? 5
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let big = option("--cache") ?? root.appendingPathComponent("fixtures/humaneval-164.sqlite").path
let small = root.appendingPathComponent("fixtures/run-cache.sqlite").path
let work = FileManager.default.temporaryDirectory.appendingPathComponent("report-load-\(ProcessInfo.processInfo.processIdentifier)")
try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: work) }

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
func loadAverage() -> String { (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "?" }

/// Builds and renders the report of every run in `cache` (a copy), `runs` times; returns the page and the median.
func render(_ cache: String, name: String) async throws -> (path: String, bytes: Int, milliseconds: Double, runs: Int) {
    let copy = work.appendingPathComponent(name + ".sqlite").path
    try? FileManager.default.removeItem(atPath: copy)
    try FileManager.default.copyItem(atPath: cache, toPath: copy)
    let store = try CacheStore(path: copy, options: .existingOnly)
    var times: [Double] = []
    var html = ""
    let stored = try store.runs()
    for _ in 0..<runs {
        let started = ContinuousClock.now
        let page = try await ReportPage(runs: stored, store: store, table: .builtIn, alignVersion: "benchmark")
        html = HTMLReport.render(page)
        times.append(milliseconds(ContinuousClock.now - started))
    }
    let path = work.appendingPathComponent(name + ".html").path
    try Data(html.utf8).write(to: URL(fileURLWithPath: path))
    return (path, html.utf8.count, median(times), stored.count)
}

/// Starts headless Chromium on `page` until it has dumped the DOM after the load event; the median wall time.
func chromium(_ page: String) throws -> Double {
    var times: [Double] = []
    for index in 0...runs {
        let profile = work.appendingPathComponent("profile-\(index)").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chromium")
        process.arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                             "--user-data-dir=\(profile)", "--no-first-run", "--disable-extensions", "--dump-dom",
                             URL(fileURLWithPath: page).absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let started = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        // The first start warms the disk cache of the browser's own files; it is not counted.
        if index > 0 { times.append(milliseconds(ContinuousClock.now - started)) }
        try? FileManager.default.removeItem(atPath: profile)
    }
    return median(times)
}

print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores · load average \(loadAverage()) · \(runs) runs each")
let empty = work.appendingPathComponent("empty.html").path
try Data("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>empty</title></head><body></body></html>".utf8)
    .write(to: URL(fileURLWithPath: empty))
let tenTasks = try await render(small, name: "fixture-10")
let full = try await render(big, name: "humaneval-164")
print(String(format: "build + render: 10-task fixture (%d runs) %.1f ms (%d bytes) · ", tenTasks.runs,
             tenTasks.milliseconds, tenTasks.bytes) + URL(fileURLWithPath: big).lastPathComponent
      + String(format: " (%d runs) %.1f ms (%d bytes, %.2f MB)", full.runs, full.milliseconds, full.bytes,
               Double(full.bytes) / 1_048_576))
let baseline = try chromium(empty)
let small10 = try chromium(tenTasks.path)
let large = try chromium(full.path)
print(String(format: "chromium start → load → DOM dumped: empty page %.0f ms (baseline) · 10-task report %.0f ms (%.2f×) · large report %.0f ms (%.2f×, %.0f ms over the baseline)",
             baseline, small10, small10 / baseline, large, large / baseline, large - baseline))
// The page's own timing, navigation start to the end of the load event, in fresh browsers.
let driver = root.appendingPathComponent("Benchmarks/report-load-cdp.py").path
let cdp = Process()
cdp.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
cdp.arguments = [driver, "--runs", "\(runs)", empty, tenTasks.path, full.path]
let pipe = Pipe()
cdp.standardOutput = pipe
try cdp.run()
let lines = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
cdp.waitUntilExit()
let loads = try lines.map { line in
    try JSONValue(parsing: String(line))["load_ms"]?.arrayValue?.compactMap(\.doubleValue) ?? []
}
if loads.count == 3, loads.allSatisfy({ !$0.isEmpty }) {
    let (e, s, f) = (median(loads[0]), median(loads[1]), median(loads[2]))
    print(String(format: "navigation start → load event end (median): empty page %.0f ms (baseline) · 10-task report %.0f ms (%.2f×) · large report %.0f ms (%.2f×; slowest of %d: %.0f ms)",
                 e, s, s / e, f, f / e, runs, loads[2].max() ?? 0))
} else {
    print("the DevTools measurement failed: \(lines)")
}
print("load average after: \(loadAverage())")
