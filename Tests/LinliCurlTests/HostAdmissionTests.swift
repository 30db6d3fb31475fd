import Testing
@testable import LinliCurl

@Suite("Per-host and total admission")
struct HostAdmissionTests {
    @Test("host keys group by scheme, host and port", arguments: [
        ("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc", "https://qyapi.weixin.qq.com"),
        ("HTTP://Example.COM:8080/a/b", "http://example.com:8080"),
        ("http://[::1]:9000?x=1", "http://[::1]:9000"),
        ("http://user@host.example/x", "http://host.example"),
    ])
    func hostKey(_ url: String, _ expected: String) {
        #expect(HostKey.of(url) == expected)
    }

    @Test func aFullHostQueuesOnlyItsOwnJobs() {
        var admission = HostAdmission<Int>(capPerHost: 2, capTotal: 100)
        let admitted = [1, 2, 3, 4].map { admission.admit($0, host: "slow") }
        let fastAdmitted = admission.admit(10, host: "fast")
        #expect(admitted == [true, true, false, false])
        #expect(fastAdmitted)
        #expect(admission.waitingCount == 2)
        let afterFast = admission.release(host: "fast")  // nothing of "fast" waits, "slow" is still full
        let afterSlow1 = admission.release(host: "slow")
        let afterSlow2 = admission.release(host: "slow")
        #expect(afterFast == nil)
        #expect(afterSlow1?.job == 3 && afterSlow2?.job == 4)
        #expect(admission.waitingCount == 0)
    }

    @Test func theTotalCapServesWaitingHostsRoundRobin() {
        var admission = HostAdmission<String>(capPerHost: 10, capTotal: 2)
        let admitted = [("a1", "a"), ("a2", "a"), ("a3", "a"), ("b1", "b"), ("c1", "c")].map { admission.admit($0.0, host: $0.1) }
        #expect(admitted == [true, true, false, false, false])
        var started: [String] = []
        var finishing = "a"
        while let next = admission.release(host: finishing) {
            started.append(next.job)
            finishing = next.host
        }
        #expect(started == ["a3", "b1", "c1"])  // a freed slot goes to its own host first, then round-robin
    }

    @Test func expiredJobsLeaveTheQueue() {
        var admission = HostAdmission<Int>(capPerHost: 1, capTotal: 10)
        let now = ContinuousClock.now
        _ = admission.admit(0, host: "h")
        _ = admission.admit(1, host: "h")
        _ = admission.admit(2, host: "h")
        let expired = admission.expire(at: now) { $0 == 1 ? now - .seconds(1) : now + .seconds(5) }
        let next = admission.release(host: "h")
        let rest = admission.drain()
        #expect(expired == [1])
        #expect(next?.job == 2)
        #expect(rest.isEmpty)
    }
}
