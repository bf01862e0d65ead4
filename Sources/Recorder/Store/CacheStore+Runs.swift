import Foundation

extension CacheStore {
    /// Stores a run with its events; returns false when a run with its id exists already (which is kept).
    @discardableResult
    public func recordRun(_ run: StoredRun) throws(CacheError) -> Bool {
        try write { try insertRun(run, on: $0) }
    }

    /// Appends events to a stored run.
    public func appendRunEvents(_ events: [RunEvent], to runID: String) throws(CacheError) {
        try write { connection in
            let find = try connection.cached("SELECT id FROM runs WHERE run_id = ?")
            try find.bind(runID, at: 1)
            guard try find.step() else { throw CacheError.notFound(what: "run \(runID)") }
            let row = find.int64(0)
            find.reset()
            try insertEvents(events, run: row, on: connection)
        }
    }

    /// Marks a run finished, with its summary.
    public func finishRun(_ runID: String, status: RunStatus, summary: JSONValue, at date: Date = Date()) throws(CacheError) {
        try write { connection in
            let update = try connection.cached("UPDATE runs SET status = ?, summary = ?, finished_at = ? WHERE run_id = ?")
            try update.bind(status.rawValue, at: 1)
            try update.bind(summary.canonicalString, at: 2)
            try update.bind(Timestamp.string(from: date), at: 3)
            try update.bind(runID, at: 4)
            try update.run()
            guard connection.changes == 1 else { throw CacheError.notFound(what: "run \(runID)") }
        }
    }

    /// Every stored run, oldest first: with its events, or only its configuration and summary (for listing and
    /// finding a run without reading every event of every run).
    public func runs(includingEvents: Bool = true) throws(CacheError) -> [StoredRun] {
        try read { try runs(on: $0, includingEvents: includingEvents) }
    }

    /// The stored run `runID` with its events; nil when there is none.
    public func run(_ runID: String) throws(CacheError) -> StoredRun? {
        try read { try runs(on: $0, only: runID).first }
    }

    func runs(on connection: SQLiteConnection, includingEvents: Bool = true, only runID: String? = nil) throws
        -> [StoredRun]
    {
        let statement = try connection.prepare("""
            SELECT id, run_id, created_at, finished_at, status, config, summary FROM runs
            \(runID == nil ? "" : "WHERE run_id = ?") ORDER BY created_at, id
            """)
        defer { statement.finalize() }
        if let runID { try statement.bind(runID, at: 1) }
        var result: [StoredRun] = []
        while try statement.step() {
            let row = statement.int64(0)
            var run = StoredRun(runID: statement.string(1), createdAt: statement.string(2),
                                finishedAt: statement.optionalString(3), status: RunStatus(rawValue: statement.string(4)),
                                config: try JSONValue(parsing: statement.string(5)),
                                summary: try statement.optionalString(6).map { try JSONValue(parsing: $0) })
            if includingEvents {
                let events = try connection.cached(
                    "SELECT seq, kind, task_id, try, payload FROM run_events WHERE run = ? ORDER BY seq")
                try events.bind(row, at: 1)
                while try events.step() {
                    run.events.append(RunEvent(sequence: events.int(0), kind: RunEventKind(rawValue: events.string(1)),
                                               taskID: events.optionalString(2), tryNumber: events.optionalInt(3),
                                               payload: try JSONValue(parsing: events.string(4))))
                }
            }
            result.append(run)
        }
        return result
    }

    func insertRun(_ run: StoredRun, on connection: SQLiteConnection) throws -> Bool {
        let find = try connection.cached("SELECT 1 FROM runs WHERE run_id = ?")
        try find.bind(run.runID, at: 1)
        if try find.step() { return false }
        let insert = try connection.cached("""
            INSERT INTO runs (run_id, created_at, finished_at, status, config, summary) VALUES (?, ?, ?, ?, ?, ?)
            """)
        try insert.bind(run.runID, at: 1)
        try insert.bind(run.createdAt, at: 2)
        try insert.bind(run.finishedAt, at: 3)
        try insert.bind(run.status.rawValue, at: 4)
        try insert.bind(run.config.canonicalString, at: 5)
        try insert.bind(run.summary?.canonicalString, at: 6)
        try insert.run()
        try insertEvents(run.events, run: connection.lastInsertRowID, on: connection)
        return true
    }

    private func insertEvents(_ events: [RunEvent], run: Int64, on connection: SQLiteConnection) throws {
        let insert = try connection.cached(
            "INSERT INTO run_events (run, seq, kind, task_id, try, payload) VALUES (?, ?, ?, ?, ?, ?)")
        for event in events {
            insert.reset()
            try insert.bind(run, at: 1)
            try insert.bind(event.sequence, at: 2)
            try insert.bind(event.kind.rawValue, at: 3)
            try insert.bind(event.taskID, at: 4)
            try insert.bind(event.tryNumber, at: 5)
            try insert.bind(event.payload.canonicalString, at: 6)
            try insert.run()
        }
    }
}

extension StoredRun {
    /// The run as one export line.
    package var jsonValue: JSONValue {
        .object([
            "type": .string("run"), "run_id": .string(runID), "created_at": .string(createdAt),
            "finished_at": finishedAt.map(JSONValue.string) ?? .null, "status": .string(status.rawValue), "config": config,
            "summary": summary ?? .null,
            "events": .array(events.map { event in
                .object([
                    "seq": .number(Double(event.sequence)), "kind": .string(event.kind.rawValue),
                    "task_id": event.taskID.map(JSONValue.string) ?? .null,
                    "try": event.tryNumber.map { .number(Double($0)) } ?? .null, "payload": event.payload,
                ])
            }),
        ])
    }

    /// Reads an export line written by `jsonValue`.
    package init(json: JSONValue) throws {
        let fields = ExchangeFields(json)
        self.init(runID: try fields.string("run_id"), createdAt: try fields.string("created_at"),
                  finishedAt: json["finished_at"]?.stringValue, status: RunStatus(rawValue: try fields.string("status")),
                  config: json["config"] ?? .null, summary: json["summary"].flatMap { $0 == .null ? nil : $0 })
        events = try (json["events"]?.arrayValue ?? []).map { event in
            let eventFields = ExchangeFields(event)
            return RunEvent(sequence: try eventFields.int("seq"), kind: RunEventKind(rawValue: try eventFields.string("kind")),
                            taskID: event["task_id"]?.stringValue, tryNumber: event["try"]?.intValue,
                            payload: event["payload"] ?? .object([:]))
        }
    }
}
