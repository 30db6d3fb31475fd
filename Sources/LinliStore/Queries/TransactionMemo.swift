import LinliDomain

/// Lookups one use case makes several times that cannot change under it: the rules in force
/// for a community at the transaction's time (`ActiveRules.current(_:community:)`).
///
/// Why: posting a listing asked for the community's rules four times (its category, its owner's
/// right to offer there, the review policy, the state machine's expiry), each an indexed query,
/// together about a seventh of the writer's Swift time per create. The memo lives and dies with
/// one use case's `Transaction`, so nothing outlives it; the use cases that write rule sets
/// (`RuleSetCommands`, revaluation) look the rules up through the database as before.
final class TransactionMemo {
    var rules: [CommunityID: CommunityRules] = [:]
    /// The community's time zone, for local times in messages (`CommunityEventCommands.localTime`).
    var timeZones: [CommunityID: String] = [:]
    /// Members who took an audited step in this transaction (`Transaction.audit`): news of it is
    /// not forwarded to them (`ExchangeRegistrarNotices`: they took it).
    var actors: Set<MemberID> = []
}
