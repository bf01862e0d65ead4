@testable import Engine
import Recorder
import Testing

/// The statistics of `align compare`, each against a computation done by hand.
@Suite struct StatisticsTests {
    @Test func wilsonInterval() throws {
        // 6 of 10, z = 1.959964, z² = 3.841459:
        //   centre = (0.6 + 3.841459/20) / (1 + 3.841459/10) = 0.792073 / 1.384146 = 0.572246
        //   half   = 1.959964 · √(0.6·0.4/10 + 3.841459/400) / 1.384146 = 1.959964 · 0.183313 / 1.384146 = 0.259575
        //   → [0.312671, 0.831821]
        let interval = try #require(Rate(6, of: 10).interval)
        #expect(abs(interval.low - 0.312671) < 1e-5 && abs(interval.high - 0.831821) < 1e-5)
        // 10 of 10: centre = (1 + 0.192073) / 1.384146 = 0.861233, half = 1.959964 · √(0.0096036)/1.384146 = 0.138767
        let all = try #require(Rate(10, of: 10).interval)
        #expect(abs(all.low - 0.722467) < 1e-5 && abs(all.high - 1) < 1e-12)
        #expect(Rate(0, of: 0).interval == nil)
    }

    @Test func exactMcNemar() {
        // b = 1 (baseline only), c = 3 (other only): n = 4, p = 2 · (C(4,0) + C(4,1)) / 2⁴ = 2 · 5/16 = 0.625.
        let pairs: [(baseline: Bool, other: Bool)] = [(true, false), (false, true), (false, true), (false, true),
                                                      (true, true), (false, false)]
        let test = McNemar(pairs: pairs)
        #expect(test.baselineOnly == 1 && test.otherOnly == 3 && test.pairs == 6)
        #expect(abs(test.pValue - 0.625) < 1e-12)
        // b = 0, c = 10: 2 · 1/1024 = 0.001953125.
        #expect(abs(McNemar(pairs: Array(repeating: (false, true), count: 10)).pValue - 0.001953125) < 1e-12)
        #expect(McNemar(pairs: [(true, true)]).pValue == 1)
    }

    @Test func unbiasedPassAtK() throws {
        // n = 10, c = 3, k = 5: 1 − C(7,5)/C(10,5) = 1 − 21/252 = 0.916667.
        #expect(abs(try #require(PassAtK.estimate(samples: 10, correct: 3, k: 5)) - 11.0 / 12.0) < 1e-12)
        // n = 5, c = 2, k = 1: 2/5.
        #expect(abs(try #require(PassAtK.estimate(samples: 5, correct: 2, k: 1)) - 0.4) < 1e-12)
        #expect(PassAtK.estimate(samples: 5, correct: 0, k: 5) == 0)
        #expect(PassAtK.estimate(samples: 5, correct: 1, k: 5) == 1)
        #expect(PassAtK.estimate(samples: 5, correct: 1, k: 10) == nil)
        #expect(PassAtK.reportedKs(samples: 5) == [1, 5] && PassAtK.reportedKs(samples: 10) == [1, 5, 10])
    }

    @Test func spreadAcrossRepeats() throws {
        // 0.6, 0.5, 0.4: mean 0.5, sample sd √((0.01 + 0 + 0.01)/2) = 0.1.
        let spread = try #require(Spread([0.6, 0.5, 0.4]))
        #expect(abs(spread.mean - 0.5) < 1e-12 && abs(spread.standardDeviation - 0.1) < 1e-12)
        #expect(Spread([0.7])?.standardDeviation == 0)
    }

    @Test func codetChoosesTheBestGroupAndBreaksTiesByTheEarliestProgram() {
        // Groups: {0, 2} pass {0, 1} → 2 × 2 = 4; {1} passes {0, 1, 2, 3} → 4; {3} passes {} → 0. A tie: the
        // group of the earliest program (0) wins.
        #expect(CodeTStrategy.choose([0: [0, 1], 1: [0, 1, 2, 3], 2: [0, 1], 3: []]) == 0)
        #expect(CodeTStrategy.choose([0: [0], 1: [0, 1, 2], 2: [0]]) == 1)
        #expect(CodeTStrategy.choose([:]) == nil)
    }
}
