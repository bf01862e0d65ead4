import Crypto
import Engine
import Foundation
import Recorder
import Replay

/// Everything that determines a run, as stored with it and read back by `align replay`.
struct RunSetup {
    var tasksPath: String
    var tasksDigest: String
    var taskIDs: [String]
    var provider: String          // openai, anthropic, openai-compatible, log
    var logPath: String?
    var baseURL: String?
    var loop: LoopConfiguration
    var formatModel: String?
    var jobs: Int
    /// EvalPlus inputs (`--plus FILE`) and their SHA-256, when given.
    var plusPath: String?
    var plusDigest: String?

    /// The stored form. `jobs` is kept for the record but does not change results.
    var json: JSONValue {
        let stored: JSONValue = [
            "tasks": ["file": .string(tasksPath), "sha256": .string(tasksDigest), "ids": .array(taskIDs.map(JSONValue.string))],
            "provider": .string(provider), "log": logPath.map(JSONValue.string) ?? .null,
            "base_url": baseURL.map(JSONValue.string) ?? .null, "loop": loop.json,
            "format_model": formatModel.map(JSONValue.string) ?? .null, "jobs": .number(Double(jobs)),
        ]
        // Only when given, so that runs without it keep their stored form.
        if let plusPath, let plusDigest, case .object(var members) = stored {
            members["plus"] = ["file": .string(plusPath), "sha256": .string(plusDigest)]
            return .object(members)
        }
        return stored
    }

    init(tasksPath: String, tasksDigest: String, taskIDs: [String], provider: String, logPath: String?,
         baseURL: String?, loop: LoopConfiguration, formatModel: String?, jobs: Int)
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
    }

    init(json: JSONValue) throws {
        guard let tasks = json["tasks"], let path = tasks["file"]?.stringValue, let digest = tasks["sha256"]?.stringValue,
              let ids = tasks["ids"]?.arrayValue?.compactMap(\.stringValue), let provider = json["provider"]?.stringValue,
              let loop = json["loop"]
        else { throw FormatProblem("the stored run configuration is incomplete (tasks, provider or loop missing)") }
        self.init(tasksPath: path, tasksDigest: digest, taskIDs: ids, provider: provider, logPath: json["log"]?.stringValue,
                  baseURL: json["base_url"]?.stringValue, loop: try LoopConfiguration(json: loop),
                  formatModel: json["format_model"]?.stringValue, jobs: json["jobs"]?.intValue ?? 1)
        plusPath = json["plus"]?["file"]?.stringValue
        plusDigest = json["plus"]?["sha256"]?.stringValue
    }

    /// The tasks of `taskIDs` in run order, with the EvalPlus inputs attached when the run had them.
    /// - Throws: `TaskFileError` when a file is missing or changed since the run.
    func loadTasks() throws -> [CodingTask] {
        var tasks = try TaskLoader.load(path: tasksPath, only: taskIDs)
        if let plusPath {
            let digest = try Self.digest(ofFile: plusPath)
            guard digest == plusDigest else {
                throw TaskFileError(path: plusPath, line: nil,
                                    reason: "the EvalPlus file changed since the run (sha256 \(digest.prefix(12))…, the run used \((plusDigest ?? "").prefix(12))…)")
            }
            tasks = try TaskLoader.attachingPlus(to: tasks, from: plusPath)
        }
        return taskIDs.compactMap { id in tasks.first { $0.id == id } }
    }

    /// SHA-256 of a file's bytes, hex.
    static func digest(ofFile path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TaskFileError(path: path, line: nil, reason: "cannot read the file (does it exist?)")
        }
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// The chat API and upstream for `provider`.
    static func client(provider: String, baseURL: String?, model: String, transport: RecordingTransport)
        throws -> ChatClient
    {
        switch provider {
        case "openai": return ChatClient(api: .openAI(provider: "openai"), transport: transport, baseURL: baseURL)
        case "anthropic": return ChatClient(api: .anthropic, transport: transport, baseURL: baseURL)
        case "openai-compatible":
            guard baseURL != nil else { throw CacheError.invalidArgument("--provider openai-compatible needs --base-url") }
            return ChatClient(api: .openAI(provider: "openai-compatible"), transport: transport, baseURL: baseURL)
        case "log":
            return ChatClient(api: .openAI(provider: "log"), transport: transport, baseURL: "log://\(model)")
        default:
            throw CacheError.invalidArgument("unknown provider '\(provider)': use openai, anthropic, openai-compatible or log:FILE")
        }
    }

    /// The upstream live calls go to.
    static func upstream(provider: String, logPath: String?, model: String, retries: Int) -> any Upstream {
        if provider == "log", let logPath { return LogUpstream(path: logPath, model: model) }
        return RetryingUpstream(HTTPClientUpstream(), policy: .init(maxAttempts: max(1, retries + 1)))
    }
}
