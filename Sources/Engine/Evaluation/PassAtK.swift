import Recorder

/// The unbiased pass@k estimator of Chen et al. 2021 ("Evaluating Large Language Models Trained on Code"):
/// with n samples of which c are correct, pass@k = 1 − C(n−c, k) / C(n, k), the chance that k samples drawn
/// without replacement include a correct one.
public enum PassAtK {
    /// The estimate for one task; nil when k > n (the samples cannot say).
    public static func estimate(samples n: Int, correct c: Int, k: Int) -> Double? {
        guard k >= 1, n >= k, c >= 0, c <= n else { return nil }
        if c == 0 { return 0 }
        if n - c < k { return 1 }
        // C(n−c, k) / C(n, k) = ∏_{i = n−c+1}^{n} (1 − k / i), the numerically stable form of the paper's code.
        var ratio = 1.0
        for i in (n - c + 1)...n { ratio *= 1 - Double(k) / Double(i) }
        return 1 - ratio
    }

    /// The ks reported: 1, 5 and 10, where `n` samples allow.
    public static func reportedKs(samples n: Int) -> [Int] { [1, 5, 10].filter { $0 <= n } }

    /// The mean estimate over tasks with samples; nil when some task has fewer than k samples or none has any.
    public static func mean(_ results: [TaskResult], k: Int) -> Double? {
        let sampled = results.filter { $0.samples != nil }
        guard !sampled.isEmpty else { return nil }
        var sum = 0.0
        for result in sampled {
            guard let value = estimate(samples: result.samples ?? 0, correct: result.samplesCorrect ?? 0, k: k) else {
                return nil
            }
            sum += value
        }
        return sum / Double(sampled.count)
    }
}
