import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliStore
import NIOCore
import Testing

/// Found by review 9g (each test failed first): the 9e fix hides the upheld-report reward's audit
/// entry from the member the case was about (`AuditQueries.list`), but the same reward is readable
/// through the ledger by that member. Rewards paid since migration 0019 carry no case at all.
@Suite struct StatementReporterPrivacyTests {
    /// The admin puts `member` and the fixture's moderator (the reported one) in a new household.
    static func moveInWithTheReportedModerator(_ client: any TestClientProtocol, _ a: SeededCommunity, _ member: String) async throws {
        let home = try await client.call(.post, "/v1/households", token: a.secret(.admin), json: #"{"name":"5号楼 301"}"#)
        let homeID = try #require(try home.object()["id"] as? String)
        for id in [member, a.member(.moderator).id.rawValue] {
            let moved = try await client.call(.patch, "/v1/members/\(id)", token: a.secret(.admin), json: #"{"household_id":"\#(homeID)"}"#)
            #expect(moved.status == .ok, "\(String(buffer: moved.body))")
        }
    }

    /// Session 16 review: the audit log hid the reward paid for a case from the member the case
    /// was about, but not from a moderator living with them, who may not read that case either.
    @Test func aHousemateOfTheReportedModeratorDoesNotFindTheRewardInTheAuditLog() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        try await fixture.run { client in
            _ = try await TrustPrivacyHTTPTests.upholdResidentsReportAboutModerator(client, a)
            #expect(try TrustPrivacyHTTPTests.payReportRewardsNow(fixture) == 1)
            let housemate = try await TrustPrivacyHTTPTests.newResident(client, a, name: "同住审核员")
            let promoted = try await client.call(
                .put, "/v1/members/\(housemate.id)/role", token: a.secret(.admin), json: #"{"role":"moderator","reason":"增补审核员"}"#)
            #expect(promoted.status == .ok)
            func rewardEntries(_ token: String) async throws -> Int {
                let page = try await client.call(.get, "/v1/audit?limit=100", token: token)
                return ((try page.object()["items"] as? [[String: Any]]) ?? []).filter { $0["action"] as? String == "ledger.reward_granted" }.count
            }
            #expect(try await rewardEntries(housemate.secret) == 1, "before moving in, another moderator reads it")
            try await Self.moveInWithTheReportedModerator(client, a, housemate.id)
            #expect(try await rewardEntries(housemate.secret) == 0, "the reported moderator's housemate reads who reported them")
            #expect(try await rewardEntries(a.secret(.admin)) == 1)
        }
    }

    /// The admin upholds the resident's report about the moderator (`TrustPrivacyHTTPTests`), and
    /// the reward is posted as it was before migration 0019: by the deciding admin, at once, with
    /// the case id as its memo. Such rewards stay in the ledgers of existing communities, so the
    /// memo must still be withheld from readers who may not read the case. Returns the case id and
    /// the reward line of the reporter's own statement.
    static func upholdAndReadReward(
        _ client: any TestClientProtocol, _ a: SeededCommunity, _ fixture: APIFixture
    ) async throws -> (caseID: String, reward: [String: Any]?) {
        let caseID = try await TrustPrivacyHTTPTests.upholdResidentsReportAboutModerator(client, a)
        let admin = a.member(.admin)
        // Posted as the code before 0019 did: by the deciding moderator, the case id as memo (the
        // reward command now keeps the category for the service, so the posting is made directly).
        _ = try fixture.environment.store.transactionSync { tx in
            var legs = PostingBuilder()
            legs.move(5, from: .rewards, to: .member(a.member(.resident).id))
            let draft = try TransferDraft(
                kind: .reward, legs: legs.legs, reason: "举报查实 / upheld report", category: CaseCommands.upheldReportCategory,
                memo: caseID, idempotencyKey: "case-reward-\(caseID)-\(a.member(.resident).id)",
                maxAmount: LedgerLimits.standard.maxTransferAmount)
            return try LedgerPoster.post(
                tx, community: a.community.id, draft: draft,
                actor: AuditActor(memberID: admin.id, label: admin.displayName, onBehalfOf: nil, requestID: nil), limits: .standard)
        }
        let own = try await client.call(.get, "/v1/members/\(a.member(.resident).id)/statement?limit=100", token: a.secret(.resident))
        let items = (try? own.object()["items"] as? [[String: Any]]) ?? []
        return (caseID, items.first { $0["category"] as? String == "upheld_report" })
    }

    /// Rewards paid since migration 0019 come from the service the next local day
    /// (`ReportRewards`): whoever reads them — the reporter, the admin who decided, the reported
    /// moderator, station staff, the organizer — finds neither the case id nor the decider in the
    /// transfer or the statement line, only that the system paid a reward for an upheld report.
    @Test func aRewardPaidByTheServiceNamesNeitherTheCaseNorTheDecider() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let reporterID = a.member(.resident).id
        try await fixture.run { client in
            let caseID = try await TrustPrivacyHTTPTests.upholdResidentsReportAboutModerator(client, a)
            let before = try await client.call(.get, "/v1/members/\(reporterID)/statement?limit=100", token: a.secret(.resident))
            #expect(!String(buffer: before.body).contains("upheld_report"), "paid with the decision")
            // The next local day has come: the periodic task pays what is due.
            #expect(try TrustPrivacyHTTPTests.payReportRewardsNow(fixture) == 1)
            let own = try await client.call(.get, "/v1/members/\(reporterID)/statement?limit=100", token: a.secret(.resident))
            let reward = ((try own.object()["items"] as? [[String: Any]]) ?? []).first { $0["category"] as? String == "upheld_report" }
            let transferID = try #require(reward?["transfer_id"] as? String)
            for reader in [a.secret(.resident), a.secret(.admin), a.secret(.moderator), a.secret(.stationStaff), a.secret(.organizer)] {
                let transfer = try await client.call(.get, "/v1/ledger/transfers/\(transferID)", token: reader)
                #expect(transfer.status == .ok)
                let text = String(buffer: transfer.body)
                #expect(!text.contains(caseID), "the transfer names the case: \(text)")
                #expect(!text.contains(a.member(.admin).id.rawValue), "the transfer names the admin who decided: \(text)")
                #expect(try transfer.object()["actor_label"] as? String == "system")
                let statement = try await client.call(.get, "/v1/members/\(reporterID)/statement?limit=100", token: reader)
                #expect(!String(buffer: statement.body).contains(caseID), "the statement names the case")
            }
        }
    }

    /// The admin upholds a resident's report about a moderator. The audit log no longer shows the
    /// reward to the reported moderator, but a moderator holds `ledger.read_others`: the reporter's
    /// `GET /v1/members/{id}/statement` lists the reward with `category: upheld_report` and
    /// `memo` = the case id (the case the moderator is told about), and walking the member
    /// directory's statements finds who reported them — what `case.own` and the audit filter hide.
    @Test func theReportedModeratorDoesNotFindTheReporterInTheirStatement() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let reporterID = a.member(.resident).id
        try await fixture.run { client in
            let (caseID, reward) = try await Self.upholdAndReadReward(client, a, fixture)

            // The reporter does get the reward (what makes this meaningful).
            #expect(reward?["memo"] as? String == caseID, "the reporter's reward is on their statement")

            let statement = try await client.call(
                .get, "/v1/members/\(reporterID)/statement?limit=100", token: a.secret(.moderator))
            let items = (try? statement.object()["items"] as? [[String: Any]]) ?? []
            let naming = items.filter { $0["category"] as? String == "upheld_report" && $0["memo"] as? String == caseID }
            #expect(
                naming.isEmpty,
                "the reported moderator reads the reward for the case about them on the reporter's statement (\(statement.status)): \(naming)")
        }
    }

    /// Statements withheld the memo, but `GET /v1/ledger/transfers/{id}` showed it to any staff
    /// member with `ledger.read_others` who had the transfer id (from the reporter's statement):
    /// station staff or an organizer learnt who reported whom. Now one rule serves both: who may
    /// already read the case (the rewarded reporter; the admin and another moderator, who hold
    /// `case.manage`) reads the case id on the reward, through the transfer and the statement
    /// alike; the reported moderator (`case.own`), station staff and the organizer read the same
    /// reward without its memo.
    @Test func theRewardTransferShowsTheCaseOnlyToThoseWhoMayReadIt() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let reporterID = a.member(.resident).id
        try await fixture.run { client in
            let (caseID, reward) = try await Self.upholdAndReadReward(client, a, fixture)
            let transferID = try #require(reward?["transfer_id"] as? String)
            let otherModerator = try await TrustPrivacyHTTPTests.newResident(client, a, name: "第二位审核员")
            let promoted = try await client.call(
                .put, "/v1/members/\(otherModerator.id)/role", token: a.secret(.admin), json: #"{"role":"moderator","reason":"增补审核员"}"#)
            #expect(promoted.status == .ok, "\(String(buffer: promoted.body))")

            let readers: [(who: String, token: String, seesCase: Bool)] = [
                ("the rewarded reporter", a.secret(.resident), true),
                ("the admin", a.secret(.admin), true),
                ("another moderator", otherModerator.secret, true),
                ("the reported moderator", a.secret(.moderator), false),
                ("station staff", a.secret(.stationStaff), false),
                ("the organizer", a.secret(.organizer), false),
            ]
            for reader in readers {
                let expected = reader.seesCase ? caseID : nil
                let transfer = try await client.call(.get, "/v1/ledger/transfers/\(transferID)", token: reader.token)
                #expect(transfer.status == .ok, "\(reader.who): \(transfer.status)")
                let body = try transfer.object()
                #expect(body["category"] as? String == "upheld_report", "\(reader.who) still sees what the transfer is")
                #expect(body["memo"] as? String == expected, "\(reader.who) reads memo \(body["memo"] ?? "none") on the transfer")

                let statement = try await client.call(.get, "/v1/members/\(reporterID)/statement?limit=100", token: reader.token)
                let line = ((try statement.object()["items"] as? [[String: Any]]) ?? []).first { $0["transfer_id"] as? String == transferID }
                #expect(line?["memo"] as? String == expected, "\(reader.who) reads memo \(line?["memo"] ?? "none") on the statement")
            }
            // Session 16 review: a moderator who lives with the reported moderator may not read
            // the case (`moderation.own_household`), nor the reward's memo.
            try await Self.moveInWithTheReportedModerator(client, a, otherModerator.id)
            let transfer = try await client.call(.get, "/v1/ledger/transfers/\(transferID)", token: otherModerator.secret)
            #expect(try transfer.object()["memo"] == nil, "the reported moderator's housemate reads the case on the reward")
            let caseRead = try await client.call(.get, "/v1/cases/\(caseID)", token: otherModerator.secret)
            #expect(try caseRead.object()["code"] as? String == "moderation.own_household")
        }
    }
}
