import Recorder

/// Where a replayed run first differs from the stored one.
public struct RunDivergence: Sendable, Equatable, CustomStringConvertible {
    /// The task (nil for the run's summary or task list).
    public var taskID: String?
    /// What differs.
    public var detail: String

    /// Builds a divergence.
    public init(taskID: String?, detail: String) {
        self.taskID = taskID
        self.detail = detail
    }

    public var description: String { (taskID.map { "task \($0): " } ?? "") + detail }
}

/// Compares a run's stored events with those of a new execution of the same configuration.
///
/// Events are compared task by task, in order, member by member, except `source` (and a hidden-tests event's `plus.source`: a replay serves from the cache
/// what the original run recorded live). Tasks run concurrently interleave differently, so the global order of
/// events is not compared; the order within each task is.
public enum RunComparison {
    /// The first divergence, or nil when every event and result is identical.
    public static func firstDivergence(stored: [RunEvent], replayed: [TaskRun], taskOrder: [String]) -> RunDivergence? {
        var storedByTask: [String: [RunEvent]] = [:]
        for event in stored {
            guard let task = event.taskID else { continue }
            storedByTask[task, default: []].append(event)
        }
        let replayedIDs = replayed.map(\.result.taskID)
        if replayedIDs != taskOrder {
            return RunDivergence(taskID: nil, detail: "the replay ran tasks \(replayedIDs.prefix(5)) but the run had \(taskOrder.prefix(5))")
        }
        for taskRun in replayed {
            let id = taskRun.result.taskID
            let original = storedByTask[id] ?? []
            for (position, event) in taskRun.events.enumerated() {
                guard position < original.count else {
                    return RunDivergence(taskID: id, detail: "event \(position + 1) (\(event.kind), try \(event.tryNumber.map(String.init) ?? "–")) is new: the stored run has \(original.count) events")
                }
                let old = original[position]
                if old.kind != event.kind || old.tryNumber != event.tryNumber {
                    return RunDivergence(taskID: id, detail: "event \(position + 1): stored \(old.kind) (try \(old.tryNumber.map(String.init) ?? "–")), replayed \(event.kind) (try \(event.tryNumber.map(String.init) ?? "–"))")
                }
                let (a, b) = (comparable(old.payload), comparable(event.payload))
                if a != b {
                    let member = differingMember(a, b) ?? "payload"
                    return RunDivergence(taskID: id, detail: "event \(position + 1) (\(event.kind), try \(event.tryNumber.map(String.init) ?? "–")) differs in `\(member)`: stored \(String((a[member] ?? a).canonicalString.prefix(160))), replayed \(String((b[member] ?? b).canonicalString.prefix(160)))")
                }
            }
            if original.count > taskRun.events.count {
                return RunDivergence(taskID: id, detail: "the stored run has \(original.count) events, the replay \(taskRun.events.count)")
            }
        }
        return nil
    }

    private static func comparable(_ payload: JSONValue) -> JSONValue {
        guard var members = payload.objectValue else { return payload }
        members["source"] = nil
        // A hidden-tests event's EvalPlus execution has a source of its own.
        if case .object(var plus)? = members["plus"] {
            plus["source"] = nil
            members["plus"] = .object(plus)
        }
        return .object(members)
    }

    private static func differingMember(_ a: JSONValue, _ b: JSONValue) -> String? {
        guard let left = a.objectValue, let right = b.objectValue else { return nil }
        return Set(left.keys).union(right.keys).sorted().first { left[$0]?.canonicalBytes != right[$0]?.canonicalBytes }
    }
}
