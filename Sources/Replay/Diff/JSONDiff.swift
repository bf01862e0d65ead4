import Recorder

/// One difference between two JSON documents, at a path such as `messages[1].content`.
public struct JSONDifference: Sendable, Equatable, CustomStringConvertible {
    /// Where: `temperature`, `messages[1].content`, or `(root)`.
    public var path: String
    /// The recorded value, nil when the member is absent there.
    public var recorded: JSONValue?
    /// The requested value, nil when the member is absent there.
    public var requested: JSONValue?

    public var description: String {
        "\(path): recorded \(Self.show(recorded)), requested \(Self.show(requested))"
    }

    private static func show(_ value: JSONValue?) -> String {
        guard let value else { return "(absent)" }
        let text = value.canonicalString
        return text.count > 80 ? String(text.prefix(77)) + "…" : text
    }
}

/// Field-level differences between two JSON values: members added, removed or changed, down to the leaves.
public func jsonDifferences(recorded: JSONValue, requested: JSONValue, path: String = "") -> [JSONDifference] {
    switch (recorded, requested) {
    case (.object(let old), .object(let new)):
        var differences: [JSONDifference] = []
        for name in Set(old.keys).union(new.keys).sorted() {
            let child = path.isEmpty ? name : "\(path).\(name)"
            switch (old[name], new[name]) {
            case (let a?, let b?): differences += jsonDifferences(recorded: a, requested: b, path: child)
            case (let a, let b): differences.append(JSONDifference(path: child, recorded: a, requested: b))
            }
        }
        return differences
    case (.array(let old), .array(let new)):
        var differences: [JSONDifference] = []
        for index in 0..<max(old.count, new.count) {
            let child = "\(path)[\(index)]"
            if index < old.count && index < new.count {
                differences += jsonDifferences(recorded: old[index], requested: new[index], path: child)
            } else {
                differences.append(JSONDifference(path: child, recorded: index < old.count ? old[index] : nil,
                                                  requested: index < new.count ? new[index] : nil))
            }
        }
        return differences
    default:
        // Compared as canonical bytes: Swift's String equality would call "é" and "e\u{301}" the same.
        guard recorded.canonicalBytes != requested.canonicalBytes else { return [] }
        return [JSONDifference(path: path.isEmpty ? "(root)" : path, recorded: recorded, requested: requested)]
    }
}
