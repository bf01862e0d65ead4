/// The sandbox itself failed (not the code under test): nothing is recorded for such an execution.
public enum SandboxError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A process could not be started.
    case cannotStart(String, String)
    /// Python is not usable at the configured path.
    case pythonUnavailable(String)
    /// The harness ended without saying anything (it never wrote its first record).
    case harnessFailed(status: Int32, stderr: String)

    public var description: String {
        switch self {
        case .cannotStart(let executable, let reason):
            "sandbox: could not start \(executable): \(reason)"
        case .pythonUnavailable(let path):
            "sandbox: python at \(path) cannot be run; install python3 or set ALIGN_PYTHON"
        case .harnessFailed(let status, let stderr):
            "sandbox: the harness failed before reporting (status \(status))"
                + (stderr.isEmpty ? "" : ": \(stderr)")
        }
    }
}
