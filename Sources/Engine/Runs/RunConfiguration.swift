import Foundation
import Recorder

/// Everything that determines a run, as stored with it (`runs.config`) and read back to replay it.
public struct RunConfiguration: Sendable, Equatable {
    /// The task file as it was given, its SHA-256, and the ids of the tasks run, in order.
    public var tasksPath: String
    public var tasksDigest: String
    public var taskIDs: [String]
    /// Where model calls go.
    public var provider: ProviderKind
    /// The published log of `provider` `log`.
    public var logPath: String?
    /// The server's base URL (nil: the provider's public API).
    public var baseURL: String?
    /// Strategy, budgets, model settings and sandbox limits.
    public var loop: LoopConfiguration
    /// The model of `--format-check model`.
    public var formatModel: String?
    /// Tasks at a time: kept for the record, it does not change results.
    public var jobs: Int
    /// Which repeat of its configuration this run is (1-based; nil: not repeated). Repeat r numbers its calls from
    /// sample index (r − 1) × `repeatStride`, so each repeat gets samples of its own and replays them.
    public var repeatIndex: Int?
    /// The sweep this run is a cell of, and the cell's label (`strategy=codet tests=3`).
    public var sweepID: String?
    public var cell: String?
    /// Which shard of the selected tasks this run is (nil: the whole run); `taskIDs` are then the shard's.
    public var shard: RunShard?

    /// Builds a configuration.
    public init(tasksPath: String, tasksDigest: String, taskIDs: [String], provider: ProviderKind, logPath: String?,
                baseURL: String?, loop: LoopConfiguration, formatModel: String?, jobs: Int, repeatIndex: Int? = nil,
                sweepID: String? = nil, cell: String? = nil)
    {
        self.tasksPath = tasksPath
        self.tasksDigest = tasksDigest
        self.taskIDs = taskIDs
        self.provider = provider
        self.logPath = logPath
        self.baseURL = baseURL
        self.loop = loop
        self.formatModel = formatModel
        self.jobs = jobs
        self.repeatIndex = repeatIndex
        self.sweepID = sweepID
        self.cell = cell
    }

    /// Identical requests one repeat can make in a task's scope: the first sample index of repeat r is
    /// (r − 1) × this.
    public var repeatStride: Int {
        loop.strategy.usesSamples ? max(loop.samples, loop.strategy == .codet ? loop.testSamples : 1) : 1
    }

    /// The first sample index of this run's calls in each task's scope.
    public var firstSampleIndex: Int { ((repeatIndex ?? 1) - 1) * repeatStride }

    /// The stored form; the repeat, sweep and shard members only where set, so runs made before them keep their bytes.
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "tasks": ["file": .string(tasksPath), "sha256": .string(tasksDigest), "ids": .array(taskIDs.map(JSONValue.string))],
            "provider": .string(provider.rawValue), "log": logPath.map(JSONValue.string) ?? .null,
            "base_url": baseURL.map(JSONValue.string) ?? .null, "loop": loop.json,
            "format_model": formatModel.map(JSONValue.string) ?? .null, "jobs": .number(Double(jobs)),
        ]
        if let repeatIndex { members["repeat"] = .number(Double(repeatIndex)) }
        if let sweepID { members["sweep"] = .string(sweepID) }
        if let cell { members["cell"] = .string(cell) }
        if let shard { members["shard"] = shard.json }
        return .object(members)
    }

    /// Reads a stored configuration.
    /// - Throws: `RunConfigurationError` when members are missing or unknown.
    public init(json: JSONValue) throws {
        guard let tasks = json["tasks"], let path = tasks["file"]?.stringValue, let digest = tasks["sha256"]?.stringValue,
              let ids = tasks["ids"]?.arrayValue?.compactMap(\.stringValue), let providerName = json["provider"]?.stringValue,
              let loop = json["loop"]
        else { throw RunConfigurationError("the stored run configuration is incomplete (tasks, provider or loop missing)") }
        guard let provider = ProviderKind(rawValue: providerName) else {
            throw RunConfigurationError("the stored run configuration names an unknown provider '\(providerName)'")
        }
        self.init(tasksPath: path, tasksDigest: digest, taskIDs: ids, provider: provider, logPath: json["log"]?.stringValue,
                  baseURL: json["base_url"]?.stringValue, loop: try LoopConfiguration(json: loop),
                  formatModel: json["format_model"]?.stringValue, jobs: json["jobs"]?.intValue ?? 1,
                  repeatIndex: json["repeat"]?.intValue, sweepID: json["sweep"]?.stringValue,
                  cell: json["cell"]?.stringValue)
        if let shard = json["shard"], shard != .null { self.shard = try RunShard(json: shard) }
    }

    /// SHA-256 of a file's bytes, hex.
    /// - Throws: `TaskFileError` when the file cannot be read.
    public static func digest(ofFile path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TaskFileError(path: path, line: nil, reason: "cannot read the file (does it exist?)")
        }
        return CacheKey(hashing: data).hex
    }

    /// The model name a log provider answers as: `log/<file name without .gz/.json/.jsonl>`.
    public static func logModel(_ path: String) -> String {
        var name = (path as NSString).lastPathComponent
        for suffix in [".gz", ".json", ".jsonl"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
        return "log/" + name
    }
}
