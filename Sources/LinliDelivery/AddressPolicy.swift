/// Which addresses outbound webhooks may connect to (SSRF protection).
///
/// Applied by the transport to the address it is *actually* about to connect to (after DNS), so
/// names resolving to internal addresses and DNS rebinding are caught too. IPv6 forms that embed an
/// IPv4 address (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4
/// `2002::/16`) are judged by the embedded address. The allow-list (from configuration, used by
/// tests and by deployments with an internal receiver) overrides every refusal.
public struct AddressPolicy: Hashable, Sendable {
    public var allowList: [IPNetwork]

    public init(allowList: [IPNetwork] = []) {
        self.allowList = allowList
    }

    /// Parses CIDR strings; throws naming the first malformed entry so configuration loading can
    /// report exactly which one.
    public init(allowing cidrs: [String]) throws(AddressPolicyError) {
        var networks: [IPNetwork] = []
        for cidr in cidrs {
            guard let network = IPNetwork(cidr) else { throw AddressPolicyError(entry: cidr) }
            networks.append(network)
        }
        self.allowList = networks
    }

    /// The verdict for `address`.
    public func evaluate(_ address: IPAddress) -> AddressVerdict {
        let embedded = Self.embeddedIPv4(in: address)
        if allowList.contains(where: { $0.contains(address) || embedded.map($0.contains) == true }) { return .allowed }
        let category = Self.category(of: address)
        return category == .global ? .allowed : .refused(category)
    }

    /// The address class, judging IPv4-embedding IPv6 forms by their IPv4 address.
    public static func category(of address: IPAddress) -> AddressCategory {
        switch address {
        case .v4(let value):
            return v4Category(value)
        case .v6(let high, let low):
            if high == 0 && low == 0 { return .unspecified }
            if high == 0 && low == 1 { return .loopback }
            if let embedded = embeddedIPv4(in: address), case .v4(let value) = embedded {
                let inner = v4Category(value)
                return inner == .global && (high >> 48) == 0x2002 ? .global : inner
            }
            return v6Category(address)
        }
    }

    /// The IPv4 address an IPv6 address carries, for the embedding forms listed in the type doc.
    public static func embeddedIPv4(in address: IPAddress) -> IPAddress? {
        guard case .v6(let high, let low) = address else { return nil }
        let lowV4 = IPAddress.v4(UInt32(truncatingIfNeeded: low))
        if high == 0 && low >> 32 == 0xFFFF { return lowV4 }                    // ::ffff:0:0/96 mapped
        if high == 0 && low >> 32 == 0 && low > 1 { return lowV4 }               // ::/96 compatible
        if high == 0x0064_FF9B_0000_0000 && low >> 32 == 0 { return lowV4 }      // 64:ff9b::/96 NAT64
        if high >> 48 == 0x2002 { return .v4(UInt32(truncatingIfNeeded: high >> 16)) }  // 2002::/16 6to4
        return nil
    }

    static func v4Category(_ value: UInt32) -> AddressCategory {
        func within(_ base: UInt32, _ bits: UInt32) -> Bool {
            value & (bits == 0 ? 0 : UInt32.max << (32 - bits)) == base
        }
        if value == 0xFFFF_FFFF { return .broadcast }
        if within(0x0000_0000, 8) { return .unspecified }        // 0.0.0.0/8 "this network"
        if within(0x7F00_0000, 8) { return .loopback }
        if within(0x0A00_0000, 8) || within(0xAC10_0000, 12) || within(0xC0A8_0000, 16) { return .privateUse }
        if within(0xA9FE_0000, 16) { return .linkLocal }
        if within(0x6440_0000, 10) { return .sharedAddressSpace }
        if within(0xC000_0200, 24) || within(0xC633_6400, 24) || within(0xCB00_7100, 24) { return .documentation }
        if within(0xE000_0000, 4) { return .multicast }
        if within(0xF000_0000, 4) { return .reserved }           // 240/4 (former class E)
        if within(0xC000_0000, 24) || within(0xC612_0000, 15) { return .reserved }  // 192.0.0/24, 198.18/15
        return .global
    }

    static func v6Category(_ address: IPAddress) -> AddressCategory {
        v6Rules.first { $0.network.contains(address) }?.category ?? .global
    }

    private static let v6Rules: [(network: IPNetwork, category: AddressCategory)] = [
        ("fe80::/10", AddressCategory.linkLocal), ("fec0::/10", .privateUse), ("fc00::/7", .uniqueLocal),
        ("ff00::/8", .multicast), ("2001:db8::/32", .documentation), ("3fff::/20", .documentation),
        ("100::/64", .reserved), ("2001::/32", .reserved),  // discard-only; Teredo (hides an IPv4)
    ].map { (IPNetwork($0.0)!, $0.1) }
}

/// The SSRF verdict.
public enum AddressVerdict: Hashable, Sendable {
    case allowed
    case refused(AddressCategory)
}

/// A malformed allow-list entry in the configuration.
public struct AddressPolicyError: Error, Hashable, Sendable, CustomStringConvertible {
    public let entry: String
    public var description: String { "delivery.allow_list_invalid: '\(entry)' is not a CIDR" }
}
