import Foundation
import LinliDomain
import LinliRules
@testable import LinliTrust

/// Small hand-built communities for table-driven signal tests.
enum TrustFixture {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)
    static let day: TimeInterval = 86_400

    static func id(_ n: Int) -> MemberID { SyntheticIDs.member(n) }
    static func listingID(_ n: Int) -> ListingID { SyntheticIDs.listing(n) }
    static func ago(_ days: Double) -> Date { now.addingTimeInterval(-days * day) }

    /// Members 1…count, old, verified, each on their own household and device.
    static func members(_ count: Int) -> [TrustMember] {
        (1...count).map { TrustMember(id: id($0), householdID: SyntheticIDs.household($0), createdAt: ago(400), verified: true,
                                      fingerprints: ["device-\($0)"]) }
    }

    /// An exchange `payer → provider` named `x<n>`.
    static func x(_ n: Int, _ payer: Int, _ provider: Int, points: Int = 50, daysAgo: Double) -> TrustExchange {
        TrustExchange(id: "x\(n)", payer: id(payer), provider: id(provider), points: points, at: ago(daysAgo))
    }

    /// The signals a sequence of exchanges raises when evaluated one by one, as the store would.
    static func incremental(
        _ exchanges: [TrustExchange], members: [TrustMember] = members(8), policy: FraudPolicy = FraudPolicy()
    ) -> [FraudSignal] {
        var engine = FraudEngine(policy: policy, members: members)
        return exchanges.flatMap { engine.evaluate(newExchange: $0) }
    }
}
