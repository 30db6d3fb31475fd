import Foundation
import LinliDomain
@testable import LinliStore
import Testing

/// The outbox payloads that write their own JSON (`DirectJSONPayload`) must produce byte for byte
/// what `Transaction.payloadEncoder` produces for them — webhook consumers see one format — and
/// hand anything that needs escaping back to the encoder.
@Suite struct DirectJSONTests {
    static let encoder = Transaction.payloadEncoder

    static func encoded(_ payload: some Encodable) throws -> String {
        String(decoding: try encoder.encode(payload), as: UTF8.self)
    }

    static func hold(state: HoldState, reference: String?, recipient: MemberID?) -> Hold {
        Hold(
            id: HoldID(trusted: "hold_01JD5Q0Z6W8K3M2N4P5R6S7T8V"), communityID: CommunityID(trusted: "cmt_01JD5Q0Z6W8K3M2N4P5R6S7T8V"),
            payer: MemberID(trusted: "mem_01JD5Q0Z6W8K3M2N4P5R6S7T8A"), amount: 42, state: state, reference: reference,
            holdTransferID: TransferID(trusted: "trf_01JD5Q0Z6W8K3M2N4P5R6S7T8B"), settleTransferID: nil, recipient: recipient,
            createdAt: LedgerTimestamp(milliseconds: 0), updatedAt: LedgerTimestamp(milliseconds: 0), version: 1)
    }

    static let holdPayloads: [LedgerHoldPayload] = [
        LedgerHoldPayload(hold(state: .held, reference: "exchange:exc_01JD5Q0Z6W8K3M2N4P5R6S7T8C", recipient: nil),
                          transfer: TransferID(trusted: "trf_01JD5Q0Z6W8K3M2N4P5R6S7T8B")),
        LedgerHoldPayload(hold(state: .released, reference: nil, recipient: MemberID(trusted: "mem_01JD5Q0Z6W8K3M2N4P5R6S7T8D")),
                          transfer: TransferID(trusted: "trf_01JD5Q0Z6W8K3M2N4P5R6S7T8E")),
        LedgerHoldPayload(hold(state: .frozen, reference: "交换 “推车”", recipient: nil), transfer: nil),
    ]

    @Test(arguments: holdPayloads)
    func holdPayloadMatchesTheEncoder(_ payload: LedgerHoldPayload) throws {
        #expect(payload.directJSON == (try Self.encoded(payload)))
    }

    static func exchange(state: ExchangeState, settled: Int?, resolution: ExchangeResolution?) -> Exchange {
        let date = Date(timeIntervalSince1970: 1_780_000_000)
        return Exchange(
            id: ExchangeID(trusted: "exc_01JD5Q0Z6W8K3M2N4P5R6S7T8C"), communityID: CommunityID(trusted: "cmt_01JD5Q0Z6W8K3M2N4P5R6S7T8V"),
            listingID: ListingID(trusted: "lst_01JD5Q0Z6W8K3M2N4P5R6S7T8F"), listingKind: .time,
            requester: MemberID(trusted: "mem_01JD5Q0Z6W8K3M2N4P5R6S7T8A"), owner: MemberID(trusted: "mem_01JD5Q0Z6W8K3M2N4P5R6S7T8D"),
            payer: MemberID(trusted: "mem_01JD5Q0Z6W8K3M2N4P5R6S7T8A"), provider: MemberID(trusted: "mem_01JD5Q0Z6W8K3M2N4P5R6S7T8D"),
            createdBy: MemberID(trusted: "mem_01JD5Q0Z6W8K3M2N4P5R6S7T8A"), state: state, points: 18, scheduledStart: date,
            scheduledEnd: date.addingTimeInterval(3600), settledPoints: settled, resolution: resolution, createdAt: date, updatedAt: date,
            version: 3)
    }

