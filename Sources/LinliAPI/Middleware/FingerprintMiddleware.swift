import Foundation
import HTTPTypes
import Hummingbird
import LinliDomain
import LinliStore
import Synchronization

/// Notes which device (`X-Linli-Device`, the client's install id) and which network address each
/// authenticated member uses, as keyed hashes (`MemberFingerprints`), so that two accounts on one
/// phone show up as self-dealing when they trade with each other.
///
/// The address is the connection's peer; behind a reverse proxy on the same host (a loopback
/// peer) it is the proxy's `X-Real-IP`, or the last `X-Forwarded-For` entry the proxy appended.
/// A pair is written at most once an hour per process, so browsing costs one dictionary lookup.
struct FingerprintMiddleware: RouterMiddleware {
    typealias Context = LinliRequestContext
    static let deviceHeader = HTTPField.Name("X-Linli-Device")!
    static let maxDeviceLength = 128

    let store: Store
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
        if let address = Self.clientAddress(peer: context.remoteAddress, headers: request.headers),
            let network = MemberFingerprints.networkIdentity(address)
        {
            seen.append((.ip, network))
        }
        let now = store.clock.now()
        let due = seen.filter { recorder.isDue(principal.memberID, $0.0, $0.1, now: now) }
        if !due.isEmpty {
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

    static func clientAddress(peer: String?, headers: HTTPFields) -> String? {
        guard let peer else { return nil }
        guard peer == "127.0.0.1" || peer == "::1" || peer == "::ffff:127.0.0.1" else { return peer }
        if let real = headers[HTTPField.Name("X-Real-IP")!]?.trimmingCharacters(in: .whitespaces), !real.isEmpty { return real }
        if let forwarded = headers[HTTPField.Name("X-Forwarded-For")!],
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        {
            return last
        }
        return peer
    }
}

/// When each (member, kind, value) was last written, so a busy client is recorded once an hour.
/// (A client making up install ids still writes for each: the store keeps only
/// `MemberFingerprints.dailyNewLimit` of them, and any another member has, which is the
/// evidence the fraud check needs; a limit here could not tell those apart.)
final class FingerprintRecorder: Sendable {
    private let lastWritten = Mutex<[String: Date]>([:])
    static let interval: TimeInterval = 3600
    static let capacity = 100_000

    func isDue(_ member: MemberID, _ kind: MemberFingerprints.Kind, _ value: String, now: Date) -> Bool {
        let key = "\(member.rawValue)|\(kind.rawValue)|\(value)"
        return lastWritten.withLock { seen in
            if let last = seen[key], now.timeIntervalSince(last) < Self.interval { return false }
            if seen.count >= Self.capacity { seen.removeAll(keepingCapacity: true) }
            seen[key] = now
            return true
        }
    }
}
