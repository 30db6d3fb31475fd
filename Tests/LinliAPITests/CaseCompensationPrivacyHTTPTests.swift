import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import LinliStore
import Testing

/// Session 30 walk: a case's compensation named the member paid (usually the reporter) to the member
/// the case was about, in their statement's counterparties and on the transfer, though the notice
/// and the outbox event leave them out. Now the offender reads "member" there; the one paid and
/// moderators who may read the case see who.
@Suite struct CaseCompensationPrivacyHTTPTests {
    /// The resident reports `offender`; the moderator holding `decidedBy` upholds it, ordering 5
    /// points of compensation to the resident.
    static func reportAndCompensate(_ client: any TestClientProtocol, _ a: SeededCommunity, offender: String, decidedBy: String) async throws {
        let report = try await client.call(
            .post, "/v1/reports", token: a.secret(.resident),
            json: #"{"target_type":"member","target_id":"\#(offender)","category":"harassment","text":"在楼道里推搡我"}"#)
        let caseID = try #require(try report.object()["case_id"] as? String)
        #expect(try await client.call(.post, "/v1/cases/\(caseID)/claim", token: decidedBy).status == .ok)
        let resolved = try await client.call(
            .post, "/v1/cases/\(caseID)/resolution", token: decidedBy,
            json: #"{"actions":[{"kind":"compensate","victim_id":"\#(a.member(.resident).id)","points":5}],"reason":"属实，赔偿受害方"}"#)
        #expect(resolved.status == .ok, "\(String(buffer: resolved.body))")
    }

    @Test func theOffenderDoesNotLearnWhomTheCompensationPaid() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let reporter = a.member(.resident).id.rawValue, offender = a.target.id.rawValue
        try await fixture.run { client in
            try await Self.reportAndCompensate(client, a, offender: offender, decidedBy: a.secret(.moderator))

            func compensationLine(_ member: String, _ token: String) async throws -> [String: Any]? {
                let page = try await client.call(.get, "/v1/members/\(member)/statement?kind=compensation", token: token).object()
                return (page["items"] as? [[String: Any]])?.first
            }
            let offenders = try #require(try await compensationLine(offender, a.targetToken.secret))
            #expect(offenders["amount"] as? Int == -5)
            #expect((offenders["counterparties"] as? [String])?.contains { $0.contains(reporter) } == false, "\(offenders)")
            let transferID = try #require(offenders["transfer_id"] as? String)
            let asOffender = try await client.call(.get, "/v1/ledger/transfers/\(transferID)", token: a.targetToken.secret)
            #expect(asOffender.status == .ok)
            #expect(!String(buffer: asOffender.body).contains(reporter), "\(String(buffer: asOffender.body))")
            let accounts = (try asOffender.object()["postings"] as? [[String: Any]])?.compactMap { $0["account"] as? String }
            #expect(accounts == ["member:\(offender)", "member"] || accounts == ["member", "member:\(offender)"], "\(accounts ?? [])")

            // The one paid reads whom from; a moderator who may read the case reads both.
            let reporters = try #require(try await compensationLine(reporter, a.secret(.resident)))
            #expect((reporters["counterparties"] as? [String]) == ["member:\(offender)"])
            let asModerator = try await client.call(.get, "/v1/ledger/transfers/\(transferID)", token: a.secret(.moderator))
            #expect(String(buffer: asModerator.body).contains(reporter))
            // Neither party learns which moderator decided (helper 137); staff do.
            let moderator = a.member(.moderator).id.rawValue
            let asPaid = try await client.call(.get, "/v1/ledger/transfers/\(transferID)", token: a.secret(.resident))
            for read in [asOffender, asPaid] {
                let actor = try read.object()["actor_id"]
                #expect((actor == nil || actor is NSNull) && !String(buffer: read.body).contains(moderator), "\(String(buffer: read.body))")
            }
            #expect(try asModerator.object()["actor_id"] as? String == moderator)
        }
    }

    /// Helper 139: compensations paid before 0.38 carry the resolution's words as their reason,
    /// written to the offender (here, his suspension); the member paid reads the case named
    /// instead, on her statement, its CSV and the transfer; the offender and the case's readers
    /// read it as written.
    @Test func anOlderCompensationsReasonIsNotShownToTheMemberPaid() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let reporter = a.member(.resident).id.rawValue, offender = a.target.id.rawValue
        try await fixture.run { client in
            try await Self.reportAndCompensate(client, a, offender: offender, decidedBy: a.secret(.moderator))
            try await a.database.write { db in
                try db.execute(sql: "UPDATE ledger_transfers SET reason = '索要老人支付密码，暂停30天' WHERE kind = 'compensation'")
            }
            let page = try await client.call(.get, "/v1/members/\(reporter)/statement?kind=compensation", token: a.secret(.resident)).object()
            let line = try #require((page["items"] as? [[String: Any]])?.first)
            let caseID = try #require(line["reference"] as? String)
            #expect(line["reason"] as? String == "案件 \(caseID) 的补偿", "\(line)")
            let csv = try await client.call(.get, "/v1/members/\(reporter)/statement?kind=compensation&format=csv", token: a.secret(.resident))
            #expect(!String(buffer: csv.body).contains("暂停30天"), "\(String(buffer: csv.body))")
            let transferID = try #require(line["transfer_id"] as? String)
            let asPaid = try await client.call(.get, "/v1/ledger/transfers/\(transferID)", token: a.secret(.resident))
            #expect(try asPaid.object()["reason"] as? String == "案件 \(caseID) 的补偿")
            let asOffender = try await client.call(.get, "/v1/ledger/transfers/\(transferID)", token: a.targetToken.secret)
            #expect(try asOffender.object()["reason"] as? String == "索要老人支付密码，暂停30天")
            let asModerator = try await client.call(.get, "/v1/ledger/transfers/\(transferID)", token: a.secret(.moderator))
            #expect(try asModerator.object()["reason"] as? String == "索要老人支付密码，暂停30天")
        }
    }

