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
}
