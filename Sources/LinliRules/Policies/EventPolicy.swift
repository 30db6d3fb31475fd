/// Norms of swap markets and activities (community events). Section `events:`, optional: a
/// file without it keeps the norms the service shipped with (two per household, the door open
/// two hours before the start, the reminder a day ahead), so files written before the section
/// existed mean what they meant.
public struct EventPolicy: Sendable, Hashable, Codable {
    /// Live registrations (seated and waiting) one household may hold when the organizer does
    /// not set a share for the event (`default_per_household_limit`, 1–50, the range an organizer
    /// may set).
    public var defaultPerHouseholdLimit: Int = 2
    /// Minutes before the start from which people are checked in at the door
    /// (`check_in_opens_before_minutes`): people queue early at swap markets.
    public var checkInOpensBeforeMinutes: Int = 120
    /// Hours before the start at which seated registrants and the chat groups are reminded
    /// (`reminder_lead_hours`, at most a week).
    public var reminderLeadHours: Int = 24

    public init() {}

    init(reading reader: MappingReader?) {
        guard let reader else { return }
        defaultPerHouseholdLimit = reader.integer("default_per_household_limit", default: defaultPerHouseholdLimit, in: 1...50)
        checkInOpensBeforeMinutes = reader.integer(
            "check_in_opens_before_minutes", default: checkInOpensBeforeMinutes, in: 0...1440)
        reminderLeadHours = reader.integer("reminder_lead_hours", default: reminderLeadHours, in: 1...168)
        reader.finish()
    }
}
