/// A run configuration that cannot be run as it is.
public struct RunConfigurationError: Error, Equatable, CustomStringConvertible {
    /// What is wrong and what would do.
    public var description: String

    /// Builds an error.
    public init(_ description: String) {
        self.description = description
    }
}
