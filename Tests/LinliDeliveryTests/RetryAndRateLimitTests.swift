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
}
