/// Self-declared (or moderator-corrected) mastery of a skill.
public enum SkillLevel: String, Sendable, Codable, CaseIterable, Hashable {
    case beginner
    case intermediate
    case advanced
    case expert
}
