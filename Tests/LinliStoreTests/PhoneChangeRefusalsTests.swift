import Foundation
import LinliDomain
import Testing
@testable import LinliStore

/// Notes 21–24 (phone probing): a resident learned whether a number belonged to a member from her
/// own profile's 422 `duplicate`, as often as she liked. Refusals are now counted beside the
/// refused change and bounded per day; staff at the desk are not counted.
@Suite struct PhoneChangeRefusalsTests {
    @Test func aResidentsRefusedPhoneChangesAreBoundedPerDay() async throws {
        let fixture = try StoreFixture()
        let (_, admin) = try fixture.bootstrap()
        let (_, resident) = try fixture.member("王秀英", phone: "13800000001", in: admin)
        let (_, staff) = try fixture.member("陈静", role: .stationStaff, in: admin)
        for n in 2...(PhoneChangeRefusals.perDay + 2) {
            _ = try fixture.member("邻居\(n)", phone: "1380000000\(n)", in: admin)
        }
        func change(_ phone: String, as principal: Principal, of member: MemberID? = nil) async throws -> Member {
            try await PhoneChangeRefusals.updateProfile(
                store: fixture.store, principal: principal, id: member ?? principal.memberID, patch: MemberProfilePatch(phone: .value(phone)),
                expectedVersion: nil, actor: .member(principal, requestID: nil))
        }
        /// What the change answered: the new phone, or the error's field issue or code.
        func outcome(_ body: () async throws -> Member) async -> String {
            do {
                return "changed to \(try await body().phone ?? "")"
            } catch let error as DomainError {
                return error.fieldIssues.first.map { "\($0.pointer) \($0.code.rawValue)" } ?? error.code
            } catch {
                return "\(error)"
            }
        }
        let taken = "/phone field.duplicate", limited = "member.phone_change_limit"
        for n in 2...(PhoneChangeRefusals.perDay + 1) {
            #expect(await outcome { try await change("1380000000\(n)", as: resident) } == taken)
        }
        #expect(await outcome { try await change("13900000000", as: resident) } == limited, "free or not, no answer now")
        // Until the oldest counted refusal is a day old (all were refused now): the API's Retry-After.
        let refusal = await #expect(throws: DomainError.self) { _ = try await change("13900000000", as: resident) }
        #expect(refusal?.instants["retry_at"] == Date(timeIntervalSince1970: (fixture.clock.now().timeIntervalSince1970 + 86_400).rounded(.up)))
        #expect(await outcome { try await change("1380000000\(PhoneChangeRefusals.perDay + 2)", as: resident) } == limited)
        #expect(try fixture.count("SELECT COUNT(*) FROM phone_change_refusals") == PhoneChangeRefusals.perDay)
        // Staff at the desk are not counted or bounded.
        for _ in 0...PhoneChangeRefusals.perDay {
            #expect(await outcome { try await change("13800000002", as: staff, of: resident.memberID) } == taken)
        }
        #expect(await outcome { try await change("13900000000", as: staff, of: resident.memberID) } == "changed to 13900000000")
        #expect(try fixture.count("SELECT COUNT(*) FROM phone_change_refusals") == PhoneChangeRefusals.perDay)
        // A day later she may try again; the old refusals are cleared as a new one is written.
        fixture.clock.advance(by: 86_401)
        #expect(await outcome { try await change("13800000002", as: resident) } == taken)
        #expect(try fixture.count("SELECT COUNT(*) FROM phone_change_refusals") == 1)
        #expect(await outcome { try await change("13700000000", as: resident) } == "changed to 13700000000")
    }
}
