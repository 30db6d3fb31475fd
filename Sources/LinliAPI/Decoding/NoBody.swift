import LinliDomain

/// The body of a write that takes none: nothing, or `{}`. Every field is unknown (422
/// `field.unknown`), as for any other write, so a client that sends one learns it is not read
/// (helper 170 #4: `POST /v1/listings/{id}/withdraw {"reason":"已送人"}` answered 200 and dropped
/// the reason without a word).
struct NoBody: StrictInput {
    /// No name is known: `init?(rawValue:)` answers nil for every one.
    struct CodingKeys: CodingKey, CaseIterable, RawRepresentable {
        static let allCases: [CodingKeys] = []
        let rawValue: String
        init?(rawValue: String) { nil }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { nil }
        var stringValue: String { rawValue }
        var intValue: Int? { nil }
    }

    init(from decoder: any Decoder) throws {}
}
