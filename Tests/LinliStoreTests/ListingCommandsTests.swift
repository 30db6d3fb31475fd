import Foundation
import GRDB
import LinliDomain
@testable import LinliStore
import Testing

/// Listings on a real database: posting, pre-screen facts from stored data, edits of published
/// listings, visibility, proxies, expiry and Chinese text search.
@Suite struct ListingCommandsTests {
    @Test func submitOpensAReviewWithStoredSignals() throws {
        let fixture = try ListingFixture()
        let change = try fixture.post(ListingFixture.item("九成新婴儿推车", category: "kids_items", description: "可加微信看实物"))
        #expect(change.listing.status == .pendingReview)
        let review = try #require(change.review)
        #expect(Set(review.signals.map(\.code)) == [.hotword, .tooFewPhotos, .newMember])
        let stored = try fixture.base.count("SELECT COUNT(*) FROM prescreen_signals WHERE review_id = ?", [review.id.rawValue])
        #expect(stored == 3)
        let event = try #require(try fixture.events("listing.submitted").first)
        #expect(!event.contains("hotword") && !event.contains("signals"), "the pre-screen is the moderators', not the webhooks'")
    }

    @Test func medianAndRepeatedTitlesComeFromTheDatabase() throws {
        let fixture = try ListingFixture()
        // The default rules trust a median from 10 published items (cost_outlier_min_samples).
        for index in 0..<9 { _ = try fixture.publish(ListingFixture.item("电钻 \(index)", cost: "300.00"), as: fixture.neighbour) }
        _ = try fixture.publish(ListingFixture.item("冲击钻"), as: fixture.neighbour)
        // Now the resident posts an inflated price, and a copy of an existing title.
        let inflated = try #require(try fixture.post(ListingFixture.item("手电钻", cost: "5000.00")).review)
        #expect(inflated.signals.contains { $0.code == .declaredCostAboveMedian && $0.parameters["median"] == "300.00" })
        let copy = try #require(try fixture.post(ListingFixture.item("冲击钻")).review)
        #expect(copy.signals.contains { $0.code == .repeatedTitle })
        // The queue puts the riskier item first.
        let queue = try fixture.base.database.readSync { db in
            try ReviewQueries.list(db, principal: fixture.moderatorA, status: nil, page: PageRequest(after: nil, limit: 10)).items
        }
        #expect(queue.map(\.id) == [inflated, copy].sorted { $0.priority > $1.priority }.map(\.id))
    }

    /// Second review of session 20: a trusted member's edit applied without review used to tell
    /// nobody; the neighbour whose request waits on the listing hears of it as after a review.
    @Test func anEditAppliedWithoutReviewIsToldToTheNeighbourWaiting() throws {
        let (fixture, _, _) = try ListingFixture.trustedAfterOneExchange()
        let lamp = try fixture.post(ListingFixture.item("落地灯")).listing
        #expect(lamp.status == .published)
        let exchanges = ExchangeServices(listings: fixture.services, rulesOverride: .standard, limitsOverride: .standard)
        try fixture.store.transactionSync { tx in
            let start = tx.now.addingTimeInterval(3600)
            _ = try ExchangeCommands.request(
                tx, principal: fixture.staff,
                input: ExchangeRequestInput(listingID: lamp.id, scheduledStart: start, scheduledEnd: start.addingTimeInterval(3600)),
                services: exchanges, actor: .system)
        }
        var content = lamp.content
        content.description = "灯罩有一处裂纹，不影响使用。"
        let change = try fixture.store.transactionSync { tx in
            try ListingCommands.replaceContent(
                tx, principal: fixture.resident, id: lamp.id, input: ListingInput(content: content), expectedVersion: nil,
                services: fixture.services, actor: .system)
        }
        #expect(change.review == nil && change.edit?.status == .approved)
        let told = try fixture.store.database.readSync { db in
            try String.fetchAll(db, sql: "SELECT member_id FROM member_notifications WHERE kind = 'requested_listing_changed'")
        }
        #expect(told == [fixture.staff.memberID.rawValue])
    }

