import Foundation
import GRDB
import LinliDomain
import LinliStore

/// Seeds a demonstration community so a newcomer can try the API at once: a Shanghai
/// neighbourhood with households and one member of every role, each with a fresh token.
///
/// Idempotent: a second run finds the community by name and only issues new tokens (secrets are
/// stored hashed, so old ones cannot be shown again).
public enum DemoSeeder {
    public static let communityName = "幸福里社区（演示）"

    /// A seeded member and the token printed for them.
    public struct DemoLogin: Sendable {
        public let member: Member
        public let secret: String
    }

    public struct Result: Sendable {
        public let community: Community
        public let logins: [DemoLogin]
        public let created: Bool
    }

    static let households: [(name: String, area: String)] = [
        ("1号楼 2单元 101 王家", "北门"), ("2号楼 1单元 302 李家", "北门"),
        ("3号楼 3单元 501 张家", "南门"), ("5号楼 1单元 201 陈家", "南门"),
    ]

    /// (name, phone, role, household index, verified)
    static let members: [(String, String, Role, Int?, Bool)] = [
        ("王秀英", "13800000001", .resident, 0, true),
        ("王磊", "13800000002", .resident, 0, true),
        ("李建国", "13800000003", .resident, 1, false),
        ("张伟", "13800000004", .organizer, 2, true),
        ("刘芳", "13800000005", .moderator, 3, true),
        ("陈静", "13800000006", .stationStaff, nil, true),
    ]

    /// The database holds communities that are not the demo's: `serve --demo` added a demo
    /// community beside a real one, with an admin token for it printed to the log (helper 113).
    public struct RealCommunitiesPresent: Error, CustomStringConvertible {
        /// "name (id)" of the first few.
        public let communities: [String]

        public var description: String {
            """
            the database holds communities that are not the demo's (\(communities.joined(separator: ", "))); \
            --demo seeds a demo community only into a database of its own: leave --demo off to serve them, \
            or try the demo on another file (--db demo.sqlite)
            """
        }
    }

    public static func seed(_ store: Store, rules: RuleSource, listings: ListingServices = ListingServices()) throws -> Result {
        try store.transactionSync { tx in
            let actor = AuditActor(memberID: nil, label: "demo-seed", onBehalfOf: nil, requestID: nil)
            let others = try Row.fetchAll(
                tx.db, sql: "SELECT id, name FROM communities WHERE name <> ? ORDER BY id LIMIT 3", arguments: [communityName])
            guard others.isEmpty else {
                throw RealCommunitiesPresent(communities: others.map { "\($0["name"] as String) (\($0["id"] as String))" })
            }
            if let existing = try Community.fetchOne(
                tx.db, sql: "SELECT * FROM communities WHERE name = ?", arguments: [communityName])
            {
                let members = try Member.fetchAll(
                    tx.db, sql: "SELECT * FROM members WHERE community_id = ? ORDER BY id", arguments: [existing.id.rawValue])
                let logins = try members.map { member in
                    let token = try TokenCommands.issue(
                        tx, community: existing.id, memberID: member.id, input: NewTokenInput(label: "demo", expiresInDays: 30, note: "演示数据：本人到站办理"),
                        principal: nil, actor: actor)
                    return DemoLogin(member: member, secret: token.secret)
                }
                return Result(community: existing, logins: logins, created: false)
            }
            let bootstrap = try CommunityCommands.create(
                tx, input: NewCommunityInput(name: communityName, timezone: "Asia/Shanghai", adminDisplayName: "赵敏", adminPhone: "13800000000"),
                rules: rules, principal: nil, actor: actor, tokenDays: 30)
            let community = bootstrap.community.id
            let householdIDs = try households.map { entry in
                try HouseholdCommands.create(
                    tx, community: community, input: NewHouseholdInput(name: entry.name, area: entry.area), principal: nil, actor: actor
                ).id
            }
            // The admin registers and verifies everyone, as staff would at the service station.
            let admin = Principal(
                communityID: community, memberID: bootstrap.admin.id, role: .admin, tokenID: bootstrap.token.token.id)
            var logins = [DemoLogin(member: bootstrap.admin, secret: bootstrap.token.secret)]
            var principals: [String: Principal] = [:]
            for (name, phone, role, household, verified) in members {
                var member = try MemberCommands.create(
                    tx, community: community,
                    input: NewMemberInput(displayName: name, phone: phone, householdID: household.map { householdIDs[$0] }, role: role),
                    principal: admin, actor: actor)
                if verified {
                    member = try MemberCommands.setVerification(
                        tx, principal: admin, id: member.id, input: VerificationInput(verified: true, reason: "演示数据：身份证现场核验"),
                        expectedVersion: nil, actor: actor)
                }
                let token = try TokenCommands.issue(
                    tx, community: community, memberID: member.id, input: NewTokenInput(label: "demo", expiresInDays: 30, note: "演示数据：本人到站办理"),
                    principal: admin, actor: actor)
                logins.append(DemoLogin(member: member, secret: token.secret))
                principals[name] = Principal(communityID: community, memberID: member.id, role: role, tokenID: token.token.id)
            }
            try DemoListings.seed(tx, principals: principals, services: listings)
            try DemoExchanges.seed(tx, principals: principals, services: ExchangeServices(listings: listings))
            try DemoEvents.seed(tx, principals: principals, rules: listings.rules)
            // 王秀英 asked at the service station that 陈静 may help with her exchanges and listings.
            let chen = principals["陈静"]!
            _ = try ProxyConsentCommands.grant(
                tx, principal: chen,
                input: NewProxyConsentInput(
                    memberID: principals["王秀英"]!.memberID, agentID: chen.memberID, note: "演示数据：书面代办授权书 001，儿子王磊在场"),
                actor: AuditActor(memberID: chen.memberID, label: nil, onBehalfOf: nil, requestID: nil))
            return Result(community: bootstrap.community, logins: logins, created: true)
        }
    }
}
