import Foundation

/// The community's norms for events (the rule file's `events:` section), which its norm-revision
/// group may change like any other rule: a market with long queues opens the door earlier, a
/// building of large families sets a larger household share.
///
/// A plain domain value rather than `LinliRules.EventPolicy` so the core stays free of the rules
/// module; the store builds it from the parsed policy, and `standard` mirrors the defaults of a
/// file without the section (a test keeps the two equal).
public struct EventRules: Sendable, Equatable {
    /// The household share of an event whose organizer did not set one.
    public var defaultPerHouseholdLimit: Int
    /// How long before the start the door opens for check-in.
    public var checkInOpensBefore: TimeInterval
    /// How long before the start `event.reminder` goes to the chat groups and seated registrants.
    public var reminderLead: TimeInterval

    public init(defaultPerHouseholdLimit: Int, checkInOpensBeforeMinutes: Int, reminderLeadHours: Int) {
        let share = CommunityEventLimits.perHouseholdLimit
        self.defaultPerHouseholdLimit = min(max(defaultPerHouseholdLimit, share.lowerBound), share.upperBound)
        checkInOpensBefore = TimeInterval(max(0, checkInOpensBeforeMinutes)) * 60
        reminderLead = TimeInterval(min(max(1, reminderLeadHours), Self.longestReminderLeadHours)) * 3_600
    }

    /// The longest reminder lead a rule file may set (a week): the reminder query looks this far
    /// ahead for events not yet reminded.
    public static let longestReminderLeadHours = 168

    /// Two per household, the door open two hours before, the reminder a day ahead.
    public static let standard = EventRules(defaultPerHouseholdLimit: 2, checkInOpensBeforeMinutes: 120, reminderLeadHours: 24)
}
