/// One recurring window of availability, in the community's time zone: "Saturdays 09:00–11:30".
public struct WeeklySlot: Codable, Sendable, Equatable {
    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int
    /// "HH:MM", 24-hour.
    public var from: String
    public var to: String

    public init(weekday: Int, from: String, to: String) {
        self.weekday = weekday
        self.from = from
        self.to = to
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case weekday, from, to }

    /// Strict like the top-level bodies: an unknown key inside a slot is a mistake, not noise,
    /// and it is reported like every other unknown field (422 `field.unknown` at its pointer).
    public init(from decoder: any Decoder) throws {
        try NestedKeys.check(decoder, CodingKeys.self, required: [.weekday, .from, .to])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        weekday = try container.decode(Int.self, forKey: .weekday)
        from = try container.decode(String.self, forKey: .from)
        to = try container.decode(String.self, forKey: .to)
    }

    /// Minutes after midnight for "HH:MM", or nil when malformed.
    public static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            let hours = ASCIIDigits.value(parts[0]), let minutes = ASCIIDigits.value(parts[1]), (0...23).contains(hours),
            (0...59).contains(minutes)
        else { return nil }
        return hours * 60 + minutes
    }
}
