/// Body of "resolve a case": one or more actions, and a message to the people involved.
public struct CaseResolutionInput: Decodable, Sendable, Equatable {
    public struct Action: Decodable, Sendable, Equatable {
        public var kind: CaseActionKind
        /// Suspensions only: how many days (1 … `moderation.max_suspension_days`).
        public var days: Int?
        public init(kind: CaseActionKind, days: Int? = nil) {
            self.kind = kind
            self.days = days
        }
    }

    public var actions: [Action]
    public var reason: String

    public enum CodingKeys: String, CodingKey, CaseIterable { case actions, reason }

    public init(actions: [Action], reason: String) {
        self.actions = actions
        self.reason = reason
    }

    /// Whether the case is upheld by these actions (anything but a dismissal).
    public var upheld: Bool { !actions.contains { $0.kind == .dismiss } }

    public func validate(maxSuspensionDays: Int) throws(DomainError) {
        var check = FieldValidator()
        check.text(reason, at: "/reason", max: TrustLimits.reason)
        if actions.isEmpty || actions.count > TrustLimits.actionsPerResolution {
            check.add(FieldIssue("/actions", .outOfRange, ["min": "1", "max": String(TrustLimits.actionsPerResolution)]))
        }
        if actions.contains(where: { $0.kind == .dismiss }), actions.count > 1 {
            check.add(FieldIssue("/actions", .invalidValue, ["allowed": "dismiss on its own"]))
        }
        if Set(actions.map(\.kind)).count != actions.count {
            check.add(FieldIssue("/actions", .invalidValue, ["allowed": "each kind once"]))
        }
        for (index, action) in actions.enumerated() {
            if action.kind == .suspend {
                if let days = action.days, (1...maxSuspensionDays).contains(days) { continue }
                check.add(FieldIssue("/actions/\(index)/days", .outOfRange, ["min": "1", "max": String(maxSuspensionDays)]))
            } else if action.days != nil {
                check.add(FieldIssue("/actions/\(index)/days", .invalidValue, ["allowed": "only with suspend"]))
            }
        }
        try check.finish()
    }
}
