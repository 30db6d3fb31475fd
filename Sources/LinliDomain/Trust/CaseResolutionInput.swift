/// Body of "resolve a case": one or more actions, and a message to the people involved.
public struct CaseResolutionInput: Decodable, Sendable, Equatable {
    public struct Action: Decodable, Sendable, Equatable {
        public var kind: CaseActionKind
        /// Suspensions only: how many days (1 … `moderation.max_suspension_days`).
        public var days: Int?
        /// Compensation only: points the offender pays, and to whom.
        public var points: Int?
        public var victimID: MemberID?

        public enum CodingKeys: String, CodingKey { case kind, days, points, victimID = "victim_id" }

        public init(from decoder: any Decoder) throws {
            try NestedKeys.check(decoder, CodingKeys.self, required: [.kind])
            let container = try decoder.container(keyedBy: CodingKeys.self)
            kind = try container.decode(CaseActionKind.self, forKey: .kind)
            days = try container.decodeIfPresent(Int.self, forKey: .days)
            points = try container.decodeIfPresent(Int.self, forKey: .points)
            victimID = try container.decodeIfPresent(MemberID.self, forKey: .victimID)
        }

        public init(kind: CaseActionKind, days: Int? = nil, points: Int? = nil, victimID: MemberID? = nil) {
            self.kind = kind
            self.days = days
            self.points = points
            self.victimID = victimID
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

    /// Largest compensation one resolution may order (a moderator's call, not a ledger correction).
    public static let maxCompensationPoints = 10_000

    public func validate(maxSuspensionDays: Int) throws(DomainError) {
        var check = FieldValidator()
        check.text(reason, at: "/reason", max: TrustLimits.reason)
        if actions.isEmpty || actions.count > TrustLimits.actionsPerResolution {
            check.add(FieldIssue("/actions", .outOfRange, ["min": "1", "max": String(TrustLimits.actionsPerResolution)]))
        }
        if actions.contains(where: { $0.kind == .dismiss }), actions.count > 1 {
            check.add(FieldIssue("/actions", .invalidValue, ["reason": "case.dismiss_with_others"]))
        }
        if Set(actions.map(\.kind)).count != actions.count {
            check.add(FieldIssue("/actions", .invalidValue, ["reason": "case.action_repeated"]))
        }
        for (index, action) in actions.enumerated() {
            if action.kind == .suspend {
                if !(action.days.map { (1...maxSuspensionDays).contains($0) } ?? false) {
                    check.add(FieldIssue("/actions/\(index)/days", .outOfRange, ["min": "1", "max": String(maxSuspensionDays)]))
                }
            } else if action.days != nil {
                check.add(FieldIssue("/actions/\(index)/days", .invalidValue, ["reason": "case.days_only_suspend"]))
            }
            if action.kind == .compensate {
                if !(action.points.map { (1...Self.maxCompensationPoints).contains($0) } ?? false) {
                    check.add(FieldIssue("/actions/\(index)/points", .outOfRange, ["min": "1", "max": String(Self.maxCompensationPoints)]))
                }
                if action.victimID == nil { check.add(FieldIssue("/actions/\(index)/victim_id", .required)) }
            } else {
                if action.points != nil { check.add(FieldIssue("/actions/\(index)/points", .invalidValue, ["reason": "case.points_only_compensate"])) }
                if action.victimID != nil {
                    check.add(FieldIssue("/actions/\(index)/victim_id", .invalidValue, ["reason": "case.victim_only_compensate"]))
                }
            }
        }
        try check.finish()
    }
}
