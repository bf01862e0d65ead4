// swift-tools-version:6.1
import PackageDescription

// Benchmarks for the Recorder's cache: insert throughput, bytes on disk, hit and miss latency, against a Python
// sqlite3 + zlib loop and a GRDB implementation of the same hit path. A package of its own, so that GRDB never
// becomes a dependency of SelfAlign itself.
let package = Package(
    name: "SelfAlignBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "SelfAlign", path: ".."),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
    ],
    targets: [
        // zlib for the GRDB variant's inflate (Debian's zlib1g-dev), as the root package's CZlib does.
        .systemLibrary(name: "CZlibBench", providers: [.apt(["zlib1g-dev"])]),
        // libdeflate, the decoder the Recorder uses, so the GRDB variant and the breakdown decode the same way.
        .systemLibrary(name: "CDeflateBench", providers: [.apt(["libdeflate-dev"])]),
        .executableTarget(
            name: "recorder-benchmark",
            dependencies: [
                .product(name: "Recorder", package: "SelfAlign"),
                .product(name: "GRDB", package: "GRDB.swift"),
                // The bare C API, for the hit-path breakdown: the same system libsqlite3 GRDB and Recorder use.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                "CZlibBench", "CDeflateBench",
            ]
        ),
        // The Replay issue's figure: per-call cost of recording (record mode minus off mode).
        .executableTarget(
            name: "replay-overhead",
            dependencies: [
                .product(name: "Recorder", package: "SelfAlign"),
                .product(name: "Replay", package: "SelfAlign"),
                .product(name: "Engine", package: "SelfAlign"),
            ]
        ),
        // The store seam and the PostgreSQL backend beside SQLite: hit latency, inserts, concurrent writers.
        .executableTarget(
            name: "store-benchmark",
            dependencies: [
                .product(name: "Recorder", package: "SelfAlign"),
                .product(name: "PostgresStore", package: "SelfAlign"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The Engine issue's figure: per-execution cost of the sandbox, against a bare Python start.
        .executableTarget(
            name: "sandbox-overhead",
            dependencies: [.product(name: "Sandbox", package: "SelfAlign")]
        ),
        // The supervision issue's figures: cancellation latency and deadline overshoot, idle and loaded.
        .executableTarget(
            name: "sandbox-latency",
            dependencies: [.product(name: "Sandbox", package: "SelfAlign")]
        ),
        // The report issue's figure: build + render time, size, and headless Chromium's load of the 164-task report.
        .executableTarget(
            name: "report-load",
            dependencies: [.product(name: "Report", package: "SelfAlign"), .product(name: "Recorder", package: "SelfAlign")]
        ),
    ]
)
