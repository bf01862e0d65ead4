import Foundation
import Recorder

/// The lines of a file (or standard input), read a megabyte at a time: an import streams instead of holding the
/// whole export in memory.
struct FileLines: AsyncSequence, Sendable {
    typealias Element = String
    typealias Failure = any Error

    let handle: FileHandle

    struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle
        var pending: [UInt8] = []
        var start = 0
        var atEnd = false

        mutating func next() async throws -> String? {
            while true {
                if let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                    defer { start = newline + 1 }
                    return String(decoding: pending[start..<newline], as: UTF8.self)
                }
                if atEnd {
                    guard start < pending.count else { return nil }
                    defer { start = pending.count }
                    return String(decoding: pending[start...], as: UTF8.self)
                }
                pending.removeFirst(start)
                start = 0
                // Standard input may be a pipe: the read that waits for it runs on a thread of its own.
                let chunk = try await onOwnThread { [handle] in try handle.read(upToCount: 1 << 20) ?? Data() }
                if chunk.isEmpty { atEnd = true } else { pending.append(contentsOf: chunk) }
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(handle: handle) }
}
