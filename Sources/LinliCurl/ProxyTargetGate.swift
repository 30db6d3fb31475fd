import CCurl
import Foundation
import Synchronization
import LinliDelivery

#if canImport(Glibc)
import Glibc
#endif

/// The SSRF check for deliveries through a proxy (`webhooks.proxy`).
///
/// Why it exists: without a proxy the check runs in curl's open-socket callback, on the address
/// curl is about to dial. Through a proxy curl dials only the proxy (which is on the allow-list,
/// as an internal egress proxy must be) and the proxy reaches the endpoint's host for us, so that
/// callback never sees the endpoint: a URL at the cloud metadata address or on the LAN would be
/// fetched on Linli's behalf. So before a proxied request is handed to curl, the endpoint's host
/// — as curl itself parses the URL, so no parser difference can slip a host past — is resolved
/// here and every address it resolves to must pass the same policy.
///
/// It fails closed: a name Linli cannot resolve is not sent (`dns_failed`, retried later).
///
/// The address checked is the address asked for (`webhooks.proxy_pinning`; https requests by
/// default, `ProxyPinning`): the request names it to the proxy through `CURLOPT_CONNECT_TO`, so
/// curl sends `CONNECT <checked address>:<port>` while the Host header, TLS SNI and certificate
/// check keep the endpoint's name. Otherwise the proxy would resolve the name again on its own,
/// and a name that answers a public address to Linli and a private one to the proxy a moment
/// later (DNS rebinding) would reach the LAN. What is not pinned, the proxy's own egress rules
/// must guard.
enum ProxyTargetGate {
    /// What the gate decided for one request.
    enum Verdict: Equatable {
        /// Not sent: the error to report.
        case refused(TransportError)
        /// Sent; through `pin` when the host was a name (every address it resolved to passed the
        /// policy, and `pin` is the first IPv4 one, else the first: an egress proxy is more
        /// likely to reach IPv4 than the resolver's order on Linli's host suggests). An address
        /// written as the host needs none.
        case allowed(pin: IPAddress?)
    }

    /// Whether `url`'s host may be reached through the proxy, and at which address.
    /// - Parameter timeout: how long the lookup may take (the transport's connect timeout): a
    ///   resolver that does not answer must not hold a delivery slot for its own minutes-long retries.
    /// - Parameter lookUp: the name lookup (`getaddrinfo` on a dispatch thread; tests answer it).
    static func verdict(
        for url: String, policy: AddressPolicy, timeout: Duration, lookups: LookupCount = .shared,
        lookUp: @escaping @Sendable (String) -> (addresses: [IPAddress]?, failure: String?) = lookUp
    ) async -> Verdict {
        guard let host = host(of: url) else {
            return .refused(TransportError(.protocolRefused, detail: "the URL's host could not be read"))
        }
        let resolved = await resolve(host, timeout: timeout, lookups: lookups, lookUp: lookUp)
        if resolved.cancelled { return .refused(TransportError(.cancelled, detail: "cancelled before it was sent")) }
        if resolved.noPlace {
            // Linli's own limit, not the receiver's name (helper 171 #3): nothing was sent, and
            // the endpoint's health is not touched (`DeliveryPolicy.notSent`).
            return .refused(TransportError(.queueTimeout, detail: "\(resolved.failure ?? "no free name lookup"); nothing was sent"))
        }
        guard let addresses = resolved.addresses, let first = addresses.first else {
            return .refused(TransportError(
                .dnsFailed, detail: "could not resolve \(host) before handing it to the proxy: \(resolved.failure ?? "no address")"))
        }
        for address in addresses {
            if case .refused(let category) = policy.evaluate(address) {
                return .refused(TransportError(
                    .addressRefused, detail: "address refused by policy: \(address) (\(category.rawValue)), for \(host) through the proxy"))
            }
        }
        guard IPAddress(host) == nil else { return .allowed(pin: nil) }
        return .allowed(pin: addresses.first { if case .v4 = $0 { true } else { false } } ?? first)
    }

    /// The `CURLOPT_CONNECT_TO` entry that sends any host and port of the request to `address`,
    /// on the URL's own port (`::ADDRESS:`; an IPv6 address in brackets, as curl reads it).
    static func connectTo(_ address: IPAddress) -> String {
        if case .v6 = address { return "::[\(address)]:" }
        return "::\(address):"
    }

    /// The host as curl parses `url` (IPv4 numbers normalised, IPv6 without brackets).
    static func host(of url: String) -> String? {
        guard (try? CurlGlobal.initialize()) != nil, let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK else { return nil }
        var part: UnsafeMutablePointer<CChar>?
        // As curl sends it: an internationalised name in punycode (`bücher.example` is looked up
        // as `xn--bcher-kva.example`), the name the proxy will resolve too.
        guard curl_url_get(handle, CURLUPART_HOST, &part, UInt32(CURLU_PUNYCODE)) == CURLUE_OK, let part else { return nil }
        defer { curl_free(part) }
        var host = String(cString: part)
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if let zone = host.firstIndex(of: "%") { host = String(host[..<zone]) }
        return host.isEmpty ? nil : host
    }

