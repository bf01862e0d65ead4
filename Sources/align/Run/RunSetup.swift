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

    /// The stored form. `jobs` is kept for the record but does not change results.
    var json: JSONValue {
        [
            "tasks": ["file": .string(tasksPath), "sha256": .string(tasksDigest), "ids": .array(taskIDs.map(JSONValue.string))],
            "provider": .string(provider), "log": logPath.map(JSONValue.string) ?? .null,
            "base_url": baseURL.map(JSONValue.string) ?? .null, "loop": loop.json,
            "format_model": formatModel.map(JSONValue.string) ?? .null, "jobs": .number(Double(jobs)),
        ]
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
        return checkingCredential(RetryingUpstream(HTTPClientUpstream(), policy: .init(maxAttempts: max(1, retries + 1))),
                                  provider: provider)
    }

    /// `upstream`, refusing live calls without a key for the providers that always need one (a local
    /// OpenAI-compatible server may not).
    static func checkingCredential(_ upstream: any Upstream, provider: String) -> any Upstream {
        switch provider {
        case "openai": CredentialCheckingUpstream(upstream, headers: ["authorization"], variable: "OPENAI_API_KEY")
        case "anthropic": CredentialCheckingUpstream(upstream, headers: ["x-api-key"], variable: "ANTHROPIC_API_KEY")
        default: upstream
        }
    }
}
