import Foundation
import Testing
import TestSupport

/// The folders of a target form a line: each uses only folders before it (README, Layout). Read from the source:
/// a folder uses another when one of its files names a type declared at the top level of the other's files. Members
/// added by extensions (`loop.run(…)`, declared in Strategies/) are not seen; types are, and they are what moves.
@Suite struct FolderLineTests {
    /// Engine's line, first to last.
    static let engineLine = ["Tasks", "Models", "Evaluation", "Loop", "Strategies", "Runs", "Sweeps", "Reports"]

    /// One use of a type across folders: `Loop/AlignmentLoop.swift` names `HiddenTestOracle` from Evaluation.
    struct Use: CustomStringConvertible {
        var from: String, to: String, file: String, type: String
        var description: String { "\(from) → \(to): \(file) names \(type)" }
    }

    static func folders(of target: String) throws -> [String: [URL]] {
        let root = repositoryRoot.appendingPathComponent("Sources").appendingPathComponent(target)
        var files: [String: [URL]] = [:]
        for folder in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() {
            let url = root.appendingPathComponent(folder)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue
            else { continue }
            let walk = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)!
            files[folder] = walk.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        }
        return files
    }

    /// The code without comments and string literals (which mention types in prose and in other languages).
    static func code(_ text: String) throws -> String {
        let multiLine = try NSRegularExpression(pattern: ##"#*"""[\s\S]*?"""#*"##)
        let singleLine = try NSRegularExpression(pattern: ##"#*"(?:\\.|[^"\\\n])*"#*"##)
        let comment = try NSRegularExpression(pattern: #"//[^\n]*"#)
        var code = text
        for regex in [multiLine, singleLine, comment] {
            code = regex.stringByReplacingMatches(in: code, range: NSRange(code.startIndex..., in: code), withTemplate: "")
        }
        return code
    }

    static func matches(_ pattern: String, in text: String, options: NSRegularExpression.Options = []) throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern, options: options)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: $0.numberOfRanges - 1), in: text).map { String(text[$0]) }
        }
    }

    /// Every use of a type declared in another folder of `target`.
    static func uses(in target: String) throws -> [Use] {
        let folders = try folders(of: target)
        var code: [URL: String] = [:]
        var home: [String: String] = [:]
        let declaration = #"^(?:(?:public|package|internal|private|fileprivate|final|indirect)\s+)*"#
            + #"(?:struct|enum|class|protocol|actor|typealias)\s+([A-Z]\w*)"#
        for (folder, files) in folders {
            for file in files {
                code[file] = try Self.code(String(contentsOf: file, encoding: .utf8))
                for type in try matches(declaration, in: code[file]!, options: .anchorsMatchLines) { home[type] = folder }
            }
        }
        var uses: [Use] = []
        for (folder, files) in folders {
            for file in files {
                for type in Set(try matches(#"\b([A-Z]\w*)\b"#, in: code[file]!)) {
                    guard let other = home[type], other != folder else { continue }
                    uses.append(Use(from: folder, to: other, file: "\(folder)/\(file.lastPathComponent)", type: type))
                }
            }
        }
        return uses.sorted { ($0.from, $0.to, $0.file, $0.type) < ($1.from, $1.to, $1.file, $1.type) }
    }

    @Test func engineFoldersUseOnlyFoldersBeforeThem() throws {
        let folders = try Self.folders(of: "Engine")
        #expect(Set(folders.keys) == Set(Self.engineLine), "a new folder takes its place in the line (here and in the README)")
        let backwards = try Self.uses(in: "Engine").filter { use in
            guard let from = Self.engineLine.firstIndex(of: use.from), let to = Self.engineLine.firstIndex(of: use.to)
            else { return true }
            return to > from
        }
        #expect(backwards.isEmpty, "uses against the line:\n\(backwards.map(\.description).joined(separator: "\n"))")
    }

    /// Replay's folders have no line written down; they import no folder that imports them back.
    @Test(arguments: ["Replay"]) func foldersFormNoCircle(target: String) throws {
        let uses = try Self.uses(in: target)
        var next: [String: Set<String>] = [:]
        for use in uses { next[use.from, default: []].insert(use.to) }
        func reaches(_ start: String, _ goal: String, _ seen: inout Set<String>) -> Bool {
            for folder in next[start] ?? [] where seen.insert(folder).inserted {
                if folder == goal || reaches(folder, goal, &seen) { return true }
            }
            return false
        }
        let circular = next.keys.sorted().filter { folder in
            var seen: Set<String> = []
            return reaches(folder, folder, &seen)
        }
        #expect(circular.isEmpty, "folders on a circle: \(circular)\n\(uses.map(\.description).joined(separator: "\n"))")
    }
}
