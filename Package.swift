// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "SelfAlign",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "align", targets: ["align"]),
        .library(name: "Recorder", targets: ["Recorder"]),
        .library(name: "Replay", targets: ["Replay"]),
        .library(name: "Engine", targets: ["Engine"]),
        .library(name: "PostgresStore", targets: ["PostgresStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
    ],
    targets: [
        // System libraries: Debian's libsqlite3-dev and zlib1g-dev.
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // Decodes the same zlib streams about twice as fast as libz on the cache's hit path (docs/benchmarks.md).
        .systemLibrary(name: "CDeflate", providers: [.apt(["libdeflate-dev"])]),

        .target(
            name: "Recorder",
            dependencies: [
                "CSQLite", "CZlib", "CDeflate",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // Compiled into the binary: align needs no resource bundle beside it to know its prices.
            resources: [.embedInCode("Prices/prices.json")]
        ),
        // The PostgreSQL backend of the store protocols: a target of its own, so that the Recorder stays free of NIO.
        .target(
            name: "PostgresStore",
            dependencies: ["Recorder", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        .target(
            name: "Replay",
            dependencies: ["Recorder", .product(name: "AsyncHTTPClient", package: "async-http-client")]
        ),
        .target(name: "Engine", dependencies: ["Replay", "Recorder"]),
        .executableTarget(
            name: "align",
            dependencies: [
                "Engine", "Replay", "Recorder", "PostgresStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // A child process for the crash-safety and concurrency tests: records interactions in a loop.
        .executableTarget(name: "recorder-stress", dependencies: ["Recorder", "PostgresStore", "TestSupport"],
                          path: "Tests/Support/recorder-stress"),
        .target(name: "TestSupport", dependencies: ["Recorder", "Replay", "PostgresStore", "CZlib"], path: "Tests/Support/TestSupport"),

        .testTarget(name: "RecorderTests", dependencies: ["Recorder", "TestSupport"]),
        .testTarget(name: "ReplayTests", dependencies: ["Replay", "Engine", "TestSupport"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Replay", "Recorder", "TestSupport"]),
        .testTarget(name: "alignTests", dependencies: ["Recorder", "PostgresStore", "TestSupport"]),
        // The store contract, run against the SQLite file and a PostgreSQL database; PostgreSQL's own behaviour.
        .testTarget(name: "PostgresStoreTests", dependencies: ["Recorder", "PostgresStore", "TestSupport"]),
    ]
)
