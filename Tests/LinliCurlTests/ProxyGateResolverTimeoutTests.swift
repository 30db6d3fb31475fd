import Foundation
import LinliDelivery
import Testing
@testable import LinliCurl

/// The proxy gate's name lookup answers within the transport's connect timeout: a resolver that
/// never answers used to hold the delivery (and its slot) for as long as the system resolver kept
/// retrying, with no limit of Linli's own.
@Suite struct ProxyGateResolverTimeoutTests {
    @Test func aResolverThatDoesNotAnswerIsAFailureOnceTheTimeoutPasses() async {
        let release = DispatchSemaphore(value: 0)
        let result = await ProxyTargetGate.resolve("hangs.example", timeout: .milliseconds(200)) { _ in
            release.wait()  // a resolver stuck until the test lets it go
            return ([IPAddress(bytes: [93, 184, 216, 34])!], nil)
        }
        release.signal()
        #expect(result.addresses == nil)
        #expect(result.failure?.contains("no answer from the resolver") == true)
    }

    @Test func anAnswerWithinTheTimeoutIsUsed() async {
        let result = await ProxyTargetGate.resolve("fast.example", timeout: .seconds(30)) { _ in
            ([IPAddress(bytes: [93, 184, 216, 34])!], nil)
        }
        #expect(result.addresses == [IPAddress(bytes: [93, 184, 216, 34])!])
        #expect(result.failure == nil)
    }

    /// Lookups that hang keep their threads; beyond the limit a new one fails at once instead of
    /// taking another thread. Once the stuck ones return, lookups run again.
    @Test func hungLookupsDoNotPileUpThreads() async {
        let release = DispatchSemaphore(value: 0)
        let hang: @Sendable (String) -> (addresses: [IPAddress]?, failure: String?) = { _ in
            release.wait()
            return (nil, "released")
        }
        let lookups = ProxyTargetGate.LookupCount(limit: 2)
        for _ in 0..<2 { _ = await ProxyTargetGate.resolve("hangs.example", timeout: .milliseconds(50), lookups: lookups, lookUp: hang) }
        let refused = await ProxyTargetGate.resolve("hangs.example", timeout: .milliseconds(100), lookups: lookups, lookUp: hang)
        #expect(refused.failure?.contains("still running") == true, "\(refused)")
        #expect(refused.noPlace)
        release.signal()
        release.signal()
        // Both stuck lookups return and give their places back.
        while lookups.current > 0 { try? await Task.sleep(for: .milliseconds(10)) }
        let again = await ProxyTargetGate.resolve("fast.example", timeout: .seconds(30), lookups: lookups) { _ in
            ([IPAddress(bytes: [93, 184, 216, 34])!], nil)
        }
        #expect(again.addresses?.count == 1)
    }

    /// Helper 171 #3: with every place taken, a send failed at once as the receiver's
    /// `dns_failed` (a retry spent, the endpoint's health marked). It waits for a place; one
    /// freed meanwhile is taken, and none freed in time is "nothing was sent" (`queue_timeout`).
    @Test func aSendWaitsForAFreeLookupAndOtherwiseIsNotSent() async {
        let lookups = ProxyTargetGate.LookupCount(limit: 1)
        #expect(lookups.enter())
        let refused = await ProxyTargetGate.verdict(
            for: "http://hooks.example.org/x", policy: AddressPolicy(), timeout: .milliseconds(100), lookups: lookups) { _ in
                Issue.record("looked up without a place")
                return (nil, "looked up")
            }
        guard case .refused(let error) = refused else { Issue.record("not refused: \(refused)"); return }
        #expect(error.category == .queueTimeout, "\(error)")
        // Freed while it waits; the wait is long (half of it must be left for the lookup) so a
        // loaded machine that runs the freeing task late still frees it in time.
        Task {
            try? await Task.sleep(for: .milliseconds(100))
            lookups.leave()
        }
        let allowed = await ProxyTargetGate.verdict(
            for: "http://hooks.example.org/x", policy: AddressPolicy(), timeout: .seconds(60), lookups: lookups) { _ in
                ([IPAddress(bytes: [93, 184, 216, 34])!], nil)
            }
        #expect(allowed == .allowed(pin: IPAddress(bytes: [93, 184, 216, 34])!))
    }

    /// Helper 172 #2, #3: a place freed just before the wait ended left the lookup no time (a
    /// receiver's `dns_failed` again); a send cancelled while it waited (shutdown) was
    /// `queue_timeout`, a step of its schedule, instead of `cancelled`.
    @Test func aLatePlaceIsNotALookupWithoutTimeAndACancelledWaitIsCancelled() async {
        let lookups = ProxyTargetGate.LookupCount(limit: 1)
        #expect(lookups.enter())
        Task {
            try? await Task.sleep(for: .milliseconds(90))
            lookups.leave()
        }
        let late = await ProxyTargetGate.verdict(
            for: "http://hooks.example.org/x", policy: AddressPolicy(), timeout: .milliseconds(100), lookups: lookups) { _ in
                Thread.sleep(forTimeInterval: 0.03)
                return ([IPAddress(bytes: [93, 184, 216, 34])!], nil)
            }
        if case .refused(let error) = late { #expect(error.category == .queueTimeout, "\(error)") }
        // (On a busy machine the place may be freed only after the wait: let it be.)
        while lookups.current > 0 { try? await Task.sleep(for: .milliseconds(10)) }

        #expect(lookups.enter())
        let waiting = Task {
            await ProxyTargetGate.verdict(
                for: "http://hooks.example.org/x", policy: AddressPolicy(), timeout: .seconds(30), lookups: lookups) { _ in
                    Issue.record("looked up without a place")
                    return (nil, "looked up")
                }
        }
        try? await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        guard case .refused(let error) = await waiting.value else { Issue.record("not refused"); return }
        #expect(error.category == .cancelled, "\(error)")
        lookups.leave()
    }

    /// An address literal is checked as it is: no lookup runs and no place is taken, so endpoints
    /// written with an IP address keep working while hung lookups hold every place.
    @Test(arguments: ["192.0.2.10", "2001:db8::1", "::ffff:127.0.0.1"])
    func anAddressLiteralNeedsNoLookup(host: String) async {
        let full = ProxyTargetGate.LookupCount(limit: 0)
        let result = await ProxyTargetGate.resolve(host, timeout: .seconds(30), lookups: full) { _ in
            Issue.record("looked up an address literal")
            return (nil, "looked up")
        }
        #expect(result.addresses == [IPAddress(host)!])
        #expect(result.failure == nil)
        #expect(full.current == 0)
    }

    /// The literal still meets the address policy: the metadata address through the proxy is refused.
    @Test func aLiteralAtTheMetadataAddressIsRefusedWithoutALookup() async {
        let verdict = await ProxyTargetGate.verdict(
            for: "http://169.254.169.254/latest/meta-data", policy: AddressPolicy(), timeout: .seconds(30))
        guard case .refused(let refusal) = verdict else {
            Issue.record("not refused: \(verdict)")
            return
        }
        #expect(refusal.category == .addressRefused, "\(refusal)")
    }
}
