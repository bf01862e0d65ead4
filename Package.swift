// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "SelfAlign",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "align", targets: ["align"]),
        .library(name: "Recorder", targets: ["Recorder"]),
        .library(name: "Replay", targets: ["Replay"]),
        .library(name: "Sandbox", targets: ["Sandbox"]),
        .library(name: "Engine", targets: ["Engine"]),
        .library(name: "Report", targets: ["Report"]),
        .library(name: "Proxy", targets: ["Proxy"]),
        .library(name: "PostgresStore", targets: ["PostgresStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", exact: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
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
        // The sandbox's child supervision: posix_spawn into a new process group, pidfd, eventfd, waitid.
        .target(name: "CSupervise"),
        // Running untrusted programs: process supervision, the filesystem and namespace view, uids, limits, the
        // harness and the recording executor.
        .target(
            name: "Sandbox",
            dependencies: ["Replay", "Recorder", "CSupervise"],
            // The harness's Python, compiled in as prices.json is: it runs with `python3 -c`, from no file.
            resources: [.embedInCode("Harness/harness.py"), .embedInCode("Harness/harness_evalplus.py"),
                        .embedInCode("Harness/program.py")]
        ),
        .target(name: "Engine", dependencies: ["Sandbox", "Replay", "Recorder"]),
        // `align report`: the HTML page, rendered from Engine's report model and the stored runs.
        .target(name: "Report", dependencies: ["Engine", "Recorder"]),
        // `align proxy`: an HTTP server in front of the recording transport, for any program and the official SDKs.
        .target(
            name: "Proxy",
            dependencies: [
                "Replay", "Recorder",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "align",
            dependencies: [
                "Engine", "Report", "Sandbox", "Proxy", "Replay", "Recorder", "PostgresStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // A child process for the crash-safety and concurrency tests: records interactions in a loop.
        .executableTarget(name: "recorder-stress", dependencies: ["Recorder", "PostgresStore", "TestSupport"],
                          path: "Tests/Support/recorder-stress"),
        .target(name: "TestSupport", dependencies: ["Recorder", "Replay", "PostgresStore", "CZlib"], path: "Tests/Support/TestSupport"),
        // Swift Testing traits shared by the test targets (kept out of TestSupport, which recorder-stress links).
        .target(name: "TestTraits", path: "Tests/Support/TestTraits"),
        // What the sandbox tests (and Engine's tests of the EvalPlus harness) start from: this machine's protections,
        // small limits, markers to find what a program left behind.
        .target(name: "SandboxWorld", dependencies: ["Sandbox", "Recorder"], path: "Tests/Support/SandboxWorld"),

        .testTarget(name: "RecorderTests", dependencies: ["Recorder", "TestSupport", "TestTraits"]),
        .testTarget(name: "ReplayTests", dependencies: ["Replay", "TestSupport", "TestTraits"]),
        // sdk/ holds the pytest cases the suite runs with the official SDKs.
        .testTarget(name: "ProxyTests", dependencies: ["Proxy", "Replay", "Recorder", "TestSupport", "TestTraits"], exclude: ["sdk"]),
        .testTarget(name: "SandboxTests",
                    dependencies: ["Sandbox", "Replay", "Recorder", "TestSupport", "TestTraits", "SandboxWorld"]),
        .testTarget(name: "EngineTests",
                    dependencies: ["Engine", "Sandbox", "Replay", "Recorder", "TestSupport", "TestTraits", "SandboxWorld"]),
        // golden/ holds what the commands printed on the fixtures, and the executions `align eval` replays.
        .testTarget(name: "ReportTests", dependencies: ["Report", "Engine", "Recorder", "TestSupport", "TestTraits"]),
        .testTarget(name: "alignTests", dependencies: ["Recorder", "PostgresStore", "TestSupport", "TestTraits", "SandboxWorld"],
                    exclude: ["golden", "hostile"]),
        // The store contract, run against the SQLite file and a PostgreSQL database; PostgreSQL's own behaviour.
        .testTarget(name: "PostgresStoreTests", dependencies: ["Recorder", "PostgresStore", "TestSupport", "TestTraits"]),
    ]
)