    static let exchangePayloads: [ExchangePersistence.EventPayload] = [
        .init(exchange(state: .accepted, settled: nil, resolution: nil)),
        .init(exchange(state: .completed, settled: 12, resolution: nil)),
        .init(exchange(state: .resolved, settled: 18, resolution: .compensate)),
        .init({ var reported = exchange(state: .accepted, settled: nil, resolution: nil); reported.reportedMinutes = 45; return reported }()),
        .init(exchange(state: .accepted, settled: nil, resolution: nil), listing: ("九成新婴儿推车", false)),
        .init(exchange(state: .accepted, settled: nil, resolution: nil), listing: ("a/b \"推车\" \\ 😀", true)),
    ]

    @Test(arguments: exchangePayloads)
    func exchangePayloadMatchesTheEncoder(_ payload: ExchangePersistence.EventPayload) throws {
        #expect(payload.directJSON == (try Self.encoded(payload)))
    }

    /// Text that needs escaping is written escaped exactly as the encoder escapes it (slashes
    /// included); only keys outside `a-z` and `_` are left to the encoder.
    @Test(arguments: ["a/b", "say \"hi\"", "back\\slash", "line\nbreak\u{1}\u{7f}", "交换 “推车” 😀 \u{2028}"])
    func textThatNeedsEscapingMatchesTheEncoder(reference: String) throws {
        let payload = LedgerHoldPayload(Self.hold(state: .held, reference: reference, recipient: nil), transfer: nil)
        #expect(payload.directJSON == (try Self.encoded(payload)))
        let fields: [String: String?] = ["reason": reference, "none": nil]
        #expect(Transaction.directJSON(fields) == String(decoding: try Transaction.fieldsEncoder.encode(fields), as: UTF8.self))
    }

    /// Listing events, with and without a review's signal list, titles that need escaping included.
    @Test(arguments: ["电钻", "a/b \"冲击钻\" \\ 😀"])
    func listingPayloadMatchesTheEncoder(title: String) throws {
        let fixture = try ListingFixture()
        let submitted = try fixture.post(ListingFixture.item(title))
        let review = try #require(submitted.review)
        #expect(!review.signals.isEmpty, "a new member's first listing carries the new-member signal")
        let draft = try fixture.post(ListingFixture.item(title + " 二"), submit: false)
        let payloads = [
            ListingPersistence.EventPayload(submitted.listing, review: review),
            ListingPersistence.EventPayload(draft.listing),
            ListingPersistence.EventPayload(draft.listing, reasonCode: .prohibited),
            ListingPersistence.EventPayload(
                submitted.listing,
                named: ListingCategory(
                    communityID: submitted.listing.communityID, code: "tools", nameZh: "工具 \"器材\"", nameEn: "Tools/gear", kinds: [.item],
                    needsVerifiedProvider: false, minPhotos: 0, position: 1)),
        ]
        for payload in payloads {
            #expect(payload.directJSON == (try Self.encoded(payload)))
            // Never the pre-screen's signals (session 27 review): they are the moderators'.
            #expect(payload.directJSON?.contains("signals") == false)
        }
    }

    /// The listing's own JSON columns (no slash escaping) written directly equal the encoder's.
    @Test(arguments: [[], ["a/b"], ["3f9a", "say \"hi\"", "交换 “推车” 😀"]])
    func listingColumnsMatchTheEncoder(texts: [String]) {
        #expect(ListingRows.json(texts) == ListingRows.encode(texts))
        let fields = Dictionary(uniqueKeysWithValues: texts.enumerated().map { ("key_\(Character(UnicodeScalar(97 + $0.offset)!))", $0.element) })
        #expect(ListingRows.json(fields) == ListingRows.encode(fields))
        #expect(ListingRows.json(["Median": "1"]) == ListingRows.encode(["Median": "1"]), "other keys go to the encoder")
    }

    @Test func keysOutsideThePlainSetGoToTheEncoder() throws {
        #expect(DirectJSON.object([("Upper", .text("x"))]) == nil)
        #expect(DirectJSON.object([("b", .number(-3)), ("a", nil), ("c", .null)]) == #"{"b":-3,"c":null}"#)
    }
}
