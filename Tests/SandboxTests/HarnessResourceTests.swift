import Foundation
@testable import Sandbox
import Testing
import TestSupport

/// The harness's Python files, checked by Python itself: each file and the source they make compile.
@Suite struct HarnessResourceTests {
    static let folder = repositoryRoot.appendingPathComponent("Sources/Sandbox/Harness")

    /// Compiles each named file and then standard input with `compile()` (py_compile would leave a __pycache__ in
    /// Sources); returns the status and what Python said.
    static func compile(_ files: [String], source: String) throws -> (status: Int32, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-B", "-c", """
            import sys
            for path in sys.argv[1:]:
                compile(open(path, encoding="utf-8").read(), path, "exec")
            compile(sys.stdin.read(), "<harness source>", "exec")
            """] + files
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(source.utf8))
        try input.fileHandleForWriting.close()
        let said = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: said, as: UTF8.self))
    }

    @Test func everyFileAndTheSourceCompile() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".py") }
        #expect(Set(files) == ["harness.py", "harness_evalplus.py", "program.py"],
                "a new file is added to Package.swift and the source")
        let compiled = try Self.compile(files.sorted().map { Self.folder.appendingPathComponent($0).path },
                                        source: PythonHarness.source)
        #expect(compiled.status == 0, "\(compiled.errors)")
    }

    @Test func aSyntaxErrorIsCaught() throws {
        #expect(try Self.compile([], source: "def broken(:\n").status != 0)
    }

    /// The files are compiled in as they are on disk, each with its final newline.
    @Test func theSourceIsTheFilesAsCompiledIn() throws {
        let onDisk = try ["harness.py", "harness_evalplus.py"].map {
            try String(contentsOf: Self.folder.appendingPathComponent($0), encoding: .utf8)
        }
        #expect(onDisk.allSatisfy { $0.hasSuffix("\n") && !$0.hasSuffix("\n\n") })
        #expect(onDisk.map { $0.dropLast() }.joined(separator: "\n\n") == PythonHarness.source)
    }
}
