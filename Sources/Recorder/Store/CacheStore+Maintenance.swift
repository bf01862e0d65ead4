import Foundation

/// What `verify` found.
public struct VerifyReport: Sendable, Codable, Equatable {
    /// One damaged or inconsistent entry.
    public struct Problem: Sendable, Codable, Equatable {
        /// What is wrong: `integrity`, `corrupt-blob`, `missing-blob`, `key-mismatch`.
        public var kind: String
        /// What it concerns: a key, a blob hash, or the file.
        public var subject: String
        public var detail: String

        /// Builds the value from its members.
        package init(kind: String, subject: String, detail: String) {
            self.kind = kind
            self.subject = subject
            self.detail = detail
        }
    }

    public var blobsChecked: Int
    public var interactionsChecked: Int
    public var executionsChecked: Int
    public var problems: [Problem]

    /// True when nothing is wrong.
    public var isClean: Bool { problems.isEmpty }

    /// Builds the value from its members.
    package init(blobsChecked: Int, interactionsChecked: Int, executionsChecked: Int, problems: [Problem]) {
        self.blobsChecked = blobsChecked
        self.interactionsChecked = interactionsChecked
        self.executionsChecked = executionsChecked
        self.problems = problems
    }
}

/// What `prune` removed (or, in a dry run, would remove).
public struct PruneReport: Sendable, Codable, Equatable {
    public var interactionsRemoved: Int
    public var blobsRemoved: Int
    public var storedBytesFreed: Int
    public var dryRun: Bool

    /// Builds the value from its members.
    package init(interactionsRemoved: Int, blobsRemoved: Int, storedBytesFreed: Int, dryRun: Bool) {
        self.interactionsRemoved = interactionsRemoved
        self.blobsRemoved = blobsRemoved
        self.storedBytesFreed = storedBytesFreed
        self.dryRun = dryRun
    }
}

extension CacheStore {
    /// Proves every blob against its hash, every stored key against its request, and SQLite's own structure.
    public func verify() throws(CacheError) -> VerifyReport {
        try read { connection in
            var walk = VerifyWalk<Int64>()
            let check = try connection.prepare("PRAGMA quick_check")
            defer { check.finalize() }
            while try check.step() {
                let line = check.string(0)
                if line != "ok" { walk.add(.init(kind: "integrity", subject: path, detail: line)) }
            }

            let blobs = try connection.prepare("SELECT id, hash, codec, raw_size, data FROM blobs ORDER BY id")
            defer { blobs.finalize() }
            while try blobs.step() {
                let id = blobs.int64(0)
                let hash = blobs.bytes(1)
                try walk.blob(id, name: (try? CacheKey(digest: hash))?.description ?? "#\(id)") {
                    _ = try blobs.withBytes(4) { data in
                        try decodeBlob(hash: hash, codec: blobs.int64(2), rawSize: blobs.int(3), data: data,
                                       owner: "blob #\(id)")
                    }
                }
            }

            let interactions = try connection.prepare("""
                SELECT i.key, i.provider, i.method, i.endpoint, i.key_headers, i.sample_index, i.request_blob,
                       i.response_blob, (SELECT count(*) FROM blobs WHERE id = i.response_blob)
                FROM interactions i ORDER BY i.id
                """)
            defer { interactions.finalize() }
            while try interactions.step() {
                let key = (try? CacheKey(digest: interactions.bytes(0)))?.description ?? "<malformed key>"
                let requestID = interactions.int64(6)
                let responseID = interactions.int64(7)
                walk.interaction(key: key, request: requestID, response: responseID,
                                 responsePresent: interactions.int(8) != 0,
                                 missingResponse: "response blob #\(responseID) is missing") {
                    try RequestIdentity(
                        provider: interactions.string(1), method: interactions.string(2), path: interactions.string(3),
                        keyHeaders: .parsingCanonical(interactions.string(4)),
                        canonicalBody: try loadBlob(id: requestID, owner: "interaction \(key)", on: connection),
                        sampleIndex: interactions.int(5))
                }
            }

            let executions = try connection.prepare("SELECT key, input_blob, result_blob FROM executions ORDER BY id")
            defer { executions.finalize() }
            while try executions.step() {
                let key = (try? CacheKey(digest: executions.bytes(0)))?.description ?? "<malformed key>"
                let blobIDs = [executions.int64(1), executions.int64(2)]
                walk.execution(key: key, blobs: blobIDs.map { blob in
                    (blob, (try? connection.scalarInt("SELECT count(*) FROM blobs WHERE id = \(blob)")) == 1)
                }) { "execution blob #\($0) is missing" }
            }
            return walk.report
        }
    }

    /// Removes the interactions that match `filter` (none when it is empty), then every blob nothing refers to.
    /// - Parameter dryRun: count what would go, and change nothing.
    public func prune(_ filter: InteractionFilter, dryRun: Bool = false) throws(CacheError) -> PruneReport {
        let (condition, values) = filter.sqlCondition
        let report = try Self.wrap(path, busyAfter: options.busyTimeout) {
          try writer.withLock { connection -> PruneReport in
            try connection.execute("BEGIN IMMEDIATE")
            defer { try? connection.execute("ROLLBACK") }
            var removed = 0
            if !filter.isEmpty {
                let delete = try connection.prepare("DELETE FROM interactions AS i WHERE \(condition)")
                defer { delete.finalize() }
                for (index, value) in values.enumerated() { try delete.bind(value, at: Int32(index + 1)) }
                try delete.run()
                removed = connection.changes
            }
            let orphans = "NOT EXISTS (SELECT 1 FROM interactions WHERE request_blob = b.id OR response_blob = b.id) "
                + "AND NOT EXISTS (SELECT 1 FROM executions WHERE input_blob = b.id OR result_blob = b.id)"
            let totals = try connection.prepare(
                "SELECT count(*), coalesce(sum(length(data)), 0) FROM blobs b WHERE \(orphans)")
            defer { totals.finalize() }
            try totals.step()
            let report = PruneReport(interactionsRemoved: removed, blobsRemoved: totals.int(0),
                                     storedBytesFreed: totals.int(1), dryRun: dryRun)
            totals.reset()
            try connection.execute("DELETE FROM blobs AS b WHERE \(orphans)")
            // A dry run does the work inside the transaction to count it exactly, then the deferred ROLLBACK
            // throws it away.
            if !dryRun { try connection.execute("COMMIT") }
            return report
          }
        }
        if !dryRun { try Self.wrap(path) { try writer.withLock { try $0.execute("PRAGMA wal_checkpoint(TRUNCATE)") } } }
        return report
    }

    /// Rewrites the file to give freed pages back to the file system.
    public func vacuum() throws(CacheError) {
        try Self.wrap(path) { try writer.withLock { try $0.execute("VACUUM") } }
    }
}
