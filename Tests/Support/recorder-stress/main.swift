// A child process for the crash-safety and concurrency tests: records interactions into a cache in a loop and
// prints each key once its `record` call has returned, so the parent knows which writes must survive.
//
// Usage: recorder-stress CACHE WRITER COUNT [RESPONSE_BYTES]   (COUNT 0 = until killed; CACHE a file or a postgres:// URL)
import Foundation
import PostgresStore
import Recorder
import TestSupport

let arguments = CommandLine.arguments
guard arguments.count >= 4, let count = Int(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: recorder-stress CACHE WRITER COUNT [RESPONSE_BYTES]\n".utf8))
    exit(64)
}
let path = arguments[1]
let writer = arguments[2]
let size = arguments.count > 4 ? Int(arguments[4]) ?? 3000 : 3000

do {
    let store: any CacheBackend = PostgresLocation.isPostgresURL(path)
        ? try await PostgresCache.open(url: path) : try CacheStore(path: path)
    var index = 0
    while count == 0 || index < count {
        let request = try sampleRequest(marker: "writer \(writer) call \(index)")
        _ = try await store.record(sampleInteraction(request, response: chatCompletion(size: size, seed: index)),
                                   policy: .keepExisting)
        // One write(2) a key, unbuffered: what the parent reads was really acknowledged by `record`.
        FileHandle.standardOutput.write(Data("\(request.key)\n".utf8))
        index += 1
    }
    await store.close()
} catch {
    FileHandle.standardError.write(Data("recorder-stress: \(error)\n".utf8))
    exit(1)
}
