/// Findings a moderator dismissed, remembered so the same evidence does not fire again.
///
/// A dismissal remembers the signal's type, subjects and evidence. A later finding is suppressed when
/// it has the same type and subjects and its evidence is covered by a dismissed one: a velocity burst
/// that was judged fine stays quiet, but the same member doing it again with new exchanges fires.
public struct DismissedSignals: Sendable, Hashable, Codable {
    private var fingerprints: Set<String> = []
    private var evidenceByIdentity: [String: [Set<String>]] = [:]

    public init() {}

    /// Remembers a dismissed signal.
    public mutating func dismiss(_ signal: FraudSignal) {
        fingerprints.insert(signal.fingerprint)
        evidenceByIdentity[Self.identity(signal), default: []].append(signal.evidence.keys)
    }

    /// Whether this signal is the same finding (or a part of one) that a moderator dismissed.
    public func suppresses(_ signal: FraudSignal) -> Bool {
        if fingerprints.isEmpty { return false }
        if fingerprints.contains(signal.fingerprint) { return true }
        guard let dismissed = evidenceByIdentity[Self.identity(signal)] else { return false }
        let keys = signal.evidence.keys
        return dismissed.contains { keys.isSubset(of: $0) }
    }

    public var count: Int { fingerprints.count }

    private static func identity(_ signal: FraudSignal) -> String {
        signal.type.rawValue + "|" + signal.subjects.map(\.rawValue).joined(separator: ",")
    }
}
