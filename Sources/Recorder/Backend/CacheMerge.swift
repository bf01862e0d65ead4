/// Copying between caches of any backends: SQLite into PostgreSQL, PostgreSQL into SQLite, or alike.
public enum CacheMerge {
    /// Adds everything `source` holds that `target` lacks, a union by key, streaming: the source's export lines go
    /// straight into the target's import (one transaction there), never all held at once.
    ///
    /// Every blob read from the source is proved against its hash on the way, so damage never spreads; a damaged
    /// source stops the merge before anything of it is committed.
    public static func merge(from source: any CacheBackend, into target: any CacheBackend) async throws
        -> ExchangeReport
    {
        guard source.identity != target.identity else {
            throw CacheError.invalidArgument("cannot merge \(source.identity) into itself")
        }
        let channel = LineChannel()
        return try await withThrowingTaskGroup(of: ExchangeReport?.self) { group in
            group.addTask {
                do {
                    try await source.exportLines(to: { try await channel.send($0) })
                    channel.finish()
                } catch {
                    channel.finish(throwing: error)
                }
                return nil
            }
            group.addTask {
                do {
                    let report = try await target.importLines(from: channel)
                    channel.finish()
                    return report
                } catch {
                    channel.finish(throwing: error)
                    throw error
                }
            }
            var report: ExchangeReport?
            for try await result in group { if let result { report = result } }
            return report!
        }
    }
}
