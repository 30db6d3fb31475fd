import Foundation
import LinliDomain
import LinliStore

/// A member's balance and counters, with the limits that apply, so an app can show "you can still
/// spend N points" without knowing the rules.
struct BalanceView: Encodable {
    let memberId: String
    let balance: Int
    /// Points of this member currently held in escrow for accepted exchanges.
    let held: Int
    /// What the member can still spend: down to minus the credit limit.
    let available: Int
    let creditLimit: Int
    let warningThreshold: Int
    let nearLimit: Bool
    let pointsGiven: Int
    let pointsReceived: Int
    let minutesServed: Int
    let minutesReceived: Int
    let lastSeq: Int

    init(member: MemberID, account: LedgerAccount, held: Int, limits: LedgerLimits) {
        memberId = member.rawValue
        balance = account.balance
        self.held = held
        available = max(0, account.balance + limits.creditLimit)
        creditLimit = limits.creditLimit
        warningThreshold = limits.warningThreshold
        nearLimit = account.balance <= -limits.warningThreshold
        pointsGiven = account.pointsGiven
        pointsReceived = account.pointsReceived
        minutesServed = account.minutesServed
        minutesReceived = account.minutesReceived
        lastSeq = account.lastSeq
    }
}

/// One statement line.
struct StatementEntryView: Encodable {
    /// Absent on a withheld line too: the payer reads the same seq on her own statement, and it
    /// matched the hidden line to the member she compensated (helper 173 #1).
    let seq: Int?
    /// Absent on a line withheld from this reader (`StatementEntry.isWithheld`).
    let transferId: String?
    let kind: String
    /// The kind in words, from this member's side, in the caller's language
    /// (`TransferKind.label`); `reason` stays as it was written.
    let kindLabel: String
    let reason: String
    let category: String?
    let memo: String?
    let reference: String?
    let createdAt: Date
    let amount: Int
    let balanceAfter: Int
    let counterparties: [String]
    /// On the member's own hold line: what became of the points (held, frozen, released to the
    /// other side, refunded to her).
    let holdState: String?

    init(_ entry: StatementEntry, language: Language) {
        seq = entry.isWithheld ? nil : entry.seq
        transferId = entry.isWithheld ? nil : entry.transferID.rawValue
        kind = entry.kind.rawValue
        kindLabel = entry.label(in: language)
        reason = entry.reason
        category = entry.category
        memo = entry.memo
        reference = entry.reference
        createdAt = entry.createdAt.date
        amount = entry.amount
        balanceAfter = entry.balanceAfter
        counterparties = entry.counterparties.map(\.rawValue)
        holdState = entry.holdState?.rawValue
    }
}

/// One read of a member's points by someone else (`GET /v1/members/{id}/ledger-reads`).
struct LedgerReadView: Encodable {
    let id: String
    let readerId: String?
    let readerName: String?
    let readerRole: String?
    let onBehalfOf: String?
    let what: String
    let transferId: String?
    let format: String?
    let readAt: Date

    init(_ read: LedgerRead) {
        id = read.id.rawValue
        readerId = read.readerID?.rawValue
        readerName = read.readerName
        readerRole = read.readerRole?.rawValue
        onBehalfOf = read.onBehalfOf?.rawValue
        what = read.what.rawValue
        transferId = read.transferID?.rawValue
        format = read.format
        readAt = read.readAt
    }
}

/// A warning in the caller's language, next to its stable code.
struct WarningView: Encodable {
    let code: String
    let memberId: String
    let title: String
    let detail: String
    let parameters: [String: String]

    init(_ warning: LedgerWarning, language: Language) {
        self.init(code: warning.code, member: warning.member, parameters: warning.parameters, language: language)
    }

    init(code: String, member: MemberID, parameters: [String: String], language: Language) {
        let message = ErrorCatalog.message(code: code, parameters: parameters, in: language)
        self.code = code
        memberId = member.rawValue
        title = message.title
        detail = message.detail
        self.parameters = parameters
    }

