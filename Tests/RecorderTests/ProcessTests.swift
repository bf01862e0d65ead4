import Foundation
import Recorder
import Testing
import TestSupport
import TestTraits

/// Several processes against one cache file: killed writers and concurrent writers.
@Suite("Cache across processes", .serialized, .heavy)
struct ProcessTests {
    let directory = TemporaryDirectory("processes")

    private func startStress(_ cache: String, writer: String, count: Int, output: Pipe) throws -> Process {
        let process = Process()
        process.executableURL = productsDirectory().appendingPathComponent("recorder-stress")
        process.arguments = [cache, writer, String(count)]
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func writesThatReturnedSurviveSIGKILL() throws {
        let cache = directory.path("crash.sqlite")
        var generator = SplitMix64(seed: 2026)
        var survivorsExpected = Set<String>()
        var kills = 0
        for round in 0..<24 {
            let output = Pipe()
            let child = try startStress(cache, writer: "round\(round)", count: 0, output: output)
            // Kill at a random moment: sometimes while it is still opening the file, mostly mid-write.
            usleep(UInt32(20_000 + generator.next() % 280_000))
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            #expect(child.terminationReason == .uncaughtSignal)
            kills += 1
            let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            // Only complete lines count: a line is printed after `record` returned.
            let lines = printed.split(separator: "\n", omittingEmptySubsequences: false)
            survivorsExpected.formUnion(lines.dropLast().map(String.init))

            // On a loaded machine an early kill can land before the child has created (or initialised) the file:
            // then nothing was acknowledged, and opening it as a new cache is what the next writer would do too.
            if survivorsExpected.isEmpty && !FileManager.default.fileExists(atPath: cache) { continue }
            let store = try CacheStore(path: cache, options: survivorsExpected.isEmpty ? .init() : .existingOnly)
            let report = try store.verify()
            #expect(report.isClean, "round \(round): \(report.problems)")
            for key in survivorsExpected {
                #expect(try store.contains(CacheKey(parsing: key)), "round \(round): lost \(key)")
            }
        }
        #expect(kills >= 20)
        // The test is only meaningful if the children got to write between kills.
        #expect(survivorsExpected.count > 100)
    }

    @Test func fourProcessesRecordFiveHundredEachWithoutALockError() throws {
        let cache = directory.path("concurrent.sqlite")
        let outputs = (0..<4).map { _ in Pipe() }
        let errors = (0..<4).map { _ in Pipe() }
        let children = try (0..<4).map { index -> Process in
            let process = Process()
            process.executableURL = productsDirectory().appendingPathComponent("recorder-stress")
            process.arguments = [cache, "w\(index)", "500"]
            process.standardOutput = outputs[index]
            process.standardError = errors[index]
            try process.run()
            return process
        }
        var keys = Set<String>()
        for (index, child) in children.enumerated() {
            let printed = String(decoding: outputs[index].fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let stderr = String(decoding: errors[index].fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            child.waitUntilExit()
            #expect(child.terminationStatus == 0, "writer \(index) failed: \(stderr)")
            #expect(!stderr.contains("locked"), "writer \(index): \(stderr)")
            keys.formUnion(printed.split(separator: "\n").map(String.init))
        }
        #expect(keys.count == 2_000)
        let store = try CacheStore(path: cache, options: .existingOnly)
        #expect(try store.stats().interactions == 2_000)
        for key in keys { #expect(try store.contains(CacheKey(parsing: key))) }
        #expect(try store.verify().isClean)
    }
}
