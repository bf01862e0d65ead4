extension PythonSource {
    /// Whether `code` defines `name` at the top level (`def name(`, `async def name(`, or `name = …`): the one check
    /// that a program defines the task's entry point.
    public static func defines(_ name: String, in code: String) -> Bool {
        code.split(separator: "\n").contains { line in
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            return trimmed.hasPrefix("def \(name)(") || trimmed.hasPrefix("async def \(name)(") || trimmed.hasPrefix("def \(name) (")
                || (trimmed.hasPrefix("\(name) =") || trimmed.hasPrefix("\(name)=")) && line.first != " "
        }
    }
}
