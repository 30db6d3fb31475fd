import Foundation
import GRDB
import LinliDomain
import LinliStore

/// A community with an organizer, a station staff member and residents (two of them in one
/// household), over a real SQLite file, for the event tests.
struct EventFixture {
    let base: StoreFixture
    let admin: Principal
    let organizer: Principal
    let staff: Principal
    let household: Household
    let residents: [Principal]
    /// The community's rules in force (the default preset unless a test activates another).
    let rules = ActiveRules()
    var store: Store { base.store }

    /// `residents[0]` and `residents[1]` share `household`; the others live alone.
    init(residents count: Int = 6) throws {
        base = try StoreFixture()
        let (_, admin) = try base.bootstrap()
        self.admin = admin
        organizer = try base.member("组织者", role: .organizer, in: admin).1
        staff = try base.member("服务站", role: .stationStaff, in: admin).1
        let household = try base.store.transactionSync { tx in
            try HouseholdCommands.create(
                tx, community: admin.communityID, input: NewHouseholdInput(name: "3号楼201", area: nil), principal: admin,
                actor: .member(admin, requestID: nil))
        }
        self.household = household
        var residents: [Principal] = []
        for index in 0..<count {
            let member = try base.store.transactionSync { tx in
                try MemberCommands.create(
                    tx, community: admin.communityID,
                    input: NewMemberInput(displayName: "居民\(index)", phone: nil, householdID: index < 2 ? household.id : nil, role: .resident),
                    principal: admin, actor: .member(admin, requestID: nil))
            }
            residents.append(Principal(communityID: admin.communityID, memberID: member.id, role: .resident, tokenID: admin.tokenID))
        }
        self.residents = residents
    }

    /// A swap market tomorrow at this hour, three hours long.
    func market(capacity: Int = 2, perHousehold: Int = 2, startsIn: TimeInterval = 2 * 86_400) throws -> CommunityEvent {
        let now = base.clock.now()
        let input = NewCommunityEventInput(
            kind: .swapMarket, title: "周末换物集市", description: "带上闲置物品", place: "中心广场", startsAt: now.addingTimeInterval(startsIn),
            endsAt: now.addingTimeInterval(startsIn + 3 * 3_600), capacity: capacity, perHouseholdLimit: perHousehold)
        return try store.transactionSync { tx in
            try CommunityEventCommands.create(tx, principal: organizer, input: input, actor: .member(organizer, requestID: nil), rules: rules)
        }.event
    }

    /// Sends the reminders due now; how many events were reminded.
    func remind() throws -> Int {
        try store.transactionSync { tx in try EventReminders.remindDue(tx, rules: rules) }
    }

    /// `principal` checks `entry` in at the door.
    func checkIn(_ entry: EventRegistrationEntry, as principal: Principal) throws -> EventRegistrationEntry {
        try store.transactionSync { tx in
            try EventRegistrationCommands.checkIn(
                tx, principal: principal, registration: entry.registration.id, actor: .member(principal, requestID: nil), rules: rules)
        }
    }

    func register(_ principal: Principal, _ event: CommunityEvent, for member: MemberID? = nil) throws -> EventRegistrationEntry {
        try store.transactionSync { tx in
            try EventRegistrationCommands.register(
                tx, principal: principal, event: event.id, input: EventRegistrationInput(memberID: member), actor: .member(principal, requestID: nil))
        }
    }

    func cancel(_ principal: Principal, _ entry: EventRegistrationEntry) throws -> EventRegistrationEntry {
        try store.transactionSync { tx in
            try EventRegistrationCommands.cancel(
                tx, principal: principal, registration: entry.registration.id, input: EventReasonInput(),
                actor: .member(principal, requestID: nil))
        }
    }

    /// The organizer patches `event` with `json` (ISO 8601 dates), If-Match `version` when given.
    func patch(_ event: CommunityEvent, _ json: String, version: Int? = nil) throws -> CommunityEventSummary {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let patch = try decoder.decode(CommunityEventPatch.self, from: Data(json.utf8))
        return try store.transactionSync { tx in
            try CommunityEventCommands.update(
                tx, principal: organizer, id: event.id, patch: patch, expectedVersion: version, actor: .member(organizer, requestID: nil),
                rules: rules)
        }
    }

    /// An admin sets `member`'s status (suspended without an end, banned or active again).
    func changeStatus(_ member: Principal, _ status: MemberStatus) throws {
        _ = try store.transactionSync { tx in
            try MemberCommands.changeStatus(
                tx, principal: admin, id: member.memberID, input: StatusChangeInput(status: status, reason: "待查", until: nil),
                expectedVersion: nil, actor: .member(admin, requestID: nil))
        }
    }

    func state(_ entry: EventRegistrationEntry) throws -> String {
        try base.database.readSync { db in
            try String.fetchOne(db, sql: "SELECT state FROM event_registrations WHERE id = ?", arguments: [entry.registration.id.rawValue]) ?? "?"
        }
    }

    /// (member, kind) of every inbox message, oldest first.
    func inbox() throws -> [(String, String)] {
        try base.database.readSync { db in
            try Row.fetchAll(db, sql: "SELECT member_id, kind FROM member_notifications ORDER BY id").map { ($0["member_id"], $0["kind"]) }
        }
    }

    func outbox(_ type: String) throws -> [String] {
        try base.database.readSync { db in
            try String.fetchAll(db, sql: "SELECT payload_json FROM outbox_events WHERE event_type = ? ORDER BY id", arguments: [type])
        }
    }
}
