import Foundation
import LinliDomain

/// One automatic finding: named, scored from the rule file, explained in zh and en, with evidence.
public struct FraudSignal: Sendable, Hashable, Codable {
    public var type: FraudSignalType
    /// From the rule file's `fraud.<signal>.score` (0–100).
    public var score: Int
    /// The accounts the signal is about (sorted): the ones whose priority it raises.
    public var subjects: [MemberID]
    public var evidence: SignalEvidence
    /// For rings: the members in cycle order, starting from the smallest id (points flow left to right).
    public var cycle: [MemberID]?
    /// When the last piece of evidence happened.
    public var at: Date
    public var explanationZH: String
    public var explanationEN: String

    public init(
        type: FraudSignalType, score: Int, subjects: [MemberID], evidence: SignalEvidence, cycle: [MemberID]? = nil,
        at: Date, explanationZH: String, explanationEN: String
    ) {
        self.type = type
        self.score = score
        self.subjects = Array(Set(subjects)).sorted()
        self.evidence = evidence
        self.cycle = cycle
        self.at = at
        self.explanationZH = explanationZH
        self.explanationEN = explanationEN
    }

    public func explanation(_ language: TrustLanguage) -> String {
        language == .zh ? explanationZH : explanationEN
    }

    /// A stable digest of the type, the subjects and the evidence: what a dismissal remembers.
    public var fingerprint: String {
        SignalFingerprint.of(type: type, subjects: subjects, evidenceKeys: evidence.keys)
    }
}

/// FNV-1a 64-bit over the canonical text of a signal's identity. Not cryptographic: it only has to
/// tell apart findings of one community, and it is cheap enough for the incremental path.
enum SignalFingerprint {
    static func of(type: FraudSignalType, subjects: [MemberID], evidenceKeys: Set<String>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func feed(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            hash ^= 0x1F
            hash = hash &* 0x0000_0100_0000_01B3
        }
        feed(type.rawValue)
        for subject in subjects { feed(subject.rawValue) }
        for key in evidenceKeys.sorted() { feed(key) }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
