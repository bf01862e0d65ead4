import Foundation
import Recorder
import SandboxWorld
import TestSupport

/// The programs of `Tests/alignTests/hostile/` (listed in its README.md): wrong programs that try to be judged correct,
/// and correct ones that do unusual but legal things. Each file names its task on its first line (`# task: …`).
struct CorpusProgram: Sendable, CustomStringConvertible {
    /// Whether the program must be judged wrong (it answers wrongly, or past the limit) or correct.
    enum Kind: String, Sendable { case wrong, legal }

    /// The file name without `.py`.
    var name: String
    var kind: Kind
    var taskID: String
    /// The program, with `ALIGNMARK` still in it.
    var source: String

    var description: String { "\(kind.rawValue)/\(name) (\(taskID))" }

    /// The program as it is run: `ALIGNMARK` becomes `marker` followed by the program's name, so that whatever it
    /// leaves on the host says which program left it.
    func marked(_ marker: String) -> String {
        source.replacingOccurrences(of: "ALIGNMARK", with: marker + name)
    }
}

/// Reads the corpus and writes it in the layouts `align` reads.
enum HostileCorpus {
    static let directory = repositoryRoot.appendingPathComponent("Tests/alignTests/hostile")

    /// The programs of one kind, by name.
    static func programs(_ kind: CorpusProgram.Kind) throws -> [CorpusProgram] {
        let folder = directory.appendingPathComponent(kind.rawValue)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".py") }.sorted()
        return try names.map { file in
            let source = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            guard let first = source.split(separator: "\n").first, first.hasPrefix("# task: ") else {
                throw CorpusError(description: "\(file) does not start with `# task: HumanEval/N`")
            }
            return CorpusProgram(name: String(file.dropLast(3)), kind: kind, taskID: String(first.dropFirst(8)), source: source)
        }
    }

    /// Every program, the wrong ones first.
    static func all() throws -> [CorpusProgram] { try programs(.wrong) + programs(.legal) }

    /// `align eval`'s outputs: a JSON line per program (`task_id`, `code`), in order, so line k is program k − 1.
    static func outputs(_ programs: [CorpusProgram], marker: String) -> String {
        programs.map { JSONValue.object(["task_id": .string($0.taskID), "code": .string($0.marked(marker))]).canonicalString }
            .joined(separator: "\n") + "\n"
    }

    /// A published log (`--provider log:FILE`) whose first program for each task is the corpus program for it:
    /// the direct strategy's one program. `tasks` is the task file the log answers (its prompts identify the tasks).
    static func log(_ programs: [String: CorpusProgram], tasks: String, marker: String) throws -> String {
        let lines = try String(contentsOfFile: tasks, encoding: .utf8).split(separator: "\n")
        let records: [JSONValue] = try lines.compactMap { line in
            let task = try JSONValue(parsing: Data(line.utf8))
            guard let id = task["task_id"]?.stringValue, let program = programs[id] else { return nil }
            return ["task_id": .string(id), "prompt": task["prompt"] ?? .null,
                    "completion_list": [.string(program.marked(marker))], "test_case_list": ["assert True"]]
        }
        return JSONValue.array(records).canonicalString
    }

    /// Host paths where a program of the corpus might have left a file (or a name under them) for `marker`.
    static func leftovers(_ marker: String) -> [String] {
        let places = ["/tmp", "/run", "/run/lock", "/dev/shm", "/var/tmp", "/etc", FileManager.default.temporaryDirectory.path]
        return places.flatMap { place in
            ((try? FileManager.default.contentsOfDirectory(atPath: place)) ?? []).filter { $0.contains(marker) }
                .map { "\(place)/\($0)" }
        } + SandboxWorld.hostFiles(named: marker)
    }

    /// Removes what `leftovers(marker)` found, so that a failing test does not litter the host for the next one.
    static func removeLeftovers(_ marker: String) {
        for path in leftovers(marker) { try? FileManager.default.removeItem(atPath: path) }
    }
}

/// The corpus is not in the layout the tests expect.
struct CorpusError: Error, CustomStringConvertible {
    var description: String
}
