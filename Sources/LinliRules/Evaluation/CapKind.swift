/// The cap that bound a value.
public enum CapKind: String, Sendable, Hashable, Codable {
    case minimum
    case maximum
    case perHourMaximum = "per_hour_maximum"
}
