/// Identifier spaces of the trust capability (reports, cases, actions, appeals, stored signals).
public enum ReportIDKind: IdentifierKind { public static let prefix = "rpt" }
public enum CaseIDKind: IdentifierKind { public static let prefix = "cas" }
public enum CaseNoteIDKind: IdentifierKind { public static let prefix = "cnt" }
public enum CaseActionIDKind: IdentifierKind { public static let prefix = "act" }
public enum AppealIDKind: IdentifierKind { public static let prefix = "apl" }
public enum FraudSignalIDKind: IdentifierKind { public static let prefix = "sig" }

public typealias ReportID = Identifier<ReportIDKind>
public typealias CaseID = Identifier<CaseIDKind>
public typealias CaseNoteID = Identifier<CaseNoteIDKind>
public typealias CaseActionID = Identifier<CaseActionIDKind>
public typealias AppealID = Identifier<AppealIDKind>
public typealias FraudSignalID = Identifier<FraudSignalIDKind>
