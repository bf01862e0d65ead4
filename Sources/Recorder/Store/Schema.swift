/// The cache file's schema: an application id that marks the file as ours, a version, and forward migrations.
enum Schema {
    /// `PRAGMA application_id` of every SelfAlign cache: "SALN" in ASCII.
    static let applicationID: Int64 = 0x5341_4C4E

    /// The newest schema version this build knows; migrations[i] moves a file from version i to i + 1.
    static var currentVersion: Int { migrations.count }

    /// Forward migrations, each run in one write transaction. Never edit a shipped one: add another.
    static let migrations: [String] = [
        // Version 1: blobs, interactions, executions, runs, run events.
        """
        CREATE TABLE blobs (
            id        INTEGER PRIMARY KEY,
            hash      BLOB    NOT NULL UNIQUE,   -- SHA-256 of the raw (uncompressed) bytes
            codec     INTEGER NOT NULL,          -- 0 identity, 1 zlib
            raw_size  INTEGER NOT NULL,
            data      BLOB    NOT NULL
        );
        CREATE TABLE interactions (
            id                  INTEGER PRIMARY KEY,
            key                 BLOB    NOT NULL UNIQUE,
            provider            TEXT    NOT NULL,
            model               TEXT,
            method              TEXT    NOT NULL,
            endpoint            TEXT    NOT NULL,
            key_headers         TEXT    NOT NULL,   -- canonical JSON of the behaviour-changing headers
            sample_index        INTEGER NOT NULL,
            request_blob        INTEGER NOT NULL REFERENCES blobs(id),
            response_kind       INTEGER NOT NULL,   -- 0 body, 1 server-sent events
            response_blob       INTEGER NOT NULL REFERENCES blobs(id),
            response_headers    TEXT    NOT NULL,   -- canonical JSON, credentials removed
            status              INTEGER NOT NULL,
            input_tokens        INTEGER,
            cached_input_tokens INTEGER,
            cache_write_tokens  INTEGER,
            output_tokens       INTEGER,
            reasoning_tokens    INTEGER,
            latency_ms          REAL    NOT NULL,
            recorded_at         TEXT    NOT NULL,   -- ISO 8601, UTC
            price_table_version TEXT
        );
        CREATE INDEX interactions_model ON interactions(model);
        CREATE INDEX interactions_recorded_at ON interactions(recorded_at);
        CREATE TABLE executions (
            id           INTEGER PRIMARY KEY,
            key          BLOB    NOT NULL UNIQUE,
            runner       TEXT    NOT NULL,
            input_blob   INTEGER NOT NULL REFERENCES blobs(id),
            result_blob  INTEGER NOT NULL REFERENCES blobs(id),
            status       TEXT    NOT NULL,
            duration_ms  REAL    NOT NULL,
            recorded_at  TEXT    NOT NULL
        );
        CREATE TABLE runs (
            id          INTEGER PRIMARY KEY,
            run_id      TEXT    NOT NULL UNIQUE,
            created_at  TEXT    NOT NULL,
            finished_at TEXT,
            status      TEXT    NOT NULL,
            config      TEXT    NOT NULL,   -- canonical JSON
            summary     TEXT                -- canonical JSON, when finished
        );
        CREATE TABLE run_events (
            id       INTEGER PRIMARY KEY,
            run      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            seq      INTEGER NOT NULL,
            kind     TEXT    NOT NULL,
            task_id  TEXT,
            try      INTEGER,
            payload  TEXT    NOT NULL,      -- canonical JSON: tokens, keys of its model calls and executions
            UNIQUE (run, seq)
        );
        """,
    ]
}