    /// `member.same_name` about `member`, just registered, when `namesakes` already carry the name.
    static func sameName(_ member: Member, namesakes: (count: Int, ids: [MemberID]), language: Language) -> [WarningView] {
        guard namesakes.count > 0 else { return [] }
        var shown = namesakes.ids.map(\.rawValue).joined(separator: ", ")
        if namesakes.count > namesakes.ids.count { shown += ", …" }
        return [WarningView(
            code: "member.same_name", member: member.id,
            parameters: ["name": member.displayName, "count": String(namesakes.count), "member_ids": shown], language: language)]
    }
}

/// A posted transfer, with its postings and its place in the hash chain.
struct TransferView: Encodable {
    struct PostingView: Encodable {
        let leg: Int
        let account: String
        let amount: Int
        /// Nil on another member's account when the reader may not read others' points.
        let balanceAfter: Int?
    }

    struct SettlementView: Encodable {
        let payerId: String
        let payeeId: String
        let points: Int
        let minutes: Int?
    }

    let id: String
    let seq: Int
    let kind: String
    let amount: Int
    let reason: String
    let category: String?
    let memo: String?
    let reference: String?
    let actorId: String?
    let actorLabel: String?
    let onBehalfOf: String?
    let reversesId: String?
    let holdId: String?
    let settlement: SettlementView?
    let createdAt: Date
    let postings: [PostingView]
    /// The hash chain's links, only for readers of every balance (`ledger.read_others`, a
    /// recorded read): a hash covers the balances after, and the rest of its input is visible or
    /// guessable (ids, amounts, the second of the time, a derivable idempotency key), so a hidden
    /// balance could be found by trying a few million candidates; and the next transfer's
    /// `previous_hash` is that hash, so hiding one link is not enough (session 28 reviews).
    /// `ledger verify` reads the chain.
    let previousHash: String?
    let hash: String?
    /// True when an earlier request with the same idempotency key had already posted it.
    let replayed: Bool
    let warnings: [WarningView]

    /// - Parameter balancesOf: when set (a party to the transfer, a reader without
    ///   `ledger.read_others`, or the caller of a ledger write), the balances after shown are only
    ///   this member's and the system accounts': paying a neighbour must not tell the payer what
    ///   the neighbour has left, and staff learn a member's balance only through a recorded read.
    /// - Parameter withholding: member accounts shown as `member` only, without the member
    ///   (`CaseCompensationPrivacy`: whom a case's compensation paid).
    /// - Parameter namingActorTo: a reader who may learn who made the transfer only when it was
    ///   she, or someone acting in her name: a resident reading a penalty, a compensation or a
    ///   no-show payment on her own statement learnt the deciding moderator's id there, which the
    ///   exchange and the contest withhold from the parties (helper 137). Nil: staff who may read
    ///   others' points, who see it.
    /// - Parameter reason: the reason as this reader is shown it (`CaseCompensationPrivacy.reason`).
    init(
        _ transfer: Transfer, replayed: Bool = false, warnings: [LedgerWarning] = [], language: Language = .zhCN,
        balancesOf reader: MemberID? = nil, withholding withheld: Set<AccountRef> = [], namingActorTo actorReader: MemberID? = nil,
        reason shownReason: String? = nil
    ) {
        id = transfer.id.rawValue
        seq = transfer.seq
        kind = transfer.kind.rawValue
        amount = transfer.amount
        reason = shownReason ?? transfer.reason
        category = transfer.category
        memo = transfer.memo
        reference = transfer.reference
        let namesActor = actorReader == nil || transfer.actorID == actorReader || transfer.onBehalfOf == actorReader
        actorId = namesActor ? transfer.actorID?.rawValue : nil
        actorLabel = transfer.actorLabel
        onBehalfOf = transfer.onBehalfOf?.rawValue
        reversesId = transfer.reversesID?.rawValue
        holdId = transfer.holdID?.rawValue
        settlement = transfer.settlement.map {
            SettlementView(payerId: $0.payer.rawValue, payeeId: $0.payee.rawValue, points: $0.points, minutes: $0.minutes)
        }
        createdAt = transfer.createdAt.date
        postings = transfer.postings.map {
            let concealed = withheld.contains($0.account)
            let hidden = concealed || (reader != nil && $0.account.memberID != nil && $0.account.memberID != reader)
            let account = concealed ? AccountKind.member.rawValue : $0.account.rawValue
            return PostingView(leg: $0.leg, account: account, amount: $0.amount, balanceAfter: hidden ? nil : $0.balanceAfter)
        }
        // A hash covers the accounts too: with one withheld, trying each member would name them.
        previousHash = reader == nil && withheld.isEmpty ? transfer.previousHash : nil
        hash = reader == nil && withheld.isEmpty ? transfer.hash : nil
        self.replayed = replayed
        self.warnings = warnings.map { WarningView($0, language: language) }
    }
}

