/// What vouches for a skill: nothing, endorsements of neighbours, or a checked licence.
public enum SkillCertification: String, Sendable, Codable, CaseIterable, Hashable {
    case none
    case peerEndorsed = "peer_endorsed"
    case verifiedLicence = "verified_licence"
}
