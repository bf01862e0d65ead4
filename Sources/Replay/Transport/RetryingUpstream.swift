import Foundation

/// Retries 429 and 5xx answers and connection failures, honouring `Retry-After`, with capped exponential backoff
/// and jitter (half to all of each step). Retries are invisible to the cache: they never enter a key and only the final answer is stored.
public struct RetryingUpstream: Upstream {
    /// How retries are paced.
    public struct Policy: Sendable {
        /// Attempts in all, the first included.
        public var maxAttempts: Int
        /// The first backoff, doubled after each attempt.
        public var baseDelay: Duration
        /// No single wait is longer than this, `Retry-After` included.
        public var maxDelay: Duration

        /// Builds a policy.
        public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(60)) {
            self.maxAttempts = maxAttempts
            self.baseDelay = baseDelay
            self.maxDelay = maxDelay
        }
    }

    /// The upstream that is retried.
    public let base: any Upstream
    /// The pacing.
    public let policy: Policy
    private let sleep: @Sendable (Duration) async throws -> Void

    /// Wraps `base`; `sleep` is replaceable so that tests can observe the waits.
    public init(_ base: any Upstream, policy: Policy = Policy(),
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) })
    {
        self.base = base
        self.policy = policy
        self.sleep = sleep
    }

    public func send(_ request: UpstreamRequest) async throws -> UpstreamResponse {
        var attempt = 1
        while true {
            let response: UpstreamResponse
            do {
                response = try await base.send(request)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                guard attempt < policy.maxAttempts else { throw error }
                try await sleep(backoff(attempt: attempt))
                attempt += 1
                continue
            }
            guard Self.isRetryable(response.status), attempt < policy.maxAttempts else { return response }
            // Drain the failed body so the connection can be reused.
            _ = try? await collect(response.body)
            try await sleep(Self.retryAfter(response.header("retry-after")).map { min($0, policy.maxDelay) }
                            ?? backoff(attempt: attempt))
            attempt += 1
        }
    }

    /// 429 (rate limited), 408 (timeout), 409 (conflict, retried by the providers' SDKs) and every 5xx.
    public static func isRetryable(_ status: Int) -> Bool {
        status == 429 || status == 408 || status == 409 || (500...599).contains(status)
    }

    /// `Retry-After` as seconds (`"2"`, `"0.5"`) or an HTTP date.
    public static func retryAfter(_ value: String?) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds >= 0 { return .milliseconds(Int64(seconds * 1000)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return .milliseconds(Int64(max(0, date.timeIntervalSinceNow) * 1000))
    }

    private func backoff(attempt: Int) -> Duration {
        let ceiling = min(policy.baseDelay * (1 << min(attempt - 1, 20)), policy.maxDelay)
        let milliseconds = Double(ceiling.components.seconds) * 1000
            + Double(ceiling.components.attoseconds) / 1e15
        return .milliseconds(Int64(Double.random(in: 0.5...1.0) * milliseconds))
    }
}
