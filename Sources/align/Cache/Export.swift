import ArgumentParser
import Foundation
import Recorder

extension CacheCommand {
    /// `align cache export`: the whole cache as reviewable, diffable JSON Lines.
    struct Export: AlignCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the cache as JSON Lines: one canonical JSON object a line, sorted by key.",
            discussion: "Request bodies appear as JSON, responses as text. `align cache import` reads it back.")

        @OptionGroup var file: CacheFileOption
        @Option(name: [.short, .long], help: ArgumentHelp("Write here instead of standard output.", valueName: "file"))
        var output: String?

        func execute() throws {
            let store = try file.openExisting()
            guard let output else {
                var buffer = OutputBuffer(handle: .standardOutput)
                try store.export { buffer.append($0) }
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
                var buffer = OutputBuffer(handle: handle)
                try store.export { buffer.append($0) }
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

/// Collects output and writes it in large pieces.
struct OutputBuffer {
    let handle: FileHandle
    private var pending: [UInt8] = []

    init(handle: FileHandle) { self.handle = handle }

    mutating func append(_ text: String) {
        pending.append(contentsOf: text.utf8)
        if pending.count >= 1 << 20 { flush() }
    }

    mutating func flush() {
        handle.write(Data(pending))
        pending.removeAll(keepingCapacity: true)
    }
}
