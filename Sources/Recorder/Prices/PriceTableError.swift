/// A price file that cannot be used, with the file and (where it can be told) the line.
public struct PriceTableError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file, or `built-in` for the table compiled into align.
    public var file: String
    /// The 1-based line, when known.
    public var line: Int?
    /// What is wrong and what to do.
    public var message: String

    /// Builds an error.
    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        "prices file \(file)" + (line.map { ", line \($0)" } ?? "") + ": " + message
    }
}
