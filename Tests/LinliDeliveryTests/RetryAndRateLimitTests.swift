import Foundation
import Testing
@testable import LinliDelivery

@Suite("Retry schedule and robot rate limits")
struct RetryAndRateLimitTests {
    @Test func standardScheduleWithoutJitterIsTheSpec() {
        var schedule = RetrySchedule.standardWebhooks
        schedule.jitter = 0
        var generator = SeededRandomNumberGenerator(seed: 1)
        let delays = (0..<11).map { schedule.delay(afterAttempts: $0, using: &generator) }
        #expect(delays == [0, 5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400, nil])
    }

    @Test func jitterIsBoundedAndReproducibleFromTheSeed() {
        let schedule = RetrySchedule.standardWebhooks
        var first = SeededRandomNumberGenerator(seed: 42)
        var again = SeededRandomNumberGenerator(seed: 42)
        let a = (1..<10).compactMap { schedule.delay(afterAttempts: $0, using: &first) }
        let b = (1..<10).compactMap { schedule.delay(afterAttempts: $0, using: &again) }
        #expect(a == b)
        for (delay, base) in zip(a, schedule.delays.dropFirst()) {
            #expect(delay >= base * 0.9 && delay <= base * 1.1)
        }
        #expect(zip(a, schedule.delays.dropFirst()).contains { $0 != $1 })  // jitter actually moved something
        var generator = SeededRandomNumberGenerator(seed: 42)
        #expect(schedule.delay(afterAttempts: 0, using: &generator) == 0)  // the first attempt is immediate
    }

