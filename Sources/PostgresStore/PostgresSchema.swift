/// The PostgreSQL cache's schema: a marker table with a version, and forward migrations.
///
/// The same records as the SQLite file, with PostgreSQL's types: keys and hashes as `bytea`, blobs addressed by
/// their hash (so that concurrent writers of one blob meet on its primary key), token counts as `bigint`.
enum PostgresSchema {
    /// The value of `align_meta.application`, which marks a database as a SelfAlign cache.
    static let application = "selfalign-cache"

    /// The newest schema version this build knows; migrations[i] moves a database from version i to i + 1.
    static var currentVersion: Int { migrations.count }

    /// Forward migrations, each run in one transaction under an advisory lock. Never edit a shipped one: add another.
    static let migrations: [[String]] = [
        [
            "CREATE TABLE align_meta (name text PRIMARY KEY, value text NOT NULL)",
            "INSERT INTO align_meta (name, value) VALUES ('application', '\(application)'), ('schema_version', '0')",
            """
            CREATE TABLE blobs (
                hash     bytea   PRIMARY KEY,   -- SHA-256 of the raw (uncompressed) bytes
                codec    smallint NOT NULL,     -- 0 identity, 1 zlib
                raw_size integer NOT NULL,
                data     bytea   NOT NULL
            )
            """,
            // The bytes are zlib already: PostgreSQL's own compression of large values would only cost time.
            "ALTER TABLE blobs ALTER COLUMN data SET STORAGE EXTERNAL",
            """
            CREATE TABLE interactions (
                id                  bigserial PRIMARY KEY,
                key                 bytea   NOT NULL UNIQUE,
                provider            text    NOT NULL,
                model               text,
                method              text    NOT NULL,
                endpoint            text    NOT NULL,
                key_headers         text    NOT NULL,
                sample_index        integer NOT NULL,
                request_blob        bytea   NOT NULL REFERENCES blobs(hash),
                response_kind       smallint NOT NULL,
                response_blob       bytea   NOT NULL REFERENCES blobs(hash),
                response_headers    text    NOT NULL,
                status              integer NOT NULL,
                input_tokens        bigint,
                cached_input_tokens bigint,
                cache_write_tokens  bigint,
                output_tokens       bigint,
                reasoning_tokens    bigint,
                latency_ms          double precision NOT NULL,
                recorded_at         text    NOT NULL,
                price_table_version text
            )
            """,
            "CREATE INDEX interactions_model ON interactions(model)",
            "CREATE INDEX interactions_recorded_at ON interactions(recorded_at)",
            "CREATE INDEX interactions_provider_endpoint ON interactions(provider, endpoint, id)",
            // For pruning: finding the blobs nothing refers to, and the foreign-key checks of deleting them.
            "CREATE INDEX interactions_request_blob ON interactions(request_blob)",
            "CREATE INDEX interactions_response_blob ON interactions(response_blob)",
            """
            CREATE TABLE executions (
                id          bigserial PRIMARY KEY,
                key         bytea   NOT NULL UNIQUE,
                runner      text    NOT NULL,
                input_blob  bytea   NOT NULL REFERENCES blobs(hash),
                result_blob bytea   NOT NULL REFERENCES blobs(hash),
                status      text    NOT NULL,
                duration_ms double precision NOT NULL,
                recorded_at text    NOT NULL
            )
            """,
            """
            CREATE TABLE runs (
                id          bigserial PRIMARY KEY,
                run_id      text NOT NULL UNIQUE,
                created_at  text NOT NULL,
                finished_at text,
                status      text NOT NULL,
                config      text NOT NULL,
                summary     text
            )
            """,
            """
            CREATE TABLE run_events (
                id      bigserial PRIMARY KEY,
                run     bigint  NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                seq     integer NOT NULL,
                kind    text    NOT NULL,
                task_id text,
                try     integer,
                payload text    NOT NULL,
                UNIQUE (run, seq)
            )
            """,
            "CREATE INDEX executions_input_blob ON executions(input_blob)",
            "CREATE INDEX executions_result_blob ON executions(result_blob)",
        ],
    ]

    /// The tables a cache holds: a database that has one of them but no `align_meta` is not ours.
    static let tables = ["blobs", "interactions", "executions", "runs", "run_events"]

    /// The advisory lock key every migration takes (`"SALN"` in ASCII, as SQLite's application id), so that two
    /// processes opening a new database at once do not both create it.
    static let migrationLock: Int64 = 0x5341_4C4E
}
