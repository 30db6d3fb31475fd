import Foundation
import LinliDomain
import Testing

/// The contest's own small state machine, its window, and when automatic confirmation resumes
/// after a withdrawn dispute.
@Suite struct NoShowContestStateTests {
    @Test(arguments: NoShowContestState.allCases)
    func decidingOnlyFromOpen(state: NoShowContestState) throws {
        for outcome in NoShowContestOutcome.allCases {
            if state == .open {
                #expect(try state.deciding(outcome).rawValue == outcome.rawValue)
            } else {
                #expect(throws: DomainError(code: "exchange.contest_decided", category: .conflict, parameters: ["state": state.rawValue])) {
                    try state.deciding(outcome)
                }
            }
        }
    }

    @Test func windowIsInclusiveOfItsLastMoment() throws {
        let noShowAt = Date(timeIntervalSince1970: 1_800_000_000)
        try NoShowContestState.requireWithinWindow(noShowAt: noShowAt, now: noShowAt, windowDays: 7)
        try NoShowContestState.requireWithinWindow(noShowAt: noShowAt, now: noShowAt.addingTimeInterval(7 * 86_400), windowDays: 7)
        let late = #expect(throws: DomainError.self) {
            try NoShowContestState.requireWithinWindow(noShowAt: noShowAt, now: noShowAt.addingTimeInterval(7 * 86_400 + 1), windowDays: 7)
        }
        #expect(late?.code == "exchange.contest_window_closed")
    }

    /// A disputed item exchange scheduled from `start` to `end`.
    static func disputed(start: Date, end: Date) -> Exchange {
        Exchange(
            id: ExchangeID(trusted: "exc_00000000000000000000000001"), communityID: CommunityID(trusted: "cmt_00000000000000000000000001"),
            listingID: ListingID(trusted: "lst_00000000000000000000000001"), listingKind: .item,
            requester: MemberID(trusted: "mem_00000000000000000000000002"), owner: MemberID(trusted: "mem_00000000000000000000000001"),
            payer: MemberID(trusted: "mem_00000000000000000000000002"), provider: MemberID(trusted: "mem_00000000000000000000000001"),
            createdBy: MemberID(trusted: "mem_00000000000000000000000002"), state: .disputed, points: 10,
            scheduledStart: start, scheduledEnd: end, createdAt: start, updatedAt: start, version: 1)
    }

    @Test func confirmationResumesAtTheOriginalMomentOrAfterTheGrace() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var exchange = Self.disputed(start: start, end: start.addingTimeInterval(3600))
        let original = start.addingTimeInterval(3600 + 72 * 3600)
        // Still ahead: nothing to push back.
        #expect(exchange.resumeAfterWithdrawal(now: original.addingTimeInterval(-1), afterHours: 72, graceHours: 24) == nil)
        // At or after it: now + grace.
        let late = original.addingTimeInterval(5000)
        let resume = exchange.resumeAfterWithdrawal(now: late, afterHours: 72, graceHours: 24)
        #expect(resume == late.addingTimeInterval(24 * 3600))
        exchange.autoConfirmResumeAt = resume
        #expect(exchange.autoConfirmAt(afterHours: 72) == resume)
        // A resume time earlier than the original (rules lengthened since) never confirms earlier.
        exchange.autoConfirmResumeAt = start
        #expect(exchange.autoConfirmAt(afterHours: 72) == original)
    }

    /// Session 15 review: dispute just before the resume, withdraw just after, again and again.
    /// The grace is given once; later withdrawals resume after the time that was left when the
    /// dispute opened, so the cycles converge instead of holding the points for ever.
    @Test func theWithdrawalGraceIsGivenOnceAndLaterDisputesOnlyPauseTheClock() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var exchange = Self.disputed(start: start, end: start)
        let hour: TimeInterval = 3600
        // (disputed at, withdrawn at, confirmation then due), hours after the scheduled end; 72 h period, 24 h grace.
        let cycles: [(Double, Double, Double)] = [
            (71, 73, 97),  // the original moment passed during the dispute: the grace, once
            (96, 98, 99),  // 1 hour was left when disputed: 1 hour after the withdrawal
            (98.5, 120, 120.5),  // a long dispute pauses, it does not eat the time left
            (120.25, 121, 121.25),  // a quarter of an hour left: a quarter of an hour
        ]
        for (disputed, withdrawn, due) in cycles {
            exchange.disputedAt = start.addingTimeInterval(disputed * hour)
            exchange.autoConfirmResumeAt = exchange.resumeAfterWithdrawal(
                now: start.addingTimeInterval(withdrawn * hour), afterHours: 72, graceHours: 24)
            #expect(exchange.autoConfirmAt(afterHours: 72) == start.addingTimeInterval(due * hour), "disputed at \(disputed) h")
        }
        // The rules shortened the period while the dispute was open (nothing was left when it
        // opened, under the new period): the grace again, not confirmation at the withdrawal.
        exchange.disputedAt = start.addingTimeInterval(130 * hour)
        let withdrawn = start.addingTimeInterval(131 * hour)
        #expect(exchange.resumeAfterWithdrawal(now: withdrawn, afterHours: 24, graceHours: 24) == withdrawn.addingTimeInterval(24 * hour))
    }
}