    /// Every address `host` resolves to, looked up on a thread of its own: `getaddrinfo` blocks,
    /// and neither the cooperative pool nor libdispatch's shared pool may wait on it (the latter
    /// also runs GRDB's work: a busy store kept a lookup queued on it for tens of seconds, and
    /// its timeout with it). Whichever comes first answers: the lookup, or a failure once
    /// `timeout` has passed (the lookup then finishes on its thread, unheard).
    ///
    /// Lookups still running (answered or not) are counted; beyond `lookups.limit` a new one waits
    /// for a place, up to `timeout`, then gives up without taking another thread (`noPlace`), so
    /// a resolver that hangs cannot pile up blocked threads while the worker keeps retrying; a
    /// burst of sends (an event fanned out to many endpoints) waits its turn instead of failing
    /// as the receiver's `dns_failed` (helper 171 #3).
    /// An address written as the host (`http://192.0.2.10/hook`, as curl normalised it) is its own
    /// answer: it needs no resolver, takes no place and cannot be refused for want of one.
    static func resolve(
        _ host: String, timeout: Duration, lookups: LookupCount = .shared,
        lookUp: @escaping @Sendable (String) -> (addresses: [IPAddress]?, failure: String?) = lookUp
    ) async -> Resolution {
        if let literal = IPAddress(host) { return Resolution(addresses: [literal], failure: nil) }
        let giveUp = ContinuousClock.now + timeout
        let busy = Resolution(addresses: nil, failure: "\(lookups.limit) name lookups are still running; not starting another", noPlace: true)
        while !lookups.enter() {
            // Stopped while waiting (shutdown): ended on this side, not a step of the schedule.
            if Task.isCancelled { return Resolution(addresses: nil, failure: "cancelled while waiting for a name lookup", cancelled: true) }
            guard ContinuousClock.now < giveUp else { return busy }
            try? await Task.sleep(for: .milliseconds(10))
        }
        // A place taken late leaves the lookup too little time, and its "no answer" would be the
        // receiver's `dns_failed` (helper 172 #2): at least half the time, or not started.
        let left = giveUp - ContinuousClock.now
        guard left >= timeout / 2 else {
            lookups.leave()
            return busy
        }
        let answer = await lookUpOnAThread(host, timeout: left, lookups: lookups, lookUp: lookUp)
        return Resolution(addresses: answer.addresses, failure: answer.failure)
    }

    /// What `resolve` found.
    struct Resolution: Sendable {
        let addresses: [IPAddress]?
        let failure: String?
        /// No lookup started: every place was taken for the whole wait (Linli's limit, not the name's).
        var noPlace = false
        /// No lookup started: the send was cancelled while it waited (shutdown).
        var cancelled = false
    }

    /// Runs `lookUp` on a thread of its own, holding a place of `lookups` taken by the caller
    /// until it returns, and answers by `timeout` at the latest.
    private static func lookUpOnAThread(
        _ host: String, timeout: Duration, lookups: LookupCount,
        lookUp: @escaping @Sendable (String) -> (addresses: [IPAddress]?, failure: String?)
    ) async -> (addresses: [IPAddress]?, failure: String?) {
        await withCheckedContinuation { continuation in
            let answered = Mutex(false)
            @Sendable func answer(_ value: (addresses: [IPAddress]?, failure: String?)) {
                let first = answered.withLock { done in
                    defer { done = true }
                    return !done
                }
                if first { continuation.resume(returning: value) }
            }
            let timer = Task {
                // Cancelled: the lookup answered first.
                guard (try? await Task.sleep(for: timeout)) != nil else { return }
                answer((nil, "no answer from the resolver within \(timeout)"))
            }
            Thread.detachNewThread {
                let result = lookUp(host)
                lookups.leave()
                answer(result)
                timer.cancel()
            }
        }
    }

    /// Lookups started and not yet returned, whether or not their caller stopped waiting, with
    /// the most allowed at a time (each holds a thread while the resolver works).
    final class LookupCount: Sendable {
        static let shared = LookupCount(limit: 16)
        let limit: Int
        private let running = Mutex(0)

        init(limit: Int) { self.limit = limit }

        /// Takes a place if one is free.
        func enter() -> Bool {
            running.withLock { count in
                guard count < limit else { return false }
                count += 1
                return true
            }
        }

        func leave() { running.withLock { $0 -= 1 } }

        var current: Int { running.withLock { $0 } }
    }

    static func lookUp(_ host: String) -> (addresses: [IPAddress]?, failure: String?) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0 else { return (nil, String(cString: gai_strerror(status))) }
        defer { freeaddrinfo(list) }
        var addresses: [IPAddress] = []
        var entry = list
        while let current = entry {
            if let address = current.pointee.ai_addr {
                switch current.pointee.ai_family {
                case AF_INET:
                    address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { ipv4 in
                        withUnsafeBytes(of: ipv4.pointee.sin_addr) { addresses += IPAddress(bytes: Array($0)).map { [$0] } ?? [] }
                    }
                case AF_INET6:
                    address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { ipv6 in
                        withUnsafeBytes(of: ipv6.pointee.sin6_addr) { addresses += IPAddress(bytes: Array($0)).map { [$0] } ?? [] }
                    }
                default:
                    break
                }
            }
            entry = current.pointee.ai_next
        }
        return (addresses, nil)
    }
}
