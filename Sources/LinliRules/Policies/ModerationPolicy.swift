/// Reports, strikes and appeals (issue 6). Section `moderation:`.
public struct ModerationPolicy: Sendable, Hashable, Codable {
    /// Reports one member may file per local day (`reports_per_reporter_per_day`).
    public var reportsPerReporterPerDay: Int = 5
    /// Days after an action during which the member may appeal it (`appeal_window_days`).
    public var appealWindowDays: Int = 14
    /// Strikes within `strike_window_days` that trigger an automatic suspension proposal
    /// (`strikes_before_suspension`).
    public var strikesBeforeSuspension: Int = 3
    /// Window for counting strikes (`strike_window_days`).
    public var strikeWindowDays: Int = 180
    /// Longest suspension a moderator may impose without an admin (`max_suspension_days`).
    public var maxSuspensionDays: Int = 90

    public init() {}

    init(reading reader: MappingReader?) {
        guard let reader else { return }
        reportsPerReporterPerDay = reader.integer("reports_per_reporter_per_day", default: reportsPerReporterPerDay, in: 1...1000)
        appealWindowDays = reader.integer("appeal_window_days", default: appealWindowDays, in: 1...365)
        strikesBeforeSuspension = reader.integer("strikes_before_suspension", default: strikesBeforeSuspension, in: 1...100)
        strikeWindowDays = reader.integer("strike_window_days", default: strikeWindowDays, in: 1...3650)
        maxSuspensionDays = reader.integer("max_suspension_days", default: maxSuspensionDays, in: 1...3650)
        reader.finish()
    }
}
