import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import LinliAPI
import LinliDomain
import Testing

/// Registering a member under a name others already carry answers with a `member.same_name`
/// warning naming them (helper 114: station staff registered a second 王秀英 without a word, and
/// the event sign-in sheet then listed two). Namesakes are common, so the member is still created.
@Suite struct MemberNamesakeHTTPTests {
    @Test func aSecondRegistrationUnderTheSameNameIsCreatedWithAWarning() async throws {
        let fixture = try APIFixture()
        let token = fixture.a.secret(.admin)
        try await fixture.run { client in
            let first = try await client.call(.post, "/v1/members", token: token, json: #"{"display_name":"赵桂兰"}"#)
            #expect(first.status == .created)
            let firstID = try #require(try first.object()["id"] as? String)
            #expect((try first.object()["warnings"] as? [Any])?.isEmpty == true, "a first registration of the name warns of nothing")

            let second = try await client.call(.post, "/v1/members", token: token, json: #"{"display_name":" 赵桂兰 "}"#)
            #expect(second.status == .created, "a namesake is still registered")
            let secondID = try #require(try second.object()["id"] as? String)
            let warnings = try #require(try second.object()["warnings"] as? [[String: Any]])
            #expect(warnings.count == 1)
            #expect(warnings.first?["code"] as? String == "member.same_name")
            #expect(warnings.first?["member_id"] as? String == secondID)
            let parameters = try #require(warnings.first?["parameters"] as? [String: String])
            #expect(parameters == ["name": "赵桂兰", "count": "1", "member_ids": firstID])
            #expect((warnings.first?["detail"] as? String)?.contains("社区里已有 1 位名为“赵桂兰”的成员（\(firstID)）") == true)

            let third = try await client.call(
                .post, "/v1/members", token: token, json: #"{"display_name":"赵桂兰"}"#, headers: [.acceptLanguage: "en"])
            let thirdWarnings = try #require(try third.object()["warnings"] as? [[String: Any]])
            let thirdParameters = try #require(thirdWarnings.first?["parameters"] as? [String: String])
            #expect(thirdParameters["count"] == "2")
            #expect(thirdParameters["member_ids"] == "\(firstID), \(secondID)")
            #expect((thirdWarnings.first?["detail"] as? String)?.hasPrefix("2 member(s) named “赵桂兰” already exist") == true)

            let read = try await client.call(.get, "/v1/members/\(secondID)", token: token)
            #expect(try read.object()["warnings"] == nil, "the warning belongs to the registration's answer only")
        }
    }
}
