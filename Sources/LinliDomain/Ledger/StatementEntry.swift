/// One line of a member's statement (passbook): what moved, why, with whom, and what was left.
public struct StatementEntry: Hashable, Sendable {
    public private(set) var seq: Int
    public private(set) var transferID: TransferID
    public private(set) var kind: TransferKind
    public private(set) var reason: String
    public private(set) var category: String?
    public private(set) var memo: String?
    public private(set) var reference: String?
    public private(set) var createdAt: LedgerTimestamp
    /// Signed: positive when the member received points.
    public private(set) var amount: Int
    /// The member's balance right after this line.
    public private(set) var balanceAfter: Int
    /// The other accounts of the transfer (usually one: the other member, or a system account).
    public private(set) var counterparties: [AccountRef]
    /// A release that returned held points to the member who paid them (not a payment to her).
    public private(set) var refund: Bool
    /// Shown without what ties it to a case (`withoutCaseLink`): no transfer id, reason or
    /// reference, the points and the date only.
    public private(set) var isWithheld: Bool
    /// What became of the points a hold line took from this member (nil on every other line):
    /// the hold transfer itself never changes, so without it the payer of a completed exchange read
    /// "held" for ever and never saw that she had paid (helper 131).
    public private(set) var holdState: HoldOutcome?
    /// The rule file's reward of a reward line (`category`), by whose name the line reads ("社区奖励：
    /// 活动帮手"): the bare code `event_help` and "Community reward" were all a statement printed at
    /// the desk said of it, while her inbox named it (helper 142).
    public private(set) var reward: RewardKind?

    public init(
        seq: Int, transferID: TransferID, kind: TransferKind, reason: String, category: String?, memo: String?,
        reference: String?, createdAt: LedgerTimestamp, amount: Int, balanceAfter: Int, counterparties: [AccountRef],
        refund: Bool = false, isWithheld: Bool = false, holdState: HoldOutcome? = nil
    ) {
        self.seq = seq
        self.transferID = transferID
        self.kind = kind
        self.reason = reason
        self.category = category
        self.memo = memo
        self.reference = reference
        self.createdAt = createdAt
        self.amount = amount
        self.balanceAfter = balanceAfter
        self.counterparties = counterparties
        self.refund = refund
        self.isWithheld = isWithheld
        self.holdState = holdState
    }

    /// What the line is, in words, from this member's side (`TransferKind.label`).
    public func label(in language: Language) -> String {
        let label = kind.label(amount: amount, refund: refund, holdState: holdState, language: language)
        guard kind == .reward, amount > 0, let name = language == .en ? reward?.nameEN : reward?.nameZH, !name.isEmpty else { return label }
        return language == .en ? "\(label): \(name)" : "\(label)：\(name)"
    }

    /// The line without its memo: what another reader is shown of a reward whose memo names a
    /// case (the upheld-report reward), so a reported member cannot tie their reporter to it.
    public var withoutMemo: StatementEntry {
        var line = self
        line.memo = nil
        return line
    }

    /// The line with its system accounts only: what the member a case was about is shown of its
    /// compensation (and of that compensation's reversal), since the member paid is usually the
    /// one who reported them.
    public var withoutMemberCounterparties: StatementEntry {
        var line = self
        line.counterparties = counterparties.filter { $0.memberID == nil }
        return line
    }

    /// The line without the member it came from and without anything naming the case: what a
    /// reader who may not read a case's reporters is shown of its compensation on the statement of
    /// the member paid (helper 128: the member the case was about, being staff, read the
    /// reporter's statement and found her own name and the case there). Not its transfer either
    /// (helper 130: the transfer names the case and its payer), nor its reason (the resolution's
    /// words, which the payer was told). The points and the date stay, so the balance reads.
    public var withoutCaseLink: StatementEntry {
        var line = withoutMemo.withoutMemberCounterparties
        line.reason = ""
        line.reference = nil
        line.isWithheld = true
        return line
    }

    /// The line of a case's compensation as the member paid reads it: the reason names the case
    /// (`TransferKind.caseCompensationReason`), not the resolution's words, which were written to
    /// the offender and may tell of his suspension (helper 137; transfers written before 0.38
    /// carry them).
    public var withCaseCompensationReason: StatementEntry {
        var line = self
        if let reference { line.reason = TransferKind.caseCompensationReason(reference) }
        return line
    }

    /// The line with the reward it pays, found by its category in `rewards` (the rule file's).
    public func with(rewards: [String: RewardKind]) -> StatementEntry {
        guard kind == .reward, let category, let reward = rewards[category] else { return self }
        var line = self
        line.reward = reward
        return line
    }

    /// The line with what became of its hold's points (`holdState`).
    public func with(holdState: HoldOutcome?) -> StatementEntry {
        var line = self
        line.holdState = holdState
        return line
    }
}

/// Which lines of a statement to show.
public struct StatementFilter: Hashable, Sendable {
    /// Inclusive lower bound.
    public var from: LedgerTimestamp?
    /// Exclusive upper bound.
    public var to: LedgerTimestamp?
    /// Only these kinds (empty: all).
    public var kinds: [TransferKind]

    public init(from: LedgerTimestamp? = nil, to: LedgerTimestamp? = nil, kinds: [TransferKind] = []) {
        self.from = from
        self.to = to
        self.kinds = kinds
    }

    /// Refuses an empty or inverted range.
    public func validate() throws(DomainError) {
        if let from, let to, to <= from {
            throw DomainError(code: "query.range_inverted", category: .invalidInput, parameters: ["name": "to", "after": "from"])
        }
    }
}
