import Foundation
import LinliDelivery

/// Limits and defaults of the HTTP API (DESIGN rule 6: a limit on everything).
public struct APISettings: Sendable, Equatable {
    /// Largest accepted JSON request body, in bytes.
    public var maxBodyBytes: Int
    public var defaultPageSize: Int
    public var maxPageSize: Int
    /// How long a stored Idempotency-Key response is replayed.
    public var idempotencyTTL: TimeInterval
    /// The delivery's SSRF policy (`webhooks.allow_private_cidrs`), so an endpoint at an address
    /// literal it refuses is refused when registered, not after days of failed deliveries.
    public var webhookAddressPolicy = AddressPolicy()
    /// Peers whose `X-Real-IP` / `X-Forwarded-For` name the client (`server.trusted_proxies`):
    /// the reverse proxy. Loopback only by default; behind Docker's bridge or a Kubernetes ingress
    /// the proxy is not loopback, and every member was recorded with the proxy's address (helper
    /// 163 #1), which `use_ip_fingerprints` would read as everyone sharing one network.
    public var trustedProxies: [IPNetwork] = Self.loopback

    public static let loopback = [IPNetwork("127.0.0.0/8")!, IPNetwork("::1/128")!]

    public init(maxBodyBytes: Int = 64 * 1024, defaultPageSize: Int = 20, maxPageSize: Int = 100, idempotencyTTL: TimeInterval = 86_400) {
        self.maxBodyBytes = maxBodyBytes
        self.defaultPageSize = defaultPageSize
        self.maxPageSize = maxPageSize
        self.idempotencyTTL = idempotencyTTL
    }
}
