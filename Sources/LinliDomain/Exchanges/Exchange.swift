import Foundation

/// One exchange of a listing between two members, from request to its end.
///
/// Who pays is fixed at request time by the listing's direction: for an `offer` the requester pays
/// and the owner provides; for a `request` the owner pays and the member who answered provides.
public struct Exchange: Sendable, Equatable {
    public var id: ExchangeID
    public var communityID: CommunityID
    public var listingID: ListingID
    public var listingKind: ListingKind
    public var requester: MemberID
    /// The listing's owner (who accepts or declines).
    public var owner: MemberID
    public var payer: MemberID
    public var provider: MemberID
    /// Who typed the request in: the requester, or station staff acting for them.
    public var createdBy: MemberID
    public var state: ExchangeState
    /// The listing's valuation when requested, replaced by the valuation at acceptance (what is held).
    public var points: Int
    public var holdID: HoldID?
    public var scheduledStart: Date
    public var scheduledEnd: Date
    /// Actual duration of a time exchange, recorded on completion.
    public var actualMinutes: Int?
    /// The minutes the provider reported working (time exchanges, while accepted): the payer's
    /// confirmation may not go below them (`ExchangeMinutes`).
    public var reportedMinutes: Int?
    /// What the provider was finally paid (after any recomputation from actual minutes).
    public var settledPoints: Int?
    public var message: String?
    /// The member who did not show (no-show outcome).
    public var absentMember: MemberID?
    public var disputeReason: String?
    public var disputedBy: MemberID?
    public var disputedAt: Date?
    public var resolution: ExchangeResolution?
    public var compensationPoints: Int?
    public var resolutionNote: String?
    public var resolvedBy: MemberID?
    public var resolvedAt: Date?
    public var acceptedAt: Date?
    /// Set when a dispute was withdrawn after the original confirmation moment had passed:
    /// automatic confirmation waits until then (see `resumeAfterWithdrawal`).
    public var autoConfirmResumeAt: Date?
    /// When the exchange reached a final state.
    public var closedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int

