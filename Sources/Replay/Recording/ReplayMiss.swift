import Recorder

/// A strict replay asked for a call that was never recorded.
public struct ReplayMiss: Error, CustomStringConvertible, Sendable {
    /// The provider, model and path of the request.
    public var provider: String
    public var model: String?
    public var path: String
    /// Its key.
    public var key: CacheKey
    /// Its sample index within its scope.
    public var sampleIndex: Int
    /// The closest recorded request to the same provider and path, if any.
    public var nearestKey: CacheKey?
    /// The nearest request's sample index.
    public var nearestSampleIndex: Int?
    /// How the request differs from the nearest recorded one, field by field.
    public var differences: [JSONDifference]

    public var description: String {
        var text = "replay miss: no recording for \(provider) \(model ?? "(no model)") \(path) "
            + "(key \(key), sample \(sampleIndex))"
        guard let nearestKey else {
            return text + "; nothing is recorded for \(provider) \(path). It must be recorded first, in record mode"
        }
        text += "; nearest is \(nearestKey)"
        if differences.isEmpty {
            text += ", whose body is the same: only the sample index (\(nearestSampleIndex ?? 0) recorded, "
                + "\(sampleIndex) requested) or a behaviour header differs"
            return text
        }
        let shown = differences.prefix(8).map { "  \($0)" }.joined(separator: "\n")
        let more = differences.count > 8 ? "\n  … and \(differences.count - 8) more" : ""
        return text + ", which differs in " + differences.prefix(3).map { "`\($0.path)`" }.joined(separator: ", ")
            + (differences.count > 3 ? " and more" : "") + ":\n" + shown + more
    }
}

/// The call failed and was not stored.
public struct UpstreamFailure: Error, CustomStringConvertible, Sendable {
    /// The provider and path.
    public var provider: String
    public var path: String
    /// The HTTP status.
    public var status: Int
    /// The body the provider sent (its error message).
    public var body: String

    /// Builds a failure.
    public init(provider: String, path: String, status: Int, body: String) {
        self.provider = provider
        self.path = path
        self.status = status
        self.body = body
    }

    public var description: String {
        let hint: String = switch status {
        case 0: "no answer: is the server running, and is the base URL right?"
        case 401, 403: "check the API key"
        case 404: "check the model name and the base URL"
        case 400, 422: "the provider refused the request as sent"
        case 429: "rate limited even after retries; make fewer calls at once or try later"
        default: status >= 500 ? "the provider failed even after retries; try later" : "see the provider's message"
        }
        let what = status == 0 ? "failed" : "answered \(status)"
        return "\(provider) \(path) \(what) (\(hint)): \(body.prefix(500))"
    }
}