    @Test func wecomTwentyPerMinutePerRobot() {
        var limiter = RobotRateLimiter()
        let windows = PlatformLimits.rateLimits(for: .wecom)
        let start = Date(timeIntervalSince1970: 1_000)
        for second in 0..<20 {
            #expect(limiter.acquire(key: "k1", windows: windows, now: start.addingTimeInterval(Double(second))) == .allowed)
        }
        #expect(limiter.acquire(key: "k1", windows: windows, now: start.addingTimeInterval(30))
            == .wait(until: start.addingTimeInterval(60)))
        #expect(limiter.acquire(key: "k2", windows: windows, now: start.addingTimeInterval(30)) == .allowed)
        #expect(limiter.acquire(key: "k1", windows: windows, now: start.addingTimeInterval(60.001)) == .allowed)
    }

    @Test func feishuFivePerSecondAndHundredPerMinute() {
        var limiter = RobotRateLimiter()
        let windows = PlatformLimits.rateLimits(for: .feishu)
        let start = Date(timeIntervalSince1970: 0)
        var allowed: [Date] = []
        var now = start
        while now < start.addingTimeInterval(60) {
            switch limiter.acquire(key: "bot", windows: windows, now: now) {
            case .allowed: allowed.append(now); now = now.addingTimeInterval(0.01)
            case .wait(let until): now = until.addingTimeInterval(0.000_001)
            }
        }
        #expect(allowed.count == 100)
        for index in 5..<allowed.count {
            #expect(allowed[index].timeIntervalSince(allowed[index - 5]) >= 1)
        }
    }

    @Test func refusedSendsAreNotCounted() {
        var limiter = RobotRateLimiter()
        let windows = [RateWindow(limit: 1, per: .seconds(10))]
        let start = Date(timeIntervalSince1970: 0)
        #expect(limiter.acquire(key: "k", windows: windows, now: start) == .allowed)
        for second in 1..<10 {
            #expect(limiter.acquire(key: "k", windows: windows, now: start.addingTimeInterval(Double(second))) != .allowed)
        }
        #expect(limiter.acquire(key: "k", windows: windows, now: start.addingTimeInterval(10.5)) == .allowed)
    }

    /// A send planned but not made gives its admission back (session 15 review: cancelling a
    /// robot's unsubscribed backlog used up its allowance, twenty a minute, and nothing else got
    /// through for an hour).
    /// A robot the platform blocked waits until the block ends, whatever its allowance (helper
    /// 119); a later block extends it, an earlier one does not shorten it.
    @Test func aBlockedRobotWaitsForTheBlockToEnd() {
        var limiter = RobotRateLimiter()
        let windows = PlatformLimits.rateLimits(for: .dingtalk)
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        limiter.block(key: "r", until: t0.addingTimeInterval(600))
        limiter.block(key: "r", until: t0.addingTimeInterval(60))
        #expect(limiter.acquire(key: "r", windows: windows, now: t0) == .wait(until: t0.addingTimeInterval(600)))
        #expect(limiter.acquire(key: "other", windows: windows, now: t0) == .allowed, "other robots are not held")
        #expect(limiter.acquire(key: "r", windows: windows, now: t0.addingTimeInterval(600)) == .allowed)
    }

    /// Sends read back from the attempt log count as the limiter's own (a restart forgot them).
    @Test func pastSendsCountTowardsTheWindow() {
        var limiter = RobotRateLimiter()
        let windows = PlatformLimits.rateLimits(for: .wecom)
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        for second in (0..<20).reversed() { limiter.recordPast(key: "r", at: t0.addingTimeInterval(Double(second))) }
        #expect(limiter.acquire(key: "r", windows: windows, now: t0.addingTimeInterval(30)) == .wait(until: t0.addingTimeInterval(60)))
        #expect(limiter.acquire(key: "r", windows: windows, now: t0.addingTimeInterval(60.5)) == .allowed)
    }

    @Test func aReleasedAdmissionIsNotCounted() {
        var limiter = RobotRateLimiter()
        let windows = PlatformLimits.rateLimits(for: .wecom)
        let start = Date(timeIntervalSince1970: 1_000)
        for _ in 0..<20 { #expect(limiter.acquire(key: "k", windows: windows, now: start) == .allowed) }
        #expect(limiter.acquire(key: "k", windows: windows, now: start) != .allowed)
        for _ in 0..<5 { limiter.release(key: "k", at: start) }
        for _ in 0..<5 { #expect(limiter.acquire(key: "k", windows: windows, now: start.addingTimeInterval(1)) == .allowed) }
        #expect(limiter.acquire(key: "k", windows: windows, now: start.addingTimeInterval(1)) != .allowed)
        limiter.release(key: "other", at: start)  // unknown keys and times change nothing
        limiter.release(key: "k", at: start.addingTimeInterval(-5))
        #expect(limiter.acquire(key: "k", windows: windows, now: start.addingTimeInterval(1)) != .allowed)
    }

    /// Admissions count from when the sends went out (session 15 review: twenty planned at 0 s but
    /// sent at 14 s, and twenty more admitted at 60 s, reached DingTalk within 46 seconds).
    @Test func aRestampedAdmissionCountsFromWhenItWasSent() {
        var limiter = RobotRateLimiter()
        let windows = PlatformLimits.rateLimits(for: .dingtalk)
        let start = Date(timeIntervalSince1970: 1_000)
        for _ in 0..<20 { #expect(limiter.acquire(key: "k", windows: windows, now: start) == .allowed) }
        for _ in 0..<20 { limiter.restamp(key: "k", from: start, to: start.addingTimeInterval(14)) }
        #expect(limiter.acquire(key: "k", windows: windows, now: start.addingTimeInterval(60.5)) == .wait(until: start.addingTimeInterval(74)))
        #expect(limiter.acquire(key: "k", windows: windows, now: start.addingTimeInterval(74.001)) == .allowed)
    }

    /// An admission restamped to its answer can be later than the next admission's `now`: the
    /// history stays in time order, which the window check relies on.
    @Test func historyStaysInTimeOrderAfterARestamp() {
        var limiter = RobotRateLimiter()
        let windows = [RateWindow(limit: 2, per: .seconds(60))]
        let start = Date(timeIntervalSince1970: 0)
        #expect(limiter.acquire(key: "k", windows: windows, now: start) == .allowed)
        limiter.restamp(key: "k", from: start, to: start.addingTimeInterval(30))
        #expect(limiter.acquire(key: "k", windows: windows, now: start.addingTimeInterval(10)) == .allowed)
        #expect(limiter.acquire(key: "k", windows: windows, now: start.addingTimeInterval(65)) == .wait(until: start.addingTimeInterval(70)))
    }
}
