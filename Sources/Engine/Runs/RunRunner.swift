import Foundation
import Recorder
import Replay
import Sandbox

/// A run's moving parts wired from a `RunConfiguration` and a cache mode — transport, client, sandbox, executor
/// and loop — and the run itself: tasks through the strategy, events numbered and stored as each task ends, the
/// run finished (or marked failed) with its summary.
public struct RunRunner: Sendable {
    /// The configuration it runs.
    public let configuration: RunConfiguration
    /// The sandbox's protections on this machine, in words.
    public let protections: String
    /// The same as JSON (`SandboxProtections.json`), stored with each run as its configuration's `sandbox`.
    public let sandbox: JSONValue
    /// Executions through the cache (its `differences` after a `reexecute` run).
    public let executor: RecordingExecutor
    /// The cache runs and their events are stored in (nil in mode `off`): a file or a shared database.
    public let store: (any CacheBackend)?
    let loop: AlignmentLoop

    /// Wires a run.
    /// - Parameters:
    ///   - retries: retries of a rate-limited, failed or unreachable call.
    ///   - reexecute: run every execution in the sandbox again, collecting outcomes that differ.
    /// - Throws: `RunConfigurationError` when the configuration cannot run (no base URL for openai-compatible, a
    ///   log with fewer outputs than the strategy asks for); `CacheError` when a mode needs a cache and has none.
    public init(configuration: RunConfiguration, mode: CacheMode, store: (any CacheBackend)?, retries: Int = 4,
                reexecute: Bool = false, prices: PriceTable = .builtIn) throws
    {
        self.configuration = configuration
        self.store = store
        let model = configuration.loop.settings.model
        let upstream: any Upstream
        if configuration.provider == .log {
            guard let path = configuration.logPath else { throw RunConfigurationError("a log provider needs a log file") }
            let log = LogUpstream(path: path, model: model)
            // A replay never reads the log. A strategy that samples, or a later repeat, asks for outputs by index and
            // checks first that the log holds them; the loop asks try by try and a short log ends only that task.
            try Self.checkLog(for: configuration, mode: mode)
            upstream = log
        } else {
            upstream = configuration.provider.liveUpstream(retries: retries)
        }
        let transport = try RecordingTransport(mode: mode, store: store, upstream: upstream,
                                               priceTableVersion: prices.version)
        if configuration.provider == .openAICompatible && configuration.baseURL == nil {
            throw RunConfigurationError("the openai-compatible provider needs a base URL")
        }
        let client = ChatClient(api: configuration.provider.chatAPI, transport: transport,
                                baseURL: configuration.provider == .log ? "log://\(model)" : configuration.baseURL)
        let sandboxProtections = SandboxProtections.detected
        executor = try RecordingExecutor(mode: mode, store: store, live: Sandbox(protections: sandboxProtections),
                                         reexecute: reexecute)
        protections = sandboxProtections.summary
        sandbox = sandboxProtections.json
        loop = AlignmentLoop(client: client, executor: executor, configuration: configuration.loop,
                             formatModel: configuration.formatModel)
    }

    /// Runs `tasks` without storing anything; `finished` sees each task as it ends, `progress` after each.
    /// - Returns: the task runs in task order.
    public func run(_ tasks: [CodingTask], progress: @Sendable (RunProgress) -> Void = { _ in },
                    finished: (TaskRun) async throws -> Void = { _ in }) async throws -> [TaskRun]
    {
        let experiment = Experiment(loop: loop, tasks: tasks, jobs: configuration.jobs,
                                    firstSampleIndex: configuration.firstSampleIndex)
        return try await experiment.run(progress: progress, finished: finished)
    }

    /// Runs `tasks` as run `runID`: stored as running, each task's events appended as it ends (numbered in
    /// completion order), then finished with its summary — or, when the run stops, marked failed with the reason
    /// and the tasks it finished. Without a store (mode `off`) nothing is stored.
    /// - Returns: the report of the finished run.
    public func record(_ tasks: [CodingTask], runID: String, createdAt: Date = Date(),
                       progress: @Sendable (RunProgress) -> Void = { _ in },
                       finished: (TaskRun) async throws -> Void = { _ in }) async throws -> RunReport
    {
        // The protections are kept for the record (the report shows them); reading a configuration ignores them.
        var stored = configuration.json.objectValue ?? [:]
        stored["sandbox"] = sandbox
        _ = try await store?.recordRun(StoredRun(runID: runID, createdAt: Timestamp.string(from: createdAt),
                                                 status: .running, config: .object(stored)))
        var sequence = 0
        let taskRuns: [TaskRun]
        do {
            taskRuns = try await run(tasks, progress: progress) { taskRun in
                try await finished(taskRun)
                guard let store else { return }
                let events = taskRun.runEvents(after: sequence)
                sequence += events.count
                try await store.appendRunEvents(events, to: runID)
            }
        } catch {
            try? await store?.finishRun(runID, status: .failed, summary: ["error": .string("\(error)")], at: Date())
            throw error
        }
        let report = RunReport(configuration: configuration, results: taskRuns.map(\.result))
        try await store?.finishRun(runID, status: .finished, summary: report.summary.json, at: Date())
        return report
    }

    /// A new run id: `run-YYYYMMDD-HHMMSS-xxxx` (UTC, random suffix).
    public static func newRunID(at date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return "run-\(formatter.string(from: date))-\(String(UInt16.random(in: 0...UInt16.max), radix: 16))"
    }

    /// Checks, before anything runs, that a log provider holds the outputs `configuration` asks for (a sampling
    /// strategy or a later repeat asks for outputs by index); nothing to check for other providers or in replay.
    /// - Throws: `RunConfigurationError` saying how many outputs are asked for and held.
    public static func checkLog(for configuration: RunConfiguration, mode: CacheMode) throws {
        guard mode != .replay, configuration.provider == .log, let path = configuration.logPath,
              configuration.loop.strategy.usesSamples || configuration.firstSampleIndex > 0
        else { return }
        try checkCapacity(of: LogUpstream(path: path, model: configuration.loop.settings.model), path: path,
                          for: configuration)
    }

    /// Fails when the log holds fewer programs or test blocks per task than the configuration asks for.
    static func checkCapacity(of log: LogUpstream, path: String, for configuration: RunConfiguration) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }   // the first call reports the missing file
        let held = try log.capacity()
        let loop = configuration.loop
        let first = configuration.firstSampleIndex
        let programs: Int
        let testBlocks: Int
        switch loop.strategy {
        case .direct: (programs, testBlocks) = (first + 1, 0)
        case .selfAlign: (programs, testBlocks) = (first + loop.budget, first + loop.budget)
        case .sample: (programs, testBlocks) = (first + loop.samples, 0)
        case .codet: (programs, testBlocks) = (first + loop.samples, first + loop.testSamples)
        }
        let repeatNote = first > 0 ? " (repeat \(configuration.repeatIndex ?? 1) starts at output \(first + 1))" : ""
        if programs > held.programs {
            throw RunConfigurationError("\(loop.strategy.rawValue) asks the log \(path) for \(programs) programs per task\(repeatNote), but it holds \(held.programs) for some tasks: ask for fewer samples, tries or repeats")
        }
        if testBlocks > held.testBlocks {
            throw RunConfigurationError("\(loop.strategy.rawValue) asks the log \(path) for \(testBlocks) test blocks per task\(repeatNote), but it holds \(held.testBlocks) for some tasks: ask for fewer test samples, tries or repeats")
        }
    }
}
