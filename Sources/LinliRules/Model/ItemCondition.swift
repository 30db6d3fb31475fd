/// Condition of an item, from the owner's declaration, corrected by a moderator when needed.
public enum ItemCondition: String, Sendable, Codable, CaseIterable, Hashable {
    case new
    case likeNew = "like_new"
    case good
    case fair
    /// Heavily used but working: scuffs, faded fabric, a loose handle.
    case worn
    case forParts = "for_parts"
}
