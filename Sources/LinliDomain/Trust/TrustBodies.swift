/// Small request bodies of the trust capability. Validation happens in the use cases, which
/// check the same fields whether the call comes over HTTP or from the command line.
public struct TextBody: Decodable, Sendable, Equatable {
    public var text: String
    public enum CodingKeys: String, CodingKey, CaseIterable { case text }
    public init(text: String) { self.text = text }
}

/// Body of "appeal an action": the appeal's text, and when station staff write it at the desk for
/// the member (`AppealCommands.file`), a note of how she asked ("本人到站口述"), required then:
/// she has one appeal per action, and it is spent in her name.
public struct AppealInput: Decodable, Sendable, Equatable {
    public var text: String
    public var note: String?
    public enum CodingKeys: String, CodingKey, CaseIterable { case text, note }
    public init(text: String, note: String? = nil) {
        self.text = text
        self.note = note
    }
}

/// A reason, e.g. for dismissing a fraud signal.
public struct ReasonBody: Decodable, Sendable, Equatable {
    public var reason: String
    public enum CodingKeys: String, CodingKey, CaseIterable { case reason }
    public init(reason: String) { self.reason = reason }
}

/// A moderator's decision on an appeal: overturn the action, or uphold it.
public struct AppealDecisionInput: Decodable, Sendable, Equatable {
    public var overturn: Bool
    public var reason: String
    public enum CodingKeys: String, CodingKey, CaseIterable { case overturn, reason }
    public init(overturn: Bool, reason: String) {
        self.overturn = overturn
        self.reason = reason
    }
}

extension ReportInput: StrictInput {}
extension CaseResolutionInput: StrictInput {}
extension TextBody: StrictInput {}
extension ReasonBody: StrictInput {}
extension AppealDecisionInput: StrictInput {}
