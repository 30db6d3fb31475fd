import Crypto
import Foundation
import GRDB
import LinliDelivery
import LinliDomain

/// The devices and network addresses members use, kept only as keyed hashes: enough to see that
/// two accounts share a phone (self-dealing), never enough to recover an address or a device id.
///
/// The key is generated once per installation and stored in `instance_secrets`, so hashes cannot
/// be precomputed elsewhere (an IPv4 address space is small enough to hash in full) and a copied
/// database does not reveal them either without the key row.
public enum MemberFingerprints {
    public enum Kind: String, Sendable, CaseIterable {
        /// The client's own install id (`X-Linli-Device`).
        case device
        /// The address the request came from (an IPv6 address reduced to its /64).
        case ip
    }

    static let keyName = "fingerprint_hmac_key"

    /// The installation's hashing key, created on first use.
    public static func key(_ db: Database, now: Date) throws -> SymmetricKey {
        if let existing = try existingKey(db) { return existing }
        let fresh = SymmetricKey(size: .bits256)
        let text = fresh.withUnsafeBytes { Data($0).base64EncodedString() }
        try db.execute(
            sql: "INSERT INTO instance_secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
            arguments: [keyName, text, now])
        return try key(db, now: now)
    }

    /// The installation's hashing key if it exists yet (a read never creates it).
    static func existingKey(_ db: Database) throws -> SymmetricKey? {
        guard let stored = try String.fetchOne(db, sql: "SELECT value FROM instance_secrets WHERE name = ?", arguments: [keyName]),
            let data = Data(base64Encoded: stored)
        else { return nil }
        return SymmetricKey(data: data)
    }

    /// The stored form of a raw value: HMAC-SHA256 over kind and value, 128 bits in hex.
    public static func hash(_ value: String, kind: Kind, key: SymmetricKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(kind.rawValue)\n\(value)".utf8), using: key)
        return HexDigits.text(mac.prefix(16))
    }

    /// What identifies a network address: IPv4 as is, IPv6 by its /64 (one household's prefix;
    /// the rest of an IPv6 address changes by itself), an IPv4-mapped IPv6 address as its IPv4.
    /// Nil for text that is not an address.
    public static func networkIdentity(_ address: String) -> String? {
        switch IPAddress(address) {
        case .v4(let value)?: return IPAddress.v4(value).description
        case .v6(let high, let low)? where high == 0 && low >> 32 == 0xFFFF:
            return IPAddress.v4(UInt32(truncatingIfNeeded: low)).description
        case .v6(let high, _)?: return IPAddress.v6(high, 0).description + "/64"
        case nil: return nil
        }
    }

    /// Which of `values` (raw, by kind) another member of the community already has, read without
    /// writing: none before the installation's key exists.
    public static func sharedWithOthers(
        _ db: Database, community: CommunityID, member: MemberID, values: [(Kind, String)]
    ) throws -> [(Kind, String)] {
        guard let key = try existingKey(db) else { return [] }
        return try values.filter { kind, value in
            try Bool.fetchOne(
                db.cachedStatement(sql: """
                    SELECT EXISTS (SELECT 1 FROM member_fingerprints WHERE community_id = ? AND kind = ? AND fingerprint = ? AND member_id <> ?)
                    """),
                arguments: [community.rawValue, kind.rawValue, hash(value, kind: kind, key: key), member.rawValue]) ?? false
        }
    }

    /// New devices and new addresses kept per member in any 24 hours. A phone, a tablet and a
    /// grandchild's phone are a few devices; a mobile carrier hands out a few dozen addresses a
    /// day. More is a client sending made-up install ids (helper 153 #2: every one was a row and
    /// memory in every fraud check, without end); they are not kept. A value another member of
    /// the community already has is kept past the limit all the same: that is what the fraud
    /// check looks for, and made-up ids sent first must not hide the phone two accounts share
    /// (helper 154 #6).
    public static func dailyNewLimit(_ kind: Kind) -> Int {
        switch kind {
        case .device: 10
        case .ip: 50
        }
    }

    /// Records that the member used a device or address now (first and last seen). A value new for
    /// her is kept within `dailyNewLimit`, or when another member has it; returns whether
    /// anything was written.
    @discardableResult
    public static func record(
        _ db: Database, community: CommunityID, member: MemberID, kind: Kind, fingerprint: String, now: Date
    ) throws -> Bool {
        try db.execute(
            sql: """
                UPDATE member_fingerprints SET last_seen_at = ?
                WHERE community_id = ? AND member_id = ? AND kind = ? AND fingerprint = ?
                """,
            arguments: [now, community.rawValue, member.rawValue, kind.rawValue, fingerprint])
        if db.changesCount > 0 { return true }
        try db.execute(
            sql: """
                INSERT INTO member_fingerprints (community_id, member_id, kind, fingerprint, first_seen_at, last_seen_at)
                SELECT ?, ?, ?, ?, ?, ?
                WHERE (SELECT COUNT(*) FROM member_fingerprints
                       WHERE community_id = ? AND member_id = ? AND kind = ? AND first_seen_at > ?) < ?
                   OR EXISTS (SELECT 1 FROM member_fingerprints
                       WHERE community_id = ? AND kind = ? AND fingerprint = ? AND member_id <> ?)
                """,
            arguments: [
                community.rawValue, member.rawValue, kind.rawValue, fingerprint, now, now,
                community.rawValue, member.rawValue, kind.rawValue, now.addingTimeInterval(-86_400), dailyNewLimit(kind),
                community.rawValue, kind.rawValue, fingerprint, member.rawValue,
            ])
        return db.changesCount > 0
    }

    /// Every member's (or only `ids`') fingerprints of the given kinds (prefixed by kind, so a
    /// device hash can never equal an address hash); with `seenSince`, only those she used since
    /// (`fraud.self_dealing.fingerprint_days`).
    public static func all(
        _ db: Database, community: CommunityID, kinds: Set<Kind>, only ids: [MemberID]? = nil, seenSince: Date? = nil
    ) throws -> [MemberID: Set<String>] {
        var result: [MemberID: Set<String>] = [:]
        let filter = TrustSnapshotQueries.only("member_id", ids)
        for row in try Row.fetchAll(
            db, sql: "SELECT member_id, kind, fingerprint FROM member_fingerprints WHERE community_id = ? AND last_seen_at >= ?" + filter.sql,
            arguments: [community.rawValue, seenSince ?? Date.distantPast] + filter.arguments)
        {
            guard let kind = Kind(rawValue: row[1]), kinds.contains(kind) else { continue }
            result[MemberID(trusted: row[0]), default: []].insert("\(kind.rawValue):\(row[2] as String)")
        }
        return result
    }
}
