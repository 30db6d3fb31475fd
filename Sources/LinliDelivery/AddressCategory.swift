/// The class of an address for the SSRF check; only `global` is allowed without the allow-list.
public enum AddressCategory: String, Hashable, Sendable, CaseIterable {
    case global
    case loopback
    case privateUse = "private"
    case linkLocal = "link_local"
    /// 100.64.0.0/10, carrier-grade NAT.
    case sharedAddressSpace = "shared_address_space"
    case multicast
    case unspecified
    case broadcast
    case documentation
    /// fc00::/7.
    case uniqueLocal = "unique_local"
    case reserved
}
