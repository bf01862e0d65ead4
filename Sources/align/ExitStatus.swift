import ArgumentParser
import Engine
import Foundation
import Recorder
import Replay
import Sandbox

/// Every exit status `align` uses, decided in one place.
enum ExitStatus: Int32 {
    /// Success.
    case ok = 0
    /// The command ran and found something wrong (a `verify` with problems).
    case findings = 1
    /// Bad arguments (ArgumentParser's own validation also exits 64).
    case usage = 64
    /// The input is not usable: no such file, not a cache, a newer schema, a malformed export.
    case badInput = 65
    /// Stored data failed its check.
    case corrupt = 66
    /// The store could not be read or written (lock timeout, disk, SQLite, the database server).
    case storeFailure = 74
    /// The cache's database server could not be reached (refused, unknown host, no such database).
    case unavailable = 69
    /// The cache's database server refused the credentials.
    case accessDenied = 77
    /// A strict replay asked for a call that was never recorded.
    case replayMiss = 3
    /// The provider answered with an error status (after retries), or could not be reached.
    case upstream = 4
    /// The sandbox could not run code (no usable Python, the harness failed): see `align doctor`.
    case sandbox = 5

    /// Prints `error` once on standard error and returns the exit code its status maps to.
    static func report(_ error: any Error) -> ExitCode {
        let hint = advice(for: error).map { "\n" + $0 } ?? ""
        FileHandle.standardError.write(Data("error: \(message(for: error))\(continuation(for: error) ?? "")\(hint)\n".utf8))
        return ExitCode(of(error).rawValue)
    }

    /// The library's message, with what to type put inside it where it reads better there.
    static func message(for error: any Error) -> String {
        guard let error = error as? RunLookupError, error.isMissing else { return "\(error)" }
        let lists = error.subject == .run ? "lists the stored runs" : "lists the runs and their sweeps"
        return "\(error.subject) \(error.name) (`align runs --cache \(error.store)` \(lists)) is not in this cache"
    }

    /// What to type about an error, continuing the library's message (where the library itself once said it).
    static func continuation(for error: any Error) -> String? {
        switch error {
        case let error as CacheError:
            switch error {
            case .corruptBlob: ". Run `align cache verify` to list every damaged entry, and re-record them (mode refresh)"
            case .notFound: " (`align cache ls` lists what is)"
            default: nil
            }
        case is KeyFormatError: " (as `align cache ls` prints them)"
        case CostAuditError.unknownRun(_, let available) where available.isEmpty:
            ". `align costs --all` prices every recorded call"
        case is ExecutionReplayMiss: "; run with --mode record to execute and store it"
        case let error as SandboxError:
            switch error {
            case .pythonUnavailable: " (see `align doctor`)"
            case .harnessFailed: "; see `align doctor`"
            case .cannotStart: nil
            }
        case ShardCombinationError.notAShard: " (record shards with `align run … --shard I/N`)"
        case ShardCombinationError.missingShard(let index, let count):
            " (record it with `align run … --shard \(index)/\(count)`)"
        case let error as RunLookupError where error.isMissing: " (`align cache ls` lists what is)"
        case let error as TaskFileError where error.problem == .evalPlusWithoutTests: " with --plus"
        default: nil
        }
    }

    /// What to do about an error, in the CLI's terms: the libraries' own messages name no flags.
    static func advice(for error: any Error) -> String? {
        switch error {
        case is ReplayMiss: "hint: run it with --mode record (or ALIGN_CACHE_MODE=record) to record the call"
        case is CacheModeError: "hint: pass --mode or set ALIGN_CACHE_MODE"
        case let missing as MissingCredential:
            "hint: export \(missing.variable)=…, or run with --mode replay to use only what is recorded"
        case let failure as UpstreamFailure where failure.status == 429: "hint: lower --jobs or try later"
        default: nil
        }
    }

    /// The status for an error a command threw.
    static func of(_ error: any Error) -> ExitStatus {
        if error is ReplayMiss || error is ExecutionReplayMiss { return .replayMiss }
        if error is SandboxError { return .sandbox }
        if error is UpstreamFailure || error is MissingCredential { return .upstream }
        // A usage error found while running (a run id prefix that matches several): printed as ours are, exit 64.
        if let error = error as? RunLookupError { return error.isMissing ? .badInput : .usage }
        if error is CacheModeError || error is ValidationError || error is ShardCombinationError { return .usage }
        if error is TaskFileError || error is FormatProblem || error is SandboxLimitsError || error is Gzip.Failure { return .badInput }
        if error is PriceTableError || error is CostAuditError { return .badInput }
        if error is RunConfigurationError || error is RunEventError { return .badInput }
        guard let error = error as? CacheError else { return .storeFailure }
        switch error {
        case .fileNotFound, .notACache, .newerSchema, .malformedExport, .notFound: return .badInput
        case .invalidArgument: return .usage
        case .corruptBlob: return .corrupt
        case .busy, .backend, .io: return .storeFailure
        case .unreachable: return .unavailable
        case .accessDenied: return .accessDenied
        }
    }
}

/// A command whose errors are printed once, plainly, and mapped to an exit status by `ExitStatus`.
protocol AlignCommand: ParsableCommand {
    func execute() throws
}

extension AlignCommand {
    func run() throws {
        do {
            try execute()
        } catch let error as ExitCode {
            throw error
        } catch let error as CleanExit {
            throw error
        } catch {
            throw ExitStatus.report(error)
        }
    }
}