    /// Session 30 review: trusted auto-publication counted every completed exchange, so two
    /// friends trading favours five times skipped review though the credit score counts at most
    /// three with one neighbour (`completed_exchange_per_counterparty_cap` in rules/default.yaml).
    /// It now counts them as the score does.
    @Test func autoPublicationCountsExchangesAsTheCreditScoreDoes() throws {
        var policy = ReviewPolicy()
        policy.trustedAutoPublish = true
        policy.trustedMinCompletedExchanges = 4
        policy.newMemberReviewCount = 0
        let fixture = try ListingFixture(policy: policy)
        for title in ["台灯", "水壶", "折叠椅", "雨伞"] {
            try fixture.completeExchange(of: try fixture.publish(ListingFixture.item(title)), requestedBy: fixture.neighbour)
        }
        let sameNeighbour = try fixture.post(ListingFixture.item("落地灯"))
        #expect(sameNeighbour.listing.status == .pendingReview, "four exchanges with one neighbour count three")
        let score = try fixture.store.database.readSync { db in
            try TrustQueries.creditScore(
                db, community: fixture.resident.communityID, member: fixture.resident.memberID, now: fixture.clock.now(),
                rules: fixture.services.rules)
        }
        #expect(score.countedCompletedExchanges == 3)

        // A fourth, with another neighbour, makes four.
        try fixture.completeExchange(of: try fixture.publish(ListingFixture.item("电风扇")), requestedBy: fixture.staff)
        #expect(try fixture.post(ListingFixture.item("吊灯")).listing.status == .published)
    }

    /// Helper 137: the first-listings rule counted only listings made before the one edited, so
    /// every edit of a member's first listing was held as a "new member's", however trusted she
    /// had become since.
    @Test func anEditOfAnEarlyListingIsNotANewMembersOnceSheHasMore() throws {
        let fixture = try ListingFixture(policy: ListingFixture.trustedAfterOneExchangePolicy(newMemberReviewCount: 1))
        let first = try fixture.publish(ListingFixture.item("台灯"))
        try fixture.completeExchange(of: try fixture.publish(ListingFixture.item("闹钟")), requestedBy: fixture.neighbour)
        let third = try fixture.post(ListingFixture.item("落地灯"))
        #expect(third.listing.status == .published && third.review == nil, "trusted, and past the first-listings rule")
        let current = try fixture.store.database.readSync { db in try ListingPersistence.fetch(db, community: first.communityID, id: first.id) }
        var content = current.content
        content.description = "灯罩有一处裂纹，不影响使用。"
        let change = try fixture.store.transactionSync { tx in
            try ListingCommands.replaceContent(
                tx, principal: fixture.resident, id: first.id, input: ListingInput(content: content), expectedVersion: nil,
                services: fixture.services, actor: .system)
        }
        #expect(change.review == nil && change.edit?.status == .approved, "\(String(describing: change.review?.signals))")
    }

