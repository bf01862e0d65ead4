/// The checks of `verify`, written once for every backend: each backend reads its blobs, interactions and
/// executions in order and hands every row here; the walk proves them and collects the problems.
/// `BlobID` is how the backend names a blob in its rows (a row id, a hash).
package struct VerifyWalk<BlobID: Hashable> {
    private var problems: [VerifyReport.Problem] = []
    private var badBlobs: [BlobID: String] = [:]
    private var blobsChecked = 0
    private var interactionsChecked = 0
    private var executionsChecked = 0

    /// Nothing checked yet.
    package init() {}

    /// A problem found outside the rows (the database's own integrity check).
    package mutating func add(_ problem: VerifyReport.Problem) { problems.append(problem) }

    /// One blob: `prove` decodes it against its hash; a `CacheError` marks it damaged under `name`.
    /// - Throws: any other error `prove` throws (the store could not be read).
    package mutating func blob(_ id: BlobID, name: @autoclosure () -> String, prove: () throws -> Void) throws {
        blobsChecked += 1
        do {
            try prove()
        } catch let error as CacheError {
            let name = name()
            badBlobs[id] = name
            problems.append(.init(kind: "corrupt-blob", subject: name, detail: "\(error)"))
        }
    }

    /// One interaction under `key`: its response blob there (else `missingResponse` says so) and undamaged, and
    /// its request (read by `identity`) hashing to the key.
    package mutating func interaction(key: String, request: BlobID, response: BlobID, responsePresent: Bool,
                                      missingResponse: @autoclosure () -> String,
                                      identity: () throws -> RequestIdentity)
    {
        interactionsChecked += 1
        if !responsePresent {
            problems.append(.init(kind: "missing-blob", subject: key, detail: missingResponse()))
        } else if let blob = badBlobs[response] {
            problems.append(.init(kind: "corrupt-blob", subject: key, detail: "its response blob \(blob) is damaged"))
        }
        if let blob = badBlobs[request] {
            problems.append(.init(kind: "corrupt-blob", subject: key, detail: "its request blob \(blob) is damaged"))
            return
        }
        do {
            let identity = try identity()
            if identity.key.description != key {
                problems.append(.init(kind: "key-mismatch", subject: key, detail: "the stored request hashes to \(identity.key)"))
            }
        } catch {
            problems.append(.init(kind: "missing-blob", subject: key, detail: "\(error)"))
        }
    }

    /// One execution under `key`: each of its blobs undamaged and there (else `missing` says so).
    package mutating func execution(key: String, blobs: [(id: BlobID, present: Bool)], missing: (BlobID) -> String) {
        executionsChecked += 1
        for blob in blobs {
            if let name = badBlobs[blob.id] {
                problems.append(.init(kind: "corrupt-blob", subject: key, detail: "execution blob \(name) is damaged"))
            } else if !blob.present {
                problems.append(.init(kind: "missing-blob", subject: key, detail: missing(blob.id)))
            }
        }
    }

    /// What the walk found.
    package var report: VerifyReport {
        VerifyReport(blobsChecked: blobsChecked, interactionsChecked: interactionsChecked,
                     executionsChecked: executionsChecked, problems: problems)
    }
}
