/// Small request bodies of the trust capability. Validation happens in the use cases, which
/// check the same fields whether the call comes over HTTP or from the command line.
public struct TextBody: Decodable, Sendable, Equatable {
    public var text: String
    public enum CodingKeys: String, CodingKey, CaseIterable { case text }
    public init(text: String) { self.text = text }
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
