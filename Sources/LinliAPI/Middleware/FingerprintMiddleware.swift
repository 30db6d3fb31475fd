import Foundation
import HTTPTypes
import Hummingbird
import LinliDelivery
import LinliDomain
import LinliStore
import Synchronization

/// Notes which device (`X-Linli-Device`, the client's install id) and which network address each
/// authenticated member uses, as keyed hashes (`MemberFingerprints`), so that two accounts on one
/// phone show up as self-dealing when they trade with each other.
///
/// The address is the connection's peer; behind a reverse proxy (a peer in
/// `server.trusted_proxies`, loopback by default) it is the proxy's `X-Real-IP`, or the last
/// `X-Forwarded-For` entry the proxy appended.
/// A pair is written at most once an hour per process, so browsing costs one dictionary lookup.
struct FingerprintMiddleware: RouterMiddleware {
    typealias Context = LinliRequestContext
    static let deviceHeader = HTTPField.Name("X-Linli-Device")!
    static let maxDeviceLength = 128

    let store: Store
    /// The reverse proxies whose headers name the client (`APISettings.trustedProxies`).
    let trustedProxies: [IPNetwork]
    let recorder = FingerprintRecorder()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let principal = context.principal else { return try await next(request, context) }
        var seen: [(MemberFingerprints.Kind, String)] = []
        if let device = request.headers[Self.deviceHeader] {
            guard Self.isValidDevice(device) else {
                throw DomainError(code: "device_id.invalid", category: .invalidInput, parameters: ["max": String(Self.maxDeviceLength)])
            }
            seen.append((.device, device))
        }
        if let address = Self.clientAddress(peer: context.remoteAddress, headers: request.headers, trusted: trustedProxies),
            let network = MemberFingerprints.networkIdentity(address)
        {
            seen.append((.ip, network))
        }
        let now = store.clock.now()
        var due: [(MemberFingerprints.Kind, String)] = []
        var overCap: [(MemberFingerprints.Kind, String)] = []
        for (kind, value) in seen {
            switch recorder.check(principal.memberID, kind, value, now: now) {
            case .due: due.append((kind, value))
            case .overHourlyCap: overCap.append((kind, value))
            case .recent: break
            }
        }
        if !overCap.isEmpty {
            // Past the hourly count only what another member has is written: the evidence, read
            // without the writer (helper 159 #3).
            let community = principal.communityID, member = principal.memberID
            let values = overCap
            due += try await store.read { db in try MemberFingerprints.sharedWithOthers(db, community: community, member: member, values: values) }
        }
        if !due.isEmpty {
            let due = due
            try await store.transaction { tx in
                let db = tx.db
                let key = try MemberFingerprints.key(db, now: now)
                for (kind, value) in due {
                    try MemberFingerprints.record(
                        db, community: principal.communityID, member: principal.memberID, kind: kind,
                        fingerprint: MemberFingerprints.hash(value, kind: kind, key: key), now: now)
                }
            }
        }
        return try await next(request, context)
    }

    /// An install id: 8…128 visible ASCII characters (a UUID fits; a sentence does not).
    static func isValidDevice(_ value: String) -> Bool {
        (8...maxDeviceLength).contains(value.utf8.count) && value.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }

    /// The client's address: the peer's, or, when the peer is a trusted proxy, the one its
    /// `X-Real-IP` (else the last `X-Forwarded-For` entry) names. An IPv4-mapped peer
    /// (`::ffff:127.0.0.1`) is judged by its IPv4 address.
    static func clientAddress(peer: String?, headers: HTTPFields, trusted: [IPNetwork] = APISettings.loopback) -> String? {
        guard let peer else { return nil }
        guard let address = IPAddress(peer) else { return peer }
        // Only the mapped form (`::ffff:a.b.c.d`, how a dual-stack socket shows an IPv4 peer) is
        // the IPv4 address; 6to4 or NAT64 addresses carrying a trusted one are other hosts (helper
        // 164 #1: `2002:7f00:1::1` counted as 127.0.0.1).
        var mapped: IPAddress?
        if case .v6(0, let low) = address, low >> 32 == 0xFFFF { mapped = .v4(UInt32(truncatingIfNeeded: low)) }
        guard trusted.contains(where: { $0.contains(address) || mapped.map($0.contains) == true }) else { return peer }
        if let real = headers[HTTPField.Name("X-Real-IP")!]?.trimmingCharacters(in: .whitespaces), !real.isEmpty { return real }
        if let forwarded = headers[HTTPField.Name("X-Forwarded-For")!],
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        {
            return last
        }
        return peer
    }
}

/// When each (member, kind, value) was last written, so a busy client is recorded once an hour;
/// and how many values new to this process each member sent of each kind this hour, so a client
/// making up install ids does not open a write, through the single writer, per request (helper
/// 153 #2). Past that count a value is written only when another member has it
/// (`MemberFingerprints.sharedWithOthers`), as the store keeps past its daily limit.
final class FingerprintRecorder: Sendable {
    enum Decision: Equatable { case due, recent, overHourlyCap }

    private struct Seen {
        var lastWritten: [String: Date] = [:]
        var newThisHour: [String: (since: Date, count: Int)] = [:]
    }

    private let seen = Mutex(Seen())
    static let interval: TimeInterval = 3600
    static let capacity = 100_000
    /// Values new to this process a member may send of one kind in an hour before the rest are
    /// written only when shared.
    static let newPerHour = 20

    func check(_ member: MemberID, _ kind: MemberFingerprints.Kind, _ value: String, now: Date) -> Decision {
        let key = "\(member.rawValue)|\(kind.rawValue)|\(value)"
        let counter = "\(member.rawValue)|\(kind.rawValue)"
        return seen.withLock { seen in
            if let last = seen.lastWritten[key] {
                guard now.timeIntervalSince(last) >= Self.interval else { return .recent }
            } else {
                var counted = seen.newThisHour[counter] ?? (now, 0)
                if now.timeIntervalSince(counted.since) >= Self.interval { counted = (now, 0) }
                guard counted.count < Self.newPerHour else { return .overHourlyCap }
                counted.count += 1
                seen.newThisHour[counter] = counted
            }
            if seen.lastWritten.count >= Self.capacity {
                seen.lastWritten.removeAll(keepingCapacity: true)
                seen.newThisHour.removeAll(keepingCapacity: true)
            }
            seen.lastWritten[key] = now
            return .due
        }
    }
}
