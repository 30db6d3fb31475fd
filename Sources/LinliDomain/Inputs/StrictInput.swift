/// A request body whose field names are known, so unknown fields can be refused.
///
/// A misspelt field (`dispaly_name`) silently ignored is a bug report waiting to happen, and for
/// money-like and moderation inputs it can change meaning; so write bodies reject unknown fields.
public protocol StrictInput: Decodable, Sendable {
    /// The JSON field names this input accepts (a field is known when `CodingKeys(rawValue:)`
    /// finds it: `JSONBody` checks each name that way).
    associatedtype CodingKeys: CodingKey & CaseIterable & RawRepresentable<String>
}

extension NewMemberInput: StrictInput {}
extension MemberProfilePatch: StrictInput {}
extension RoleChangeInput: StrictInput {}
extension VerificationInput: StrictInput {}
extension StatusChangeInput: StrictInput {}
extension NewHouseholdInput: StrictInput {}
extension HouseholdPatch: StrictInput {}
extension NewProxyConsentInput: StrictInput {}
extension ProxyRevocationInput: StrictInput {}
extension ProxyRenewalInput: StrictInput {}
extension NewCommunityInput: StrictInput {}
extension CommunityPatch: StrictInput {}
extension NewTokenInput: StrictInput {}
extension TokenRevocationInput: StrictInput {}
extension AppealInput: StrictInput {}
extension RewardInput: StrictInput {}
extension DonationInput: StrictInput {}
extension AdjustmentInput: StrictInput {}
extension ReversalInput: StrictInput {}
extension ListingInput: StrictInput {}
extension ReviewDecision: StrictInput {}
extension ValuationCorrection: StrictInput {}
extension ListingRemoval: StrictInput {}
extension ListingReinstatement: StrictInput {}
