/// A CIDR block such as `127.0.0.0/8` or `fc00::/7`.
public struct IPNetwork: Hashable, Sendable, CustomStringConvertible {
    public let address: IPAddress
    public let prefixLength: Int

    /// The network containing `address` with `prefixLength` bits; host bits are cleared.
    public init?(_ address: IPAddress, prefixLength: Int) {
        let width = address.bitWidth
        guard (0...width).contains(prefixLength) else { return nil }
        self.address = address.masked(to: prefixLength)
        self.prefixLength = prefixLength
    }

    /// Parses `a.b.c.d/n`, `x:y::/n`, or a bare address (a /32 or /128).
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let address = IPAddress(String(first)) else { return nil }
        if parts.count == 2 {
            guard let length = Int(parts[1]), parts[1].allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
            self.init(address, prefixLength: length)
        } else {
            self.init(address, prefixLength: address.bitWidth)
        }
    }

    public func contains(_ candidate: IPAddress) -> Bool {
        switch (address, candidate) {
        case (.v4, .v4), (.v6, .v6): candidate.masked(to: prefixLength) == address
        default: false
        }
    }

    public var description: String { "\(address)/\(prefixLength)" }
}

extension IPAddress {
    var bitWidth: Int {
        if case .v4 = self { 32 } else { 128 }
    }

    /// The address with all but the first `bits` bits cleared.
    func masked(to bits: Int) -> IPAddress {
        switch self {
        case .v4(let value):
            return .v4(bits == 0 ? 0 : value & (UInt32.max << UInt32(32 - bits)))
        case .v6(let high, let low):
            let highMask: UInt64 = bits >= 64 ? .max : (bits == 0 ? 0 : UInt64.max << UInt64(64 - bits))
            let lowMask: UInt64 = bits <= 64 ? 0 : (bits == 128 ? .max : UInt64.max << UInt64(128 - bits))
            return .v6(high & highMask, low & lowMask)
        }
    }
}