    public init(
        id: ExchangeID, communityID: CommunityID, listingID: ListingID, listingKind: ListingKind, requester: MemberID,
        owner: MemberID, payer: MemberID, provider: MemberID, createdBy: MemberID, state: ExchangeState, points: Int,
        holdID: HoldID? = nil, scheduledStart: Date, scheduledEnd: Date, actualMinutes: Int? = nil, settledPoints: Int? = nil,
        message: String? = nil, absentMember: MemberID? = nil, disputeReason: String? = nil, disputedBy: MemberID? = nil,
        disputedAt: Date? = nil, resolution: ExchangeResolution? = nil, compensationPoints: Int? = nil,
        resolutionNote: String? = nil, resolvedBy: MemberID? = nil, resolvedAt: Date? = nil, acceptedAt: Date? = nil,
        autoConfirmResumeAt: Date? = nil, closedAt: Date? = nil, createdAt: Date, updatedAt: Date, version: Int,
        reportedMinutes: Int? = nil
    ) {
        self.id = id
        self.communityID = communityID
        self.listingID = listingID
        self.listingKind = listingKind
        self.requester = requester
        self.owner = owner
        self.payer = payer
        self.provider = provider
        self.createdBy = createdBy
        self.state = state
        self.points = points
        self.holdID = holdID
        self.scheduledStart = scheduledStart
        self.scheduledEnd = scheduledEnd
        self.actualMinutes = actualMinutes
        self.reportedMinutes = reportedMinutes
        self.settledPoints = settledPoints
        self.message = message
        self.absentMember = absentMember
        self.disputeReason = disputeReason
        self.disputedBy = disputedBy
        self.disputedAt = disputedAt
        self.resolution = resolution
        self.compensationPoints = compensationPoints
        self.resolutionNote = resolutionNote
        self.resolvedBy = resolvedBy
        self.resolvedAt = resolvedAt
        self.acceptedAt = acceptedAt
        self.autoConfirmResumeAt = autoConfirmResumeAt
        self.closedAt = closedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// Payer and provider for a listing of `direction` owned by `owner` and answered by `requester`.
    public static func roles(direction: ListingDirection, owner: MemberID, requester: MemberID) -> (payer: MemberID, provider: MemberID) {
        switch direction {
        case .offer: return (payer: requester, provider: owner)
        case .request: return (payer: owner, provider: requester)
        }
    }

    /// The parts `member` plays in this exchange (empty for an outsider).
    public func parties(of member: MemberID) -> Set<ExchangeParty> {
        var parties: Set<ExchangeParty> = []
        if member == requester { parties.insert(.requester) }
        if member == owner { parties.insert(.owner) }
        if member == payer { parties.insert(.payer) }
        if member == provider { parties.insert(.provider) }
        return parties
    }

    /// The other party of `member` (who did not show, when `member` reports a no-show).
    public func counterpart(of member: MemberID) -> MemberID? {
        if member == payer { return provider }
        if member == provider { return payer }
        return nil
    }

    /// The moment an accepted exchange confirms itself unless disputed: the scheduled end plus the
    /// confirmation period, or later when a withdrawn dispute pushed it back.
    public func autoConfirmAt(afterHours hours: Int) -> Date {
        Self.autoConfirmAt(scheduledEnd: scheduledEnd, resumeAt: autoConfirmResumeAt, afterHours: hours)
    }

    /// `autoConfirmAt(afterHours:)` from the two stored moments alone, for the scheduler's read of
    /// candidates (which does not load whole exchanges).
    public static func autoConfirmAt(scheduledEnd: Date, resumeAt: Date?, afterHours hours: Int) -> Date {
        let original = scheduledEnd.addingTimeInterval(TimeInterval(hours) * 3600)
        guard let resumeAt else { return original }
        return max(original, resumeAt)
    }

    /// When automatic confirmation resumes after a dispute is withdrawn at `now`: nil (the original
    /// moment stands) while it is still ahead; otherwise `now` + `graceHours`, so the payer who
    /// was waiting on the dispute is not confirmed over the instant it is withdrawn.
    ///
    /// The grace is given once. Once confirmation has been pushed back (by an earlier withdrawal
    /// or a freeze lift), a dispute only pauses the clock: confirmation resumes after the time
    /// that was left when the dispute was opened. Otherwise a payer could dispute just before
    /// each resume and withdraw just after it, keeping the provider's points held for ever
    /// without a moderator ever deciding.
    public func resumeAfterWithdrawal(now: Date, afterHours hours: Int, graceHours: Int) -> Date? {
        let original = scheduledEnd.addingTimeInterval(TimeInterval(hours) * 3600)
        guard autoConfirmResumeAt != nil else {
            return original > now ? nil : now.addingTimeInterval(TimeInterval(graceHours) * 3600)
        }
        let due = autoConfirmAt(afterHours: hours)
        // Nothing left when the dispute opened (the rules shortened the period meanwhile): the
        // grace again, rather than confirming over the instant of the withdrawal.
        guard let disputedAt, due > disputedAt else { return now.addingTimeInterval(TimeInterval(graceHours) * 3600) }
        return now.addingTimeInterval(due.timeIntervalSince(disputedAt))
    }

    /// Refuses a cancellation that would let the payer keep what they received: once an accepted
    /// exchange's scheduled start has passed, the item may have changed hands or the work been
    /// done, so the payer (or staff acting for them) can no longer call it off and take the held
    /// points back — they confirm it, report a no-show, or open a dispute for a moderator. The
    /// provider may still cancel until a no-show of theirs can be reported (`noShowFrom`,
    /// `ExchangeRules.noShowReportableFrom`): that only gives the points back. After it, a
    /// provider who did not come would escape the no-show's penalty and mark by cancelling first
    /// (helper 168 #1), so the payer decides. An exchange accepted after its start gives the
    /// payer the same time (until `noShowFrom`, which then runs from the acceptance): she was
    /// held to it the moment she heard of it (helper 168 #5). Requests not yet accepted hold
    /// nothing and can always be cancelled.
    ///
    /// - Throws: 409 `exchange.cancel_after_start` naming the scheduled start (the payer);
    ///   409 `exchange.cancel_after_no_show_time` naming when a no-show became reportable (the
    ///   provider).
    public func checkCancellable(by parties: Set<ExchangeParty>, at now: Date, noShowFrom: Date) throws(DomainError) {
        guard state == .accepted, now >= scheduledStart, parties.contains(.payer) || parties.contains(.provider) else { return }
        if !parties.contains(.provider) {
            if let acceptedAt, acceptedAt > scheduledStart, now < noShowFrom { return }
            throw DomainError(code: "exchange.cancel_after_start", category: .conflict, instants: ["scheduled_start": scheduledStart])
        }
        if now >= noShowFrom, !parties.contains(.payer) {
            throw DomainError(
                code: "exchange.cancel_after_no_show_time", category: .conflict,
                instants: ["scheduled_start": scheduledStart, "no_show_from": noShowFrom])
        }
    }

    /// The ledger reference of every transfer of this exchange.
    public var reference: String { "exchange:\(id)" }
}
