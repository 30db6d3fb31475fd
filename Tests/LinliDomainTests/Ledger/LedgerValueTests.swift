import Foundation
import Testing
@testable import LinliDomain

@Suite("Ledger values: account addresses, local days, summary, permissions, messages")
struct LedgerValueTests {
    @Test("account addresses round-trip and refuse anything else")
    func accountRefs() {
        for ref in [AccountRef.member(Fixture.alice)] + AccountKind.systemKinds.map(AccountRef.system) {
            #expect(AccountRef(rawValue: ref.rawValue) == ref)
        }
        for bad in ["system:member", "member:hh_0000000000000000000000000A", "escrow", "system:", "member:mem_1"] {
            #expect(AccountRef(rawValue: bad) == nil)
        }
    }

    @Test("a local day in Shanghai runs from 16:00 UTC to 16:00 UTC")
    func localDay() {
        // 2026-03-01 01:30 in Shanghai = 2026-02-28 17:30 UTC.
        let window = LocalDayWindow(containing: Date(timeIntervalSince1970: 1_772_299_800), timeZoneID: "Asia/Shanghai")
        #expect(window.start.text == "2026-02-28 16:00:00.000")
        #expect(window.end.text == "2026-03-01 16:00:00.000")
        let utc = LocalDayWindow(containing: Date(timeIntervalSince1970: 1_772_299_800), timeZoneID: "UTC")
        #expect(utc.start.text == "2026-02-28 00:00:00.000")
    }

    /// Days around daylight-saving changes: each window ends where the next local day starts, so
    /// consecutive windows neither overlap nor leave a gap (per-day caps, the next local day of
    /// report rewards).
    @Test(arguments: [
        // (zone, instant in the day, expected start, expected end), all UTC text
        ("America/Santiago", 1_788_706_800.0, "2026-09-06 04:00:00.000", "2026-09-07 03:00:00.000"),  // clocks 00:00 → 01:00
        ("America/Santiago", 1_775_354_400.0, "2026-04-04 03:00:00.000", "2026-04-05 04:00:00.000"),  // 25 hours: 24:00 → 23:00
        ("Europe/Berlin", 1_774_771_200.0, "2026-03-28 23:00:00.000", "2026-03-29 22:00:00.000"),  // 02:00 → 03:00: 23 hours
        ("Asia/Shanghai", 1_772_299_800.0, "2026-02-28 16:00:00.000", "2026-03-01 16:00:00.000"),
    ] as [(String, Double, String, String)])
    func localDayAroundDaylightSaving(zone: String, instant: Double, start: String, end: String) {
        let window = LocalDayWindow(containing: Date(timeIntervalSince1970: instant), timeZoneID: zone)
        #expect(window.start.text == start)
        #expect(window.end.text == end)
        let next = LocalDayWindow(containing: window.end.date, timeZoneID: zone)
        #expect(next.start == window.end, "the next day starts where this one ends")
    }

    @Test("velocity is exchange volume per 1000 points in circulation, and kinds sort by points")
    func summary() {
        #expect(LedgerSummary.velocity(volume: 250, circulation: 1000) == 250)
        #expect(LedgerSummary.velocity(volume: 7, circulation: 3) == 2333)
        #expect(LedgerSummary.velocity(volume: 7, circulation: 0) == 0)
        let summary = LedgerSummary(
            windowDays: 30, windowStart: .init(milliseconds: 0), windowEnd: .init(milliseconds: 1), memberAccounts: 0,
            pointsInCirculation: 0, creditInUse: 0, escrowHeld: 0, openHolds: 0, donationsPool: 0, penaltiesCollected: 0,
            issuedByIssuance: 0, issuedByRewards: 0, exchangeVolume: 0, transfersInWindow: 0,
            topKinds: [.init(kind: .reward, transfers: 1, points: 5), .init(kind: .hold, transfers: 2, points: 50),
                       .init(kind: .exchange, transfers: 1, points: 5)])
        #expect(summary.topKinds.map(\.kind) == [.hold, .exchange, .reward])
    }

    /// Below five member accounts the sums over members would give a neighbour's balance away:
    /// only readers of every balance see them.
    @Test("member figures are withheld from residents in a community of few accounts", arguments: [
        (Role.resident, 1, true), (.resident, 4, true), (.resident, 5, false), (.resident, 800, false),
        (.stationStaff, 1, false), (.organizer, 2, false), (.moderator, 4, false), (.admin, 0, false),
    ])
    func withheldMemberFigures(role: Role, accounts: Int, withheld: Bool) {
        let summary = LedgerSummary(
            windowDays: 30, windowStart: .init(milliseconds: 0), windowEnd: .init(milliseconds: 1), memberAccounts: accounts,
            pointsInCirculation: 50, creditInUse: 0, escrowHeld: 0, openHolds: 0, donationsPool: 0, penaltiesCollected: 0,
            issuedByIssuance: 0, issuedByRewards: 0, exchangeVolume: 0, transfersInWindow: 1, topKinds: [])
        let reader = Principal(
            communityID: CommunityID(trusted: "com_a"), memberID: MemberID(trusted: "mem_a"), role: role, tokenID: TokenID(trusted: "tok_a"))
        #expect(summary.withholdsMemberFigures(from: reader) == withheld)
    }