    @Test func trustedMemberPublishesDirectlyUnlessAHotwordHolds() throws {
        let (fixture, policy, first) = try ListingFixture.trustedAfterOneExchange()
        #expect(first.status == .published)
        let direct = try fixture.post(ListingFixture.item("落地灯"))
        #expect(direct.listing.status == .published)
        #expect(direct.review == nil)
        // Published in the insert that created it: the stored row has its publication and expiry.
        let stored = try fixture.store.database.readSync { db in
            try ListingPersistence.fetch(db, community: direct.listing.communityID, id: direct.listing.id)
        }
        #expect(stored.publishedAt == fixture.clock.now())
        #expect(stored.expiresAt == fixture.clock.now().addingTimeInterval(policy.expiryInterval(for: .item)))
        #expect(stored == direct.listing)
        let held = try fixture.post(ListingFixture.item("保健品套装"))
        #expect(held.listing.status == .pendingReview)
        #expect(held.review?.signals.contains { $0.code == .hotword } == true)

        // A credit level above the member's (60 + 0.5 → level 2) keeps them in the queue.
        var demanding = policy
        demanding.trustedMinCreditLevel = 3
        let strict = ListingServices(rules: fixture.services.rules, policyOverride: demanding)
        let queued = try fixture.store.transactionSync { tx in
            try ListingCommands.create(
                tx, principal: fixture.resident, input: ListingInput(content: ListingFixture.item("吊灯"), ownerID: nil, submit: true), services: strict,
                actor: .system)
        }
        #expect(queued.listing.status == .pendingReview)

        // So does an upheld report about them.
        let policies = TrustPolicies()
        try fixture.store.transactionSync { tx in
            let filed = try ReportCommands.file(
                tx, principal: fixture.neighbour,
                input: ReportInput(targetType: .member, targetID: fixture.resident.memberID.rawValue, category: .other, text: "虚假描述"),
                policies: policies)
            _ = try CaseCommands.claim(tx, principal: fixture.moderatorA, id: filed.moderationCase.id, leaseSeconds: 600, actor: .system)
            _ = try CaseCommands.resolve(
                tx, principal: fixture.moderatorA, id: filed.moderationCase.id,
                input: CaseResolutionInput(actions: [.init(kind: .warn)], reason: "查实"), policies: policies, services: fixture.services,
                limits: .standard, actor: .system)
        }
        #expect(try fixture.post(ListingFixture.item("壁灯")).listing.status == .pendingReview)
    }

    @Test func editingAPublishedListingKeepsThePublicVersion() throws {
        let fixture = try ListingFixture()
        let listing = try fixture.publish(ListingFixture.item("儿童自行车", cost: "500.00"))
        var changed = listing.content
        changed.title = "儿童自行车（带辅助轮）"
        changed.declaredCost = "650.00"
        let edit = try fixture.store.transactionSync { tx in
            try ListingCommands.replaceContent(
                tx, principal: fixture.resident, id: listing.id, input: ListingInput(content: changed), expectedVersion: listing.version,
                services: fixture.services, actor: .member(fixture.resident, requestID: nil))
        }
        #expect(edit.edit?.changedFields == ["title", "declared_cost"])
        let review = try #require(edit.review)
        #expect(review.subject == .edit)
        // Neighbours still see the published version.
        let seen = try fixture.browse(ListingFilter(text: "儿童自行车"), as: fixture.neighbour)
        #expect(seen.map(\.content.title) == ["儿童自行车"])
        #expect(seen.first?.status == .published)
        _ = try fixture.claim(review.id, as: fixture.moderatorA)
        let approved = try fixture.decide(review.id, ReviewDecision(decision: .approve), as: fixture.moderatorA)
        #expect(approved.listing.content.title == "儿童自行车（带辅助轮）")
        // default.yaml: 650 × 0.10 × 0.75 (good) × 0.8909 (6 months, half-life 36) = 43.43 → 43
        #expect(approved.listing.valuation.points == 43)
        #expect(approved.listing.status == .published)
        // Area alone is not material: applied at once, no review.
        var moved = approved.listing.content
        moved.area = "南门"
        let direct = try fixture.store.transactionSync { tx in
            try ListingCommands.replaceContent(
                tx, principal: fixture.resident, id: listing.id, input: ListingInput(content: moved), expectedVersion: nil,
                services: fixture.services, actor: .member(fixture.resident, requestID: nil))
        }
        #expect(direct.review == nil)
        #expect(direct.listing.content.area == "南门")
    }

