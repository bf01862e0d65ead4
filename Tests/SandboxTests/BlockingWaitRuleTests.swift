import Foundation
import Testing
import TestSupport

/// The rule that keeps waits off Swift's cooperative pool: nothing in Sources waits for a child, a semaphore, the
/// clock or a pipe from async code, except through `onOwnThread` (Recorder's ThreadBridge.swift), the one helper that
/// moves a blocking wait to a thread of its own, and the code that only ever runs on such a thread.
@Suite struct BlockingWaitRuleTests {
    /// A call that blocks its thread, and the files allowed to make it (each says why beside the call).
    struct Rule {
        var name: String
        var pattern: String
        var allowed: Set<String>
    }

    static let rules = [
        // Foundation's Process is supervised through Dispatch: children go through the sandbox's ChildProcess.
        Rule(name: "Foundation Process", pattern: #"\bProcess\(\)"#, allowed: []),
        Rule(name: "waitUntilExit", pattern: #"\bwaitUntilExit\b"#, allowed: []),
        // BlockingPull / BlockingPush wait for a batch on the thread onOwnThread made.
        Rule(name: "DispatchSemaphore", pattern: #"\bDispatchSemaphore\b"#, allowed: ["Recorder/Backend/ThreadBridge.swift"]),
        Rule(name: "DispatchGroup.wait", pattern: #"\bDispatchGroup\b"#, allowed: []),
        Rule(name: "DispatchQueue.sync", pattern: #"\.sync\s*[({]"#, allowed: []),
        Rule(name: "Thread.sleep", pattern: #"\bThread\.sleep\b"#, allowed: []),
        Rule(name: "usleep / sleep / nanosleep", pattern: #"(?<![\w.])(?<!await )(usleep|sleep|nanosleep)\("#, allowed: []),
        Rule(name: "blocking pipe reads", pattern: #"readDataToEndOfFile|availableData|readToEnd\(\)"#, allowed: []),
        // The supervision loop reads non-blocking descriptors after poll, on its own thread; waitpid only on the
        // path where pidfd_open failed.
        Rule(name: "raw read / poll / waitpid", pattern: #"(?<![\w.])(?<!func )(?<!def )(Glibc\.read|read|poll|waitpid|waitid)\("#,
             allowed: ["Sandbox/ChildProcess.swift"]),
        // The uid pool's blocking flock runs through onOwnThread.
        Rule(name: "flock", pattern: #"(?<![\w.])flock\("#, allowed: ["Sandbox/SandboxUIDPool.swift"]),
    ]

    static var sources: URL { repositoryRoot.appendingPathComponent("Sources") }

    /// Every Swift file under Sources, by path relative to it.
    static func swiftFiles() throws -> [(path: String, code: String)] {
        let enumerator = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
        var files: [(String, String)] = []
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            let path = String(url.path.dropFirst(sources.path.count + 1))
            files.append((path, try String(contentsOf: url, encoding: .utf8)))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    /// The code with `//` comments removed. (The harness's Python is in .py files, which the rules do not read.)
    static func stripped(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            if let range = line.range(of: "//") { return line[..<range.lowerBound] }
            return line
        }.joined(separator: "\n")
    }

    /// Lines that break a rule, as `path:line: text`.
    static func violations(of rule: Rule, in files: [(path: String, code: String)]) throws -> [String] {
        let regex = try NSRegularExpression(pattern: rule.pattern)
        var found: [String] = []
        for file in files where !rule.allowed.contains(file.path) {
            for (number, line) in stripped(file.code).components(separatedBy: "\n").enumerated()
            where regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil {
                found.append("\(file.path):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        return found
    }

    @Test(arguments: rules.map(\.name))
    func nothingInSourcesBlocksAThreadOutsideTheHelper(_ name: String) throws {
        let rule = Self.rules.first { $0.name == name }!
        let files = try Self.swiftFiles()
        #expect(files.count > 100, "Sources were not found at \(Self.sources.path)")
        #expect(try Self.violations(of: rule, in: files) == [])
    }

    @Test func theRuleFindsWhatItForbids() throws {
        // A rule that cannot fail proves nothing: each pattern catches its own call in a file it does not allow.
        let samples = [
            "Foundation Process": "let p = Process()", "waitUntilExit": "p.waitUntilExit()",
            "DispatchSemaphore": "let s = DispatchSemaphore(value: 0)", "DispatchGroup.wait": "DispatchGroup().wait()",
            "DispatchQueue.sync": "queue.sync { }", "Thread.sleep": "Thread.sleep(forTimeInterval: 1)",
            "usleep / sleep / nanosleep": "usleep(1000)", "blocking pipe reads": "h.readDataToEndOfFile()",
            "raw read / poll / waitpid": "let n = read(fd, buffer, 10)", "flock": "flock(fd, LOCK_EX)",
        ]
        for rule in Self.rules {
            let sample = try #require(samples[rule.name], "no sample for \(rule.name)")
            #expect(try Self.violations(of: rule, in: [("Elsewhere/Sample.swift", sample)]).count == 1, "\(rule.name)")
            #expect(try Self.violations(of: rule, in: [("Elsewhere/Sample.swift", "// " + sample)]).isEmpty)
        }
        // An async sleep (Task's, or one injected as `sleep`) and a method named read are not blocking calls.
        for allowed in ["try await Task.sleep(for: .seconds(1))", "try await sleep(delay)", "func read(_ line: String)"] {
            #expect(try Self.rules.flatMap { try Self.violations(of: $0, in: [("E/S.swift", allowed)]) } == [])
        }
    }
}
