import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliDomain
import Testing

/// `/v1/proxies` over HTTP: an elder consents on her phone, the station staff member then
/// confirms the exchange she started herself, and after she withdraws the consent they are an
/// outsider again; a consent recorded at the desk needs its note, and a second one is refused in
/// her language.
@Suite struct ProxyConsentHTTPTests {
    @Test func anElderConsentsAndStaffConfirmHerExchange() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let elder = a.secret(.resident), owner = a.targetToken.secret, staff = a.secret(.stationStaff)
        let staffID = a.member(.stationStaff).id.rawValue
        try await fixture.run { client in
            let created = try await client.call(.post, "/v1/exchanges", token: elder, json: ExchangeFixtures.requestJSON(a.openListing.id))
            let id = try #require(try created.object()["id"] as? String)
            #expect(try await client.call(.post, "/v1/exchanges/\(id)/accept", token: owner).status == .ok)
            #expect(try await client.call(.get, "/v1/exchanges/\(id)", token: staff).status == .notFound)
            let listingPath = "/v1/listings/\(a.listing.id.rawValue)"
            #expect(try await client.call(.get, listingPath, token: staff).object()["valuation"] == nil)

            let month = Date().addingTimeInterval(30 * 86_400).formatted(.iso8601)
            let granted = try await client.call(.post, "/v1/proxies", token: elder, json: #"{"agent_id":"\#(staffID)","expires_at":"\#(month)"}"#)
            #expect(granted.status == .created)
            let consent = try granted.object()
            let proxyID = try #require(consent["id"] as? String)
            #expect(granted.headers[.location] == "/v1/proxies/\(proxyID)")
            #expect(consent["basis"] as? String == "member" && consent["state"] as? String == "active")
            #expect(consent["in_force"] as? Bool == true)
            #expect(consent["member_id"] as? String == a.member(.resident).id.rawValue)

            #expect(try await client.call(.get, "/v1/exchanges/\(id)", token: staff).status == .ok)
            // Managing her listings, the agent sees what she sees (the valuation's breakdown).
            #expect(try await client.call(.get, listingPath, token: staff).object()["valuation"] != nil)
            let completed = try await client.call(.post, "/v1/exchanges/\(id)/complete", token: staff, json: "{}")
            #expect(completed.status == .ok)
            #expect(try completed.object()["state"] as? String == "completed")

            // The same consent again: refused in her language, naming the one in force.
            let again = try await client.call(
                .post, "/v1/proxies", token: elder, json: #"{"agent_id":"\#(staffID)"}"#, headers: [.acceptLanguage: "zh-CN"])
            #expect(again.status == .conflict)
            let problem = try again.object()
            #expect(problem["code"] as? String == "proxy.already_granted")
            #expect((problem["parameters"] as? [String: Any])?["proxy_id"] as? String == proxyID)
            #expect((problem["title"] as? String) == "已有有效的代办授权")
            // Its end in her wall-clock time in the text, in UTC for programs.
            #expect((problem["detail"] as? String)?.contains("年") == true, "\(problem["detail"] ?? "")")
            #expect(((problem["parameters"] as? [String: Any])?["expires_at"] as? String)?.hasSuffix("Z") == true)

            // Renewed instead (helper 144 #14): the same consent, a later end, its version moved on.
            let tooEarly = try await client.call(
                .post, "/v1/proxies/\(proxyID)/renew", token: elder, json: #"{"expires_at":"2020-01-01T00:00:00Z"}"#)
            #expect(tooEarly.status == .unprocessableContent)
            let renewed = try await client.call(.post, "/v1/proxies/\(proxyID)/renew", token: elder, json: "{}", headers: [.ifMatch: "\"1\""])
            #expect(renewed.status == .ok)
            #expect(try renewed.object()["id"] as? String == proxyID && renewed.headers[.eTag] == "\"2\"")
            #expect(try renewed.object()["state"] as? String == "active")
            #expect((try renewed.object()["last_renewal"] as? [String: Any])?["basis"] as? String == "member")
            // A second tap moves the end by milliseconds: refused, not renewed twice.
            #expect(try await client.call(.post, "/v1/proxies/\(proxyID)/renew", token: elder, json: "{}").status == .unprocessableContent)
            let misspelt = try await client.call(.post, "/v1/proxies/\(proxyID)/renew", token: elder, json: #"{"expires":"2027-01-01T00:00:00Z"}"#)
            #expect(misspelt.status == .unprocessableContent || misspelt.status == .badRequest)

            let revoked = try await client.call(.post, "/v1/proxies/\(proxyID)/revoke", token: elder, json: #"{"reason":"女儿回来了"}"#)
            #expect(revoked.status == .ok)
            #expect(try revoked.object()["state"] as? String == "revoked")
            #expect(try revoked.object()["in_force"] as? Bool == false)
            #expect(try await client.call(.get, "/v1/exchanges/\(id)", token: staff).status == .notFound)
            let listed = try await client.call(.get, "/v1/proxies?member_id=\(a.member(.resident).id.rawValue)&state=revoked", token: staff)
            let items = try #require(try listed.object()["items"] as? [[String: Any]])
            #expect(items.map { $0["id"] as? String } == [proxyID])
        }
    }

    @Test func aConsentRecordedAtTheDeskNeedsItsNote() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let staff = a.secret(.stationStaff), resident = a.secret(.resident)
        let body = #"{"member_id":"\#(a.target.id.rawValue)","agent_id":"\#(a.member(.stationStaff).id.rawValue)""#
        try await fixture.run { client in
            let bare = try await client.call(.post, "/v1/proxies", token: staff, json: body + "}")
            #expect(bare.status == .unprocessableContent)
            let issues = try #require(try bare.object()["errors"] as? [[String: Any]])
            #expect(issues.first?["pointer"] as? String == "/note")
            // A neighbour cannot record someone else's consent.
            let neighbour = try await client.call(.post, "/v1/proxies", token: resident, json: body + #","note":"口头同意"}"#)
            #expect(neighbour.status == .forbidden)
            // Recorded by an admin: the fixture's resident once withdrew a consent naming this
            // staff member herself, so the agent does not record it (`proxy.withdrawn_by_member`).
            let recorded = try await client.call(.post, "/v1/proxies", token: a.secret(.admin), json: body + #","note":"代办授权书 2026-031，女儿在场"}"#)
            #expect(recorded.status == .created, "\(String(buffer: recorded.body))")
            #expect(try recorded.object()["basis"] as? String == "in_person")
            // She hears it in her inbox.
            let inbox = try await client.call(.get, "/v1/notifications", token: a.targetToken.secret)
            let kinds = try #require(try inbox.object()["items"] as? [[String: Any]]).compactMap { $0["kind"] as? String }
            #expect(kinds.contains("proxy_recorded_for_you"))
        }
    }

    /// Session 20: the answers to the agent's edit, submission and withdrawal of her listing
    /// show what the GET shows them (the valuation's breakdown), not the outsider's view.
    @Test func theAgentsEditAndSubmissionAnswerAsTheOwnerSeesThem() async throws {
        let fixture = try APIFixture()
        let a = fixture.a
        let elder = a.secret(.resident), staff = a.secret(.stationStaff)
        let draft = #"{"direction":"offer","kind":"time","category":"errands","title":"陪同就医","description":"周二上午","area":"南门","availability":[{"weekday":2,"from":"09:00","to":"11:00"}],"duration_minutes":60,"intensity":"light"}"#
        try await fixture.run { client in
            let posted = try await client.call(.post, "/v1/listings", token: elder, json: draft)
            #expect(posted.status == .created)
            let id = try #require(try posted.object()["listing"] as? [String: Any])["id"] as? String
            let path = "/v1/listings/\(try #require(id))"
            let consent = #"{"agent_id":"\#(a.member(.stationStaff).id.rawValue)"}"#
            #expect(try await client.call(.post, "/v1/proxies", token: elder, json: consent).status == .created)

            let edited = try await client.call(
                .put, path, token: staff, json: draft.replacingOccurrences(of: "周二上午", with: "周二上午，需轮椅"), headers: [.ifMatch: "\"1\""])
            #expect(edited.status == .ok, "\(String(buffer: edited.body))")
            let listing = try #require(try edited.object()["listing"] as? [String: Any])
            #expect(listing["valuation"] != nil)
            let version = try #require(listing["version"] as? Int)
            let submitted = try await client.call(.post, "\(path)/submit", token: staff, headers: [.ifMatch: "\"\(version)\""])
            #expect(submitted.status == .ok, "\(String(buffer: submitted.body))")
            let pending = try #require(try submitted.object()["listing"] as? [String: Any])
            #expect(pending["valuation"] != nil)
            let withdrawn = try await client.call(
                .post, "\(path)/withdraw", token: staff, headers: [.ifMatch: "\"\(try #require(pending["version"] as? Int))\""])
            #expect(withdrawn.status == .ok, "\(String(buffer: withdrawn.body))")
            #expect(try withdrawn.object()["valuation"] != nil)
        }
    }
}