/// The community summary.
struct LedgerSummaryView: Encodable {
    struct KindView: Encodable {
        let kind: String
        let transfers: Int
        let points: Int
    }

    struct CategoryView: Encodable {
        let category: String
        let exchanges: Int
        let points: Int
    }

    /// The sums over members, left out (nil, so not encoded) where the reader could work a
    /// neighbour's balance out of them (`LedgerSummary.withholdsMemberFigures`).
    struct MemberFigures: Encodable {
        let pointsInCirculation: Int
        let creditInUse: Int
        let donationsPool: Int
        let escrowHeld: Int
        let openHolds: Int
        let penaltiesCollected: Int
        let issuedByIssuance: Int
        let issuedByRewards: Int
        let exchangeVolume: Int
        let velocityPerMille: Int
        let transfersInWindow: Int
        let topKinds: [KindView]
        let topCategories: [CategoryView]
    }

    let windowDays: Int
    let windowStart: Date
    let windowEnd: Date
    let memberAccounts: Int
    let memberFigures: MemberFigures?
    /// Set when the member figures are left out: the account count from which they show.
    let memberFiguresFromAccounts: Int?

    init(_ summary: LedgerSummary, withholdingMemberFigures withheld: Bool) {
        windowDays = summary.windowDays
        windowStart = summary.windowStart.date
        windowEnd = summary.windowEnd.date
        memberAccounts = summary.memberAccounts
        memberFiguresFromAccounts = withheld ? LedgerSummary.minimumAccountsForResidents : nil
        memberFigures = withheld ? nil : MemberFigures(
            pointsInCirculation: summary.pointsInCirculation, creditInUse: summary.creditInUse, donationsPool: summary.donationsPool, escrowHeld: summary.escrowHeld,
            openHolds: summary.openHolds, penaltiesCollected: summary.penaltiesCollected, issuedByIssuance: summary.issuedByIssuance,
            issuedByRewards: summary.issuedByRewards, exchangeVolume: summary.exchangeVolume, velocityPerMille: summary.velocityPerMille,
            transfersInWindow: summary.transfersInWindow,
            topKinds: summary.topKinds.map { KindView(kind: $0.kind.rawValue, transfers: $0.transfers, points: $0.points) },
            topCategories: summary.topCategories.map { CategoryView(category: $0.category, exchanges: $0.exchanges, points: $0.points) })
    }

    private enum CodingKeys: String, CodingKey {
        case windowDays, windowStart, windowEnd, memberAccounts, memberFiguresFromAccounts
    }

    /// The member figures sit at the top level beside the others (the document's shape before
    /// some could be left out), so clients that read them keep working.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(windowDays, forKey: .windowDays)
        try container.encode(windowStart, forKey: .windowStart)
        try container.encode(windowEnd, forKey: .windowEnd)
        try container.encode(memberAccounts, forKey: .memberAccounts)
        try container.encodeIfPresent(memberFiguresFromAccounts, forKey: .memberFiguresFromAccounts)
        try memberFigures?.encode(to: encoder)
    }
}
