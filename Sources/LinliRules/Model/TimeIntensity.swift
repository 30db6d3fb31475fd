/// How demanding a time job is (carrying shopping up six floors is not reading the paper aloud).
public enum TimeIntensity: String, Sendable, Codable, CaseIterable, Hashable {
    case light
    case moderate
    case heavy
}
