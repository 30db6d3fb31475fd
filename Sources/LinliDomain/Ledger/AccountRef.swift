/// The address of a ledger account inside one community: a member's account, or one of the
/// community's system accounts.
///
/// The stored form (`member:mem_…`, `system:escrow`) is derived from the owner, so posting to an
/// account never needs a lookup to learn its id, and an account can be opened lazily by the same
/// statement that first posts to it.
public enum AccountRef: Hashable, Sendable, Comparable, CustomStringConvertible {
    case member(MemberID)
    case system(AccountKind)

    public static let issuance = AccountRef.system(.issuance)
    public static let escrow = AccountRef.system(.escrow)
    public static let rewards = AccountRef.system(.rewards)
    public static let donations = AccountRef.system(.donations)
    public static let penalties = AccountRef.system(.penalties)

    public var kind: AccountKind {
        switch self {
        case .member: return .member
        case .system(let kind): return kind
        }
    }

    public var memberID: MemberID? {
        if case .member(let id) = self { return id }
        return nil
    }

    /// The stored and displayed form.
    public var rawValue: String {
        switch self {
        case .member(let id): return "member:" + id.rawValue
        case .system(let kind): return "system:" + kind.rawValue
        }
    }

    public var description: String { rawValue }

    /// Parses the stored form; nil for anything else (including `system:member`).
    public init?(rawValue: String) {
        if rawValue.hasPrefix("member:"), let id = MemberID(String(rawValue.dropFirst(7))) {
            self = .member(id)
        } else if rawValue.hasPrefix("system:"), let kind = AccountKind(rawValue: String(rawValue.dropFirst(7))), kind != .member {
            self = .system(kind)
        } else {
            return nil
        }
    }

    public static func < (lhs: AccountRef, rhs: AccountRef) -> Bool { lhs.rawValue < rhs.rawValue }
}