    @Test func kindIsFixedAndFinishedListingsCannotBeEdited() throws {
        let fixture = try ListingFixture()
        let draft = try fixture.post(ListingFixture.item("工具箱"), submit: false).listing
        var other = draft.content
        other.direction = .request
        let error = try #require(throws: DomainError.self) {
            try fixture.store.transactionSync { tx in
                try ListingCommands.replaceContent(tx, principal: fixture.resident, id: draft.id, input: ListingInput(content: other),
                                                   expectedVersion: nil, services: fixture.services,
                                                   actor: .member(fixture.resident, requestID: nil))
            }
        }
        #expect(error.code == "listing.kind_immutable")
        let withdrawn = try fixture.store.transactionSync { tx in
            try ListingCommands.withdraw(tx, principal: fixture.resident, id: draft.id, expectedVersion: draft.version,
                                         services: fixture.services, actor: .member(fixture.resident, requestID: nil))
        }
        #expect(withdrawn.status == .withdrawn)
        let again = try #require(throws: DomainError.self) {
            try fixture.store.transactionSync { tx in
                try ListingCommands.submit(tx, principal: fixture.resident, id: draft.id, expectedVersion: nil,
                                           services: fixture.services, actor: .member(fixture.resident, requestID: nil))
            }
        }
        #expect(again.code == "listing.invalid_transition")
        #expect(again.parameters["current_status"] == "withdrawn")
    }

    @Test func residentsSeePublishedListingsAndTheirOwn() throws {
        let fixture = try ListingFixture()
        let published = try fixture.publish(ListingFixture.item("折叠梯"))
        let pending = try fixture.post(ListingFixture.item("电动螺丝刀")).listing
        let neighbours = try fixture.browse(ListingFilter(), as: fixture.neighbour).map(\.id)
        #expect(neighbours == [published.id])
        let mine = try fixture.browse(ListingFilter(ownerID: fixture.resident.memberID), as: fixture.resident).map(\.id)
        #expect(Set(mine) == [published.id, pending.id])
        let hiddenStatus = try fixture.browse(ListingFilter(status: .pendingReview), as: fixture.neighbour)
        #expect(hiddenStatus.isEmpty)
        #expect(try fixture.browse(ListingFilter(status: .pendingReview), as: fixture.moderatorA).map(\.id) == [pending.id])
        let notFound = try #require(throws: DomainError.self) {
            try fixture.base.database.readSync { db in try ListingQueries.fetch(db, principal: fixture.neighbour, id: pending.id) }
        }
        #expect(notFound.code == "listing.not_found")
    }

    @Test func filtersCombine() throws {
        let fixture = try ListingFixture()
        let cheap = try fixture.publish(ListingFixture.item("螺丝刀", cost: "50.00"))
        let dear = try fixture.publish(ListingFixture.item("角磨机", cost: "900.00"))
        let time = try fixture.publish(ListingContent(
            direction: .request, kind: .time, categoryCode: "errands", title: "帮忙取快递", description: "每周两次", area: "南门",
            availability: [WeeklySlot(weekday: 2, from: "18:00", to: "19:00")], durationMinutes: 30, intensity: .light))
        #expect(try fixture.browse(ListingFilter(kind: .item)).map(\.id) == [dear.id, cheap.id])
        #expect(try fixture.browse(ListingFilter(direction: .request)).map(\.id) == [time.id])
        #expect(try fixture.browse(ListingFilter(area: "南门")).map(\.id) == [time.id])
        #expect(try fixture.browse(ListingFilter(category: "tools", minPoints: 10)).map(\.id) == [dear.id])
        #expect(try fixture.browse(ListingFilter(maxPoints: 5)).map(\.id) == [time.id, cheap.id])
        // Cursor pagination walks everything exactly once, newest first.
        let first = try fixture.base.database.readSync { db in
            try ListingQueries.browse(db, principal: fixture.resident, filter: ListingFilter(), page: PageRequest(after: nil, limit: 2))
        }
        let second = try fixture.base.database.readSync { db in
            try ListingQueries.browse(db, principal: fixture.resident, filter: ListingFilter(), page: PageRequest(after: first.nextAfter, limit: 2))
        }
        #expect((first.items + second.items).map(\.id) == [time.id, dear.id, cheap.id])
        #expect(second.nextAfter == nil)
    }

    @Test func chineseTextSearch() throws {
        let fixture = try ListingFixture()
        let stroller = try fixture.publish(ListingFixture.item("九成新婴儿推车", category: "kids_items", description: "折叠方便，带遮阳篷"))
        let bike = try fixture.publish(ListingFixture.item("儿童自行车", category: "kids_items", description: "适合三到六岁"))
        let cooker = try fixture.publish(ListingFixture.item("电饭煲", category: "electronics", description: "美的牌，三升"))
        func search(_ text: String) throws -> Set<ListingID> { Set(try fixture.browse(ListingFilter(text: text)).map(\.id)) }
        #expect(try search("婴儿推车") == [stroller.id], "trigram match inside a longer title")
        #expect(try search("遮阳篷") == [stroller.id], "descriptions are searched")
        #expect(try search("推车") == [stroller.id], "two-character terms fall back to substring match")
        #expect(try search("儿童") == [bike.id])
        #expect(try search("三") == [bike.id, cooker.id])
        #expect(try search("婴儿 折叠") == [stroller.id], "terms combine with AND")
        #expect(try search("婴儿 电饭煲").isEmpty)
        #expect(try search("洗衣机").isEmpty)
        #expect(try search("\"婴儿\" OR *").isEmpty, "FTS5 syntax in user input is taken literally")
        // Editing the title updates the index.
        var content = cooker.content
        content.title = "电压力锅"
        try fixture.base.database.writeSync { db in
            try db.execute(sql: "UPDATE listings SET title = ? WHERE id = ?", arguments: [content.title, cooker.id.rawValue])
        }
        #expect(try search("电压力锅") == [cooker.id])
        #expect(try search("电饭煲").isEmpty)
        // The index reads its text from `listings` (external content) and still agrees with it.
        try fixture.base.database.writeSync { db in
            try db.execute(sql: "INSERT INTO listings_fts (listings_fts, rank) VALUES ('integrity-check', 1)")
        }
    }

    @Test func proxyListingsRecordBothPeople() throws {
        let fixture = try ListingFixture()
        let change = try fixture.post(ListingContent(
            direction: .request, kind: .time, categoryCode: "errands", title: "每周代买一次蔬菜", description: "腿脚不便",
            availability: [WeeklySlot(weekday: 3, from: "08:00", to: "10:00")], durationMinutes: 45, intensity: .moderate),
            as: fixture.staff, owner: fixture.neighbour.memberID, note: "本人到站登记")
        #expect(change.listing.ownerID == fixture.neighbour.memberID)
        #expect(change.listing.createdBy == fixture.staff.memberID)
        let entry = try #require(try fixture.base.database.readSync { db in
            try AuditEntry.fetchOne(db, sql: "SELECT * FROM audit_entries WHERE action = 'listing.created'")
        })
        #expect(entry.actorID == fixture.staff.memberID)
        #expect(entry.onBehalfOf == fixture.neighbour.memberID)
        // And the desk's token, so a token issued at the desk can be traced (session 30 walk: an
        // action for someone else lost it).
        #expect(entry.actorTokenID != nil && entry.actorTokenID == fixture.staff.tokenID)
        // A resident cannot post for someone else.
        let error = try #require(throws: DomainError.self) {
            try fixture.post(ListingFixture.item("台灯"), as: fixture.resident, owner: fixture.neighbour.memberID)
        }
        #expect(error == .forbidden(.listingManageOthers))
    }

    /// Session 27 review (helper 88): staff kept editing, submitting and withdrawing a listing
    /// they had registered for a resident after she took a staff role (README: they act for her,
    /// "not once she takes a staff role"); exchanges and consents already stopped there.
    @Test func staffStopManagingWhatTheyRegisteredOnceTheOwnerIsStaff() throws {
        let fixture = try ListingFixture()
        let draft = try fixture.post(ListingFixture.item("旧书架"), as: fixture.staff, owner: fixture.neighbour.memberID, submit: false).listing
        func rename(_ title: String) throws -> ListingChange {
            var content = draft.content
            content.title = title
            return try fixture.replace(draft.id, with: content, as: fixture.staff)
        }
        #expect(try rename("旧书架（实木）").listing.content.title == "旧书架（实木）")
        _ = try fixture.store.transactionSync { tx in
            try MemberCommands.changeRole(
                tx, principal: fixture.admin, id: fixture.neighbour.memberID, input: RoleChangeInput(role: .moderator, reason: "新任"),
                expectedVersion: nil, actor: .member(fixture.admin, requestID: nil))
        }
        #expect(throws: DomainError.forbidden(.listingManageOthers)) { try rename("旧书架（已售）") }
    }

    @Test func verifiedProviderCategories() throws {
        let fixture = try ListingFixture()
        let care = ListingContent(
            direction: .offer, kind: .time, categoryCode: "elder_care", title: "放学接孩子", description: "每天下午四点",
            availability: [WeeklySlot(weekday: 1, from: "16:00", to: "17:00")], durationMinutes: 30, intensity: .light)
        let error = try #require(throws: DomainError.self) { try fixture.post(care) }
        #expect(error.code == "listing.provider_not_verified")
        try fixture.store.transactionSync { tx in
            _ = try MemberCommands.setVerification(tx, principal: fixture.admin, id: fixture.resident.memberID,
                                                   input: VerificationInput(verified: true, reason: "身份证现场核验"),
                                                   expectedVersion: nil, actor: .member(fixture.admin, requestID: nil))
        }
        #expect(try fixture.post(care).listing.status == .pendingReview)
        var request = care
        request.direction = .request
        #expect(try fixture.post(request, as: fixture.neighbour).listing.status == .pendingReview, "anyone may ask for care")
    }

    /// Helper 169 #1: a suspended or banned owner's published listings stayed on the board, and
    /// requesting one told the neighbour her standing. Hidden from other residents (browse,
    /// search, a direct read, its photo) while she is inactive; her own list, staff and the
    /// end of her suspension bring it back.
    @Test func anInactiveOwnersListingsLeaveTheBoardUntilSheIsActiveAgain() throws {
        let fixture = try ListingFixture()
        let listing = try fixture.publish(ListingFixture.item("儿童自行车"))
        let now = fixture.clock.now()
        func browse(_ filter: ListingFilter, as principal: Principal, at date: Date = now) throws -> [ListingID] {
            try fixture.base.database.readSync { db in
                try ListingQueries.browse(db, principal: principal, filter: filter, page: PageRequest(after: nil, limit: 50), now: date).items.map(\.id)
            }
        }
        func read(as principal: Principal, at date: Date = now) throws -> Listing {
            try fixture.base.database.readSync { db in try ListingQueries.fetch(db, principal: principal, id: listing.id, now: date) }
        }
        #expect(try browse(ListingFilter(), as: fixture.neighbour) == [listing.id])
        _ = try fixture.store.transactionSync { tx in
            try MemberCommands.changeStatus(
                tx, principal: fixture.moderatorB, id: fixture.resident.memberID,
                input: StatusChangeInput(status: .suspended, reason: "多次爽约", until: now.addingTimeInterval(86_400)),
                expectedVersion: nil, actor: .member(fixture.moderatorB, requestID: nil))
        }
        for filter in [ListingFilter(), ListingFilter(status: .published), ListingFilter(text: "自行车")] {
            #expect(try browse(filter, as: fixture.neighbour).isEmpty, "\(filter)")
        }
        #expect(throws: DomainError.notFound("listing", id: listing.id.rawValue)) { try read(as: fixture.neighbour) }
        #expect(try browse(ListingFilter(), as: fixture.resident) == [listing.id], "her own list")
        #expect(try read(as: fixture.moderatorA).id == listing.id, "staff see everything")
        // The suspension over, it is back.
        let later = now.addingTimeInterval(86_401)
        #expect(try browse(ListingFilter(text: "自行车"), as: fixture.neighbour, at: later) == [listing.id])
        #expect(try read(as: fixture.neighbour, at: later).id == listing.id)
    }

    @Test func publishedListingsExpire() throws {
        let fixture = try ListingFixture()
        let listing = try fixture.publish(ListingFixture.item("书架"))
        // expiry_days.item: 30 in the default rules.
        #expect(listing.expiresAt == fixture.clock.now().addingTimeInterval(30 * 86_400))
        fixture.clock.advance(by: 30 * 86_400 - 1)
        #expect(try fixture.store.transactionSync { tx in try ListingCommands.expireDue(tx, services: fixture.services) } == 0)
        fixture.clock.advance(by: 1)
        #expect(try fixture.store.transactionSync { tx in try ListingCommands.expireDue(tx, services: fixture.services) } == 1)
        #expect(try fixture.browse(ListingFilter(), as: fixture.neighbour).isEmpty, "gone from the board")
        #expect(try fixture.browse(ListingFilter()).first?.status == .expired, "still in the owner's list")
        #expect(try fixture.events("listing.expired").count == 1)
    }

    /// Session 27 review (helper 88): a one-off at a fixed time stayed on the board for the kind's
    /// whole expiry after its window had ended, though nobody could request it any more. It
    /// expires at the end of its window (or earlier by the rules), and an approved edit moving the
    /// window earlier takes the expiry with it.
    /// Two hours of errands from `start`: a time offer with a fixed window.
    static func errand(from start: Date) -> ListingContent {
        ListingContent(
            direction: .offer, kind: .time, categoryCode: "errands", title: "陪同买菜", description: "周六上午陪同去菜市场", area: "南门",
            startAt: start, endAt: start.addingTimeInterval(2 * 3_600), durationMinutes: 120, intensity: .light)
    }

    @Test func aFixedWindowListingExpiresWhenTheWindowEnds() throws {
        let fixture = try ListingFixture()
        let start = fixture.clock.now().addingTimeInterval(3_600)
        let content = Self.errand(from: start)
        let listing = try fixture.publish(content)
        #expect(listing.expiresAt == start.addingTimeInterval(2 * 3_600))
        var earlier = listing.content
        earlier.endAt = start.addingTimeInterval(3_600)
        earlier.durationMinutes = 60
        let change = try fixture.replace(listing.id, with: earlier)
        if let review = change.review {
            _ = try fixture.claim(review.id, as: fixture.moderatorA)
            _ = try fixture.decide(review.id, ReviewDecision(decision: .approve), as: fixture.moderatorA)
        }
        let edited = try fixture.base.database.readSync { db in try ListingQueries.fetch(db, principal: fixture.resident, id: listing.id) }
        #expect(edited.expiresAt == start.addingTimeInterval(3_600))
        fixture.clock.advance(by: 2 * 3_600)
        #expect(try fixture.store.transactionSync { tx in try ListingCommands.expireDue(tx, services: fixture.services) } == 1)
    }

    /// Helper 155 #1: "Saturday 9–11" moved to next Saturday kept this Saturday's expiry, and the
    /// listing expired before the session it now offered; turned into weekly hours, it expired at
    /// the old window's end instead of after the kind's period.
    @Test func aWindowMovedLaterOrMadeWeeklyTakesTheExpiryAlong() throws {
        let fixture = try ListingFixture()
        let start = fixture.clock.now().addingTimeInterval(3_600)
        let content = Self.errand(from: start)
        let listing = try fixture.publish(content)
        func approved(_ edited: ListingContent) throws -> Listing {
            let change = try fixture.replace(listing.id, with: edited)
            if let review = change.review {
                _ = try fixture.claim(review.id, as: fixture.moderatorA)
                _ = try fixture.decide(review.id, ReviewDecision(decision: .approve), as: fixture.moderatorA)
            }
            return try fixture.base.database.readSync { db in try ListingQueries.fetch(db, principal: fixture.resident, id: listing.id) }
        }
        var nextWeek = content
        nextWeek.startAt = start.addingTimeInterval(7 * 86_400)
        nextWeek.endAt = start.addingTimeInterval(7 * 86_400 + 2 * 3_600)
        #expect(try approved(nextWeek).expiresAt == nextWeek.endAt)
        var weekly = nextWeek
        weekly.startAt = nil
        weekly.endAt = nil
        weekly.availability = [WeeklySlot(weekday: 6, from: "09:00", to: "11:00")]
        let published = try #require(listing.publishedAt)
        let period = try fixture.base.database.readSync { db in
            try fixture.services.policy(db, community: listing.communityID, at: fixture.clock.now()).expiryInterval(for: .time)
        }
        #expect(try approved(weekly).expiresAt == published.addingTimeInterval(period))
    }

    /// Helper 155 #5: a "Saturday 9–11" draft submitted on Monday, or waiting in the queue past
    /// Saturday, was published for a session already over. Neither is sent on nor approved.
    @Test func aWindowThatHasEndedIsNotSubmittedNorApproved() throws {
        let fixture = try ListingFixture()
        let start = fixture.clock.now().addingTimeInterval(3_600)
        let content = Self.errand(from: start)
        let draft = try fixture.post(content, submit: false).listing
        let queued = try #require(try fixture.post(content).review)
        fixture.clock.advance(by: 4 * 3_600)
        let late = #expect(throws: DomainError.self) {
            try fixture.store.transactionSync { tx in
                try ListingCommands.submit(
                    tx, principal: fixture.resident, id: draft.id, expectedVersion: nil, services: fixture.services,
                    actor: .member(fixture.resident, requestID: nil))
            }
        }
        #expect(late?.fieldIssues.first?.parameters["reason"] == "listing.window_passed")
        _ = try fixture.claim(queued.id, as: fixture.moderatorA)
        let approval = #expect(throws: DomainError.self) {
            try fixture.decide(queued.id, ReviewDecision(decision: .approve), as: fixture.moderatorA)
        }
        #expect(approval?.code == "review.window_passed" && approval?.instants["ended_at"] != nil)

        // Nor an edit waiting past the window it sets.
        let fresh = fixture.clock.now().addingTimeInterval(3_600)
        let published = try fixture.publish(Self.errand(from: fresh))
        var moved = published.content
        moved.startAt = fresh.addingTimeInterval(600)
        moved.endAt = fresh.addingTimeInterval(2 * 3_600)
        moved.durationMinutes = 105
        let edit = try #require(try fixture.replace(published.id, with: moved).review)
        fixture.clock.advance(by: 4 * 3_600)
        _ = try fixture.claim(edit.id, as: fixture.moderatorA)
        let lateEdit = #expect(throws: DomainError.self) { try fixture.decide(edit.id, ReviewDecision(decision: .approve), as: fixture.moderatorA) }
        #expect(lateEdit?.code == "review.window_passed")
    }

    @Test func moderationRemoval() throws {
        let fixture = try ListingFixture()
        let listing = try fixture.publish(ListingFixture.item("电锯"))
        let removal = ListingRemoval(reasonCode: .unsafe, message: "电锯需当面演示安全使用")
        let error = try #require(throws: DomainError.self) {
            try fixture.store.transactionSync { tx in
                try ListingCommands.remove(tx, principal: fixture.resident, id: listing.id, input: removal, expectedVersion: nil,
                                           services: fixture.services, actor: .member(fixture.resident, requestID: nil))
            }
        }
        #expect(error == .forbidden(.listingRemove))
        let removed = try fixture.store.transactionSync { tx in
            try ListingCommands.remove(tx, principal: fixture.moderatorB, id: listing.id, input: removal, expectedVersion: listing.version,
                                       services: fixture.services, actor: .member(fixture.moderatorB, requestID: nil))
        }
        #expect(removed.status == .removed)
        #expect(removed.decisionReasonCode == .unsafe)
    }

    /// A moderator does not take their own listing down (session 21 review: a reserved one-off
    /// cannot be withdrawn, and removal got round that); another moderator may.
    @Test func aModeratorDoesNotRemoveTheirOwnListing() throws {
        let fixture = try ListingFixture()
        let own = try fixture.publish(ListingFixture.item("旧书架"), as: fixture.moderatorB)
        let removal = ListingRemoval(reasonCode: .unsafe, message: "自己下架")
        let refusal = try #require(throws: DomainError.self) {
            try fixture.store.transactionSync { tx in
                try ListingCommands.remove(tx, principal: fixture.moderatorB, id: own.id, input: removal, expectedVersion: nil,
                                           services: fixture.services, actor: .member(fixture.moderatorB, requestID: nil))
            }
        }
        #expect(refusal.code == "review.own_listing")
        let removed = try fixture.store.transactionSync { tx in
            try ListingCommands.remove(tx, principal: fixture.moderatorA, id: own.id, input: removal, expectedVersion: nil,
                                       services: fixture.services, actor: .member(fixture.moderatorA, requestID: nil))
        }
        #expect(removed.status == .removed)
    }
}