    /// Session 30: accounts at zero add nothing to the sums, so they hide no one: the floor counts
    /// accounts holding a balance (ten accounts, two of them not at zero, is two).
    @Test("accounts at zero do not count toward the floor", arguments: [(2, true), (4, true), (5, false), (10, false)])
    func accountsAtZeroDoNotCount(holding: Int, withheld: Bool) {
        let summary = LedgerSummary(
            windowDays: 30, windowStart: .init(milliseconds: 0), windowEnd: .init(milliseconds: 1), memberAccounts: 10,
            accountsHoldingBalance: holding, pointsInCirculation: 50, creditInUse: 0, escrowHeld: 0, openHolds: 0, donationsPool: 0,
            penaltiesCollected: 0, issuedByIssuance: 0, issuedByRewards: 0, exchangeVolume: 0, transfersInWindow: 1, topKinds: [])
        let resident = Principal(
            communityID: CommunityID(trusted: "com_a"), memberID: MemberID(trusted: "mem_a"), role: .resident, tokenID: TokenID(trusted: "tok_a"))
        #expect(summary.withholdsMemberFigures(from: resident) == withheld)
    }

    @Test("the role matrix for ledger permissions", arguments: Role.allCases)
    func permissions(role: Role) {
        let expected: [Role: Set<Permission>] = [
            .resident: [.ledgerReadSummary],
            .stationStaff: [.ledgerReadSummary, .ledgerReadOthers],
            .organizer: [.ledgerReadSummary, .ledgerReadOthers, .ledgerGrantReward, .ledgerConvertDonation],
            .moderator: [.ledgerReadSummary, .ledgerReadOthers, .ledgerManageHolds],
            .admin: [.ledgerReadSummary, .ledgerReadOthers, .ledgerGrantReward, .ledgerConvertDonation, .ledgerAdjust,
                     .ledgerReverse, .ledgerManageHolds],
        ]
        let ledger = Set(Permission.allCases.filter { $0.rawValue.hasPrefix("ledger.") })
        #expect(AccessPolicy.matrix[role, default: []].intersection(ledger) == expected[role])
    }

    @Test("every ledger code has a zh-CN and an en message with its parameters filled")
    func messages() {
        let errors: [DomainError] = [
            .ledgerUnbalanced(sum: 3), .ledgerInvalidShape(kind: .reward, detail: "d"), .ledgerAmountOutOfRange(amount: 0, max: 9),
            .ledgerCreditLimitExceeded(balance: -90, amount: 20, limit: 100), .ledgerPoolInsufficient(account: .donations, balance: 1, amount: 2),
            .ledgerIdempotencyConflict(key: "k", transfer: Fixture.transfer), .ledgerHoldState(Fixture.hold, state: .released, action: "frozen"),
            .ledgerNotReversible(Fixture.transfer, kind: .hold), .ledgerAlreadyReversed(Fixture.transfer, by: Fixture.transfer),
            .ledgerOrganizerCapExceeded(cap: 300, grantedToday: 290, amount: 20),
            .ledgerMemberRewardCapExceeded(cap: 60, receivedToday: 50, amount: 20),
            .notFound("transfer", id: "x"), .notFound("hold", id: "x"),
        ]
        let warning = LedgerWarning.nearCreditLimit(member: Fixture.alice, balance: -90, limits: .standard)
        var codes = errors.map { ($0.code, $0.parameters) }
        codes.append((warning.code, warning.parameters))
        for (code, parameters) in codes {
            #expect(ErrorCatalog.knows(code), "\(code)")
            for language in Language.allCases {
                let message = ErrorCatalog.message(code: code, parameters: parameters, in: language)
                #expect(!message.detail.contains("{"), "\(code) \(language): \(message.detail)")
                #expect(message.title != ErrorCatalog.message(code: "internal", parameters: [:], in: language).title)
            }
        }
        #expect(ErrorCatalog.message(for: .ledgerCreditLimitExceeded(balance: -90, amount: 20, limit: 100), in: .zhCN).detail.contains("还可用 10 积分"))
    }
}
