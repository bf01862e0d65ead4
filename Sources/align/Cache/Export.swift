import ArgumentParser
import Foundation
import Recorder

extension CacheCommand {
    /// `align cache export`: the whole cache as reviewable, diffable JSON Lines.
    struct Export: AsyncAlignCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the cache as JSON Lines: one canonical JSON object a line, sorted by key.",
            discussion: """
                Request bodies appear as JSON, responses as text. `align cache import` reads it back. A SQLite file \
                and a PostgreSQL database holding the same records export the same bytes.
                """)

        @OptionGroup var file: CacheFileOption
        @Option(name: [.short, .long], help: ArgumentHelp("Write here instead of standard output.", valueName: "file"))
        var output: String?

        func execute() async throws {
            let store = try await file.openExisting()
            guard let output else {
                let buffer = OutputBuffer(handle: .standardOutput)
                try await store.exportLines { buffer.append($0) }
                buffer.flush()
                return
            }
            // Written beside the target and renamed into place, so a failed export leaves no partial file.
            let temporary = output + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
            guard FileManager.default.createFile(atPath: temporary, contents: nil),
                  let handle = FileHandle(forWritingAtPath: temporary) else {
                throw CacheError.io(path: output, reason: "cannot create the file")
            }
            do {
                let buffer = OutputBuffer(handle: handle)
                try await store.exportLines { buffer.append($0) }
                buffer.flush()
                try handle.close()
                if FileManager.default.fileExists(atPath: output) { try FileManager.default.removeItem(atPath: output) }
                try FileManager.default.moveItem(atPath: temporary, toPath: output)
            } catch {
                try? FileManager.default.removeItem(atPath: temporary)
                throw error
            }
        }
    }
}

/// Collects output and writes it in large pieces; appended to by one task at a time.
final class OutputBuffer: @unchecked Sendable {
    let handle: FileHandle
    private var pending: [UInt8] = []

    init(handle: FileHandle) { self.handle = handle }

    func append(_ text: String) {
        pending.append(contentsOf: text.utf8)
        if pending.count >= 1 << 20 { flush() }
    }

    func flush() {
        handle.write(Data(pending))
        pending.removeAll(keepingCapacity: true)
    }
}