    /// Session 30 review: a reported moderator read the compensation's audit entry, whose
    /// `recipient_id` named the reporter, and staff who read every balance but may not read the
    /// case saw the posting's balance and the hashes, which cover the account (trying each member
    /// would name it).
    @Test func aReportedModeratorAndTheStaffDoNotLearnItEither() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let reporter = a.member(.resident).id.rawValue, offender = a.member(.moderator).id.rawValue
        try await fixture.run { client in
            try await Self.reportAndCompensate(client, a, offender: offender, decidedBy: a.secret(.admin))

            let audit = try await client.call(.get, "/v1/audit?limit=100", token: a.secret(.moderator))
            #expect(audit.status == .ok)
            let actions = ((try audit.object()["items"] as? [[String: Any]]) ?? []).compactMap { $0["action"] as? String }
            #expect(!actions.contains("ledger.compensation_ordered"))
            let forAdmin = try await client.call(.get, "/v1/audit?limit=100", token: a.secret(.admin))
            #expect(String(buffer: forAdmin.body).contains("ledger.compensation_ordered"), "others still read it")

            let page = try await client.call(.get, "/v1/members/\(offender)/statement?kind=compensation", token: a.secret(.moderator)).object()
            let transferID = try #require((page["items"] as? [[String: Any]])?.first?["transfer_id"] as? String)
            for token in [a.secret(.moderator), a.secret(.stationStaff)] {
                let read = try await client.call(.get, "/v1/ledger/transfers/\(transferID)", token: token)
                #expect(read.status == .ok)
                let object = try read.object()
                #expect(!String(buffer: read.body).contains(reporter), "\(String(buffer: read.body))")
                #expect(object["hash"] == nil && object["previous_hash"] == nil)
                let paid = (object["postings"] as? [[String: Any]])?.first { $0["account"] as? String == "member" }
                #expect(paid != nil && paid?["balance_after"] == nil, "\(object)")
            }
        }
    }

    /// Helper 128: the reported moderator, and staff who may not read the case, read the
    /// statement of the member paid (staff read every member's): the line named the offender and
    /// the case, tying the reporter to it. Now it shows the points only; she reads her own whole.
    @Test func theMemberPaidsStatementDoesNotTieHerToTheCase() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let reporter = a.member(.resident).id.rawValue, offender = a.member(.moderator).id.rawValue
        try await fixture.run { client in
            try await Self.reportAndCompensate(client, a, offender: offender, decidedBy: a.secret(.admin))
            func line(_ token: String) async throws -> [String: Any] {
                let page = try await client.call(.get, "/v1/members/\(reporter)/statement?kind=compensation", token: token)
                #expect(page.status == .ok)
                return try #require((try page.object()["items"] as? [[String: Any]])?.first, "\(String(buffer: page.body))")
            }
            for token in [a.secret(.moderator), a.secret(.stationStaff)] {
                let shown = try await line(token)
                #expect(shown["amount"] as? Int == 5)
                #expect(shown["reference"] == nil || shown["reference"] is NSNull, "\(shown)")
                #expect((shown["counterparties"] as? [String])?.contains { $0.contains(offender) } == false, "\(shown)")
                // Nor the transfer (which names the case and its payer) nor the resolution's words (helper 130).
                #expect(shown["transfer_id"] == nil && shown["reason"] as? String == "", "\(shown)")
                // Nor its seq, which the payer reads on her own statement (helper 173 #1).
                #expect(shown["seq"] == nil, "\(shown)")
                let csv = try await client.call(.get, "/v1/members/\(reporter)/statement?kind=compensation&format=csv", token: token)
                #expect(csv.status == .ok && !String(buffer: csv.body).contains(offender) && !String(buffer: csv.body).contains("cas_"))
                #expect(!String(buffer: csv.body).contains("trf_") && !String(buffer: csv.body).contains("属实"), "\(String(buffer: csv.body))")
            }
            let own = try await line(a.secret(.resident))
            #expect((own["reference"] as? String)?.hasPrefix("cas_") == true, "\(own)")
            // The resolution's words are written to the offender (helper 137: the one paid read
            // another member's suspension in them); her line names the case.
            #expect((own["transfer_id"] as? String)?.hasPrefix("trf_") == true, "\(own)")
            #expect(own["reason"] as? String == "案件 \(own["reference"] as? String ?? "?") 的补偿", "\(own)")
            #expect((own["counterparties"] as? [String]) == ["member:\(offender)"])
            let asAdmin = try await line(a.secret(.admin))
            #expect((asAdmin["reference"] as? String)?.hasPrefix("cas_") == true, "an admin who may read the case reads it whole")
        }
    }
}
