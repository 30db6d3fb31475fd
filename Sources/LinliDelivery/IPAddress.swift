import Foundation

/// An IPv4 or IPv6 address, parsed by hand so the SSRF check does not depend on the platform's
/// resolver or on `inet_pton` quirks (octal `0177.0.0.1`, short forms like `127.1`), which are
/// classic filter bypasses: anything not in strict dotted-quad / RFC 4291 text form is refused.
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    case v4(UInt32)
    /// 128 bits as (high, low) 64-bit halves.
    case v6(UInt64, UInt64)

    /// From network-order bytes: 4 for IPv4, 16 for IPv6 (e.g. out of a `sockaddr`).
    public init?(bytes: [UInt8]) {
        switch bytes.count {
        case 4:
            self = .v4(bytes.reduce(0) { $0 << 8 | UInt32($1) })
        case 16:
            let high = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let low = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            self = .v6(high, low)
        default:
            return nil
        }
    }

    /// From text: `192.0.2.1`, `2001:db8::1`, `::ffff:127.0.0.1`, `[::1]`, `fe80::1%eth0`.
    public init?(_ text: String) {
        var text = Substring(text)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        if let percent = text.firstIndex(of: "%") { text = text[..<percent] }  // zone id
        if text.contains(":") {
            guard let (high, low) = Self.parseV6(text) else { return nil }
            self = .v6(high, low)
        } else {
            guard let value = Self.parseV4(text) else { return nil }
            self = .v4(value)
        }
    }

    /// Network-order bytes.
    public var bytes: [UInt8] {
        switch self {
        case .v4(let value): (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) }
        case .v6(let high, let low):
            (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64($0))) }
                + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64($0))) }
        }
    }

    public var description: String {
        switch self {
        case .v4:
            return bytes.map(String.init).joined(separator: ".")
        case .v6:
            let groups = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
            return groups.map { String($0, radix: 16) }.joined(separator: ":")
        }
    }

    static func parseV4(_ text: Substring) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCIIDigit),
                  part.count == 1 || part.first != "0",  // no octal-looking leading zeros
                  let octet = UInt32(part), octet <= 255
            else { return nil }
            value = value << 8 | octet
        }
        return value
    }

    static func parseV6(_ text: Substring) -> (UInt64, UInt64)? {
        var groups: [UInt16] = []
        var tail = text
        var embeddedV4: UInt32? = nil
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard let v4 = parseV4(text[text.index(after: lastColon)...]) else { return nil }
            embeddedV4 = v4
            tail = text[...lastColon]
            if tail.hasSuffix("::") == false { tail = tail.dropLast() }
        }
        let halves = tail.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func parseGroups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), let value = UInt16(group, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }
        let needed = embeddedV4 == nil ? 8 : 6
        guard let head = parseGroups(halves[0]) else { return nil }
        if halves.count == 2 {
            guard let back = parseGroups(halves[1]), head.count + back.count < needed else { return nil }
            groups = head + Array(repeating: 0, count: needed - head.count - back.count) + back
        } else {
            guard head.count == needed else { return nil }
            groups = head
        }
        if let embeddedV4 { groups += [UInt16(embeddedV4 >> 16), UInt16(embeddedV4 & 0xFFFF)] }
        let high = groups[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        let low = groups[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        return (high, low)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
