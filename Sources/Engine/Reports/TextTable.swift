/// Plain text tables: columns padded to their widest cell; numbers (cells that start with a digit) right-aligned.
public struct TextTable: Sendable {
    /// The header row.
    public var header: [String]
    /// The rows, each as many cells as the header (or fewer).
    public var rows: [[String]] = []

    /// A table with these column headers.
    public init(_ header: String...) { self.header = header }

    /// A table with these column headers.
    public init(header: [String]) { self.header = header }

    /// Appends a row.
    public mutating func add(_ cells: String...) { rows.append(cells) }

    /// The table as lines of text (no trailing newline).
    public var rendered: String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { row in
            var line = row.indices.map { column in
                let cell = row[column]
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                let numeric = cell.first?.isNumber == true && row != header
                return numeric ? padding + cell : cell + padding
            }.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
