/// Finding runs by what a user types: a run id or a unique prefix of it, a sweep id (as stored in the run
/// configuration's `sweep` member) or a unique prefix of it. Written once for every backend.
extension RunStore where Self: InteractionStore {
    /// The run (with its events) whose id is `id` or starts with it, uniquely.
    /// - Throws: `RunLookupError` when no run or several runs match; `CacheError` when the store cannot be read.
    public func run(matching id: String) async throws -> StoredRun {
        if let exact = try await run(id) { return exact }
        let matches = try await runs(includingEvents: false).filter { $0.runID.hasPrefix(id) }
        guard matches.count == 1 else { throw RunLookupError(.run, id, matches: matches.map(\.runID), in: identity) }
        guard let run = try await run(matches[0].runID) else { throw CacheError.notFound(what: "run \(id)") }
        return run
    }

    /// The runs (with their events) of the sweep whose id is `id` or (uniquely) starts with it, in creation order.
    /// - Throws: `RunLookupError` when no sweep or several sweeps match; `CacheError` when the store cannot be read.
    public func sweepRuns(matching id: String) async throws -> [StoredRun] {
        let listed = try await runs(includingEvents: false)
        let sweeps = Set(listed.compactMap(\.sweepID))
        let matching = sweeps.filter { $0 == id || $0.hasPrefix(id) }
        guard let sweepID = matching.count == 1 ? matching.first : (sweeps.contains(id) ? id : nil) else {
            throw RunLookupError(.sweep, id, matches: matching.sorted(), in: identity)
        }
        var members: [StoredRun] = []
        for listed in listed where listed.sweepID == sweepID {
            if let full = try await run(listed.runID) { members.append(full) }
        }
        return members
    }

    /// The runs to compare: those named by `ids` (ids or unique prefixes), or the runs of sweep `sweep`; with the
    /// baseline (an id or unique prefix) put first when it is not among them; and the baseline's full run id.
    /// - Throws: `RunLookupError` for a name that matches no run or several; `CacheError` when the store cannot be read.
    public func comparedRuns(_ ids: [String], sweep: String?, baseline: String?) async throws
        -> (runs: [StoredRun], baselineID: String?)
    {
        var stored: [StoredRun] = []
        if let sweep {
            stored = try await sweepRuns(matching: sweep)
        } else {
            for id in ids { stored.append(try await run(matching: id)) }
        }
        var baselineID: String?
        if let baseline { baselineID = try await run(matching: baseline).runID }
        if let baselineID, !stored.contains(where: { $0.runID == baselineID }), let run = try await run(baselineID) {
            stored.insert(run, at: 0)
        }
        return (stored, baselineID)
    }
}

extension StoredRun {
    /// The sweep the run belongs to (its configuration's `sweep` member), if any.
    public var sweepID: String? { config["sweep"]?.stringValue }
}
