import Foundation
import LinliDomain

/// The listing's timeline as its owner (and staff acting for her) may read it.
///
/// Why: the audit entries of a submission carry the pre-screen's signals and the queue priority,
/// and those of a review name the moderator who claimed and decided it. Moderators keep these
/// to themselves (`ReviewView(moderation:)`): a resident told "fraud_signals" and a priority of
/// 50 learns she is flagged and roughly how strongly, and one who knows which neighbour reviewed
/// her listing may take it up with them. The history showed all of it to her (session 27
/// review). What she keeps: every step, its time, the decision, its reason and the fields asked.
enum ListingHistoryRedaction {
    /// Fields of `before`/`after` only moderators see.
    static let moderatorFields: Set<String> = ["signals", "priority", "prescreen_priority", "claim_expires_at"]

    /// Actions taken by moderators: who took them is theirs.
    static func isModeration(_ action: String) -> Bool {
        action.hasPrefix("review.") || ["listing.valuation_corrected", "listing.removed", "listing.reinstated"].contains(action)
    }

    /// - Parameter known: the members she may see named (herself, her registrar, the reader, her
    ///   listing's requesters); a step anyone else took (a moderator resolving a dispute completes,
    ///   releases or withdraws the listing in its own name: helper 155 #2) reads as the staff's,
    ///   unless it was taken for `owner` (the desk acting for her).
    static func forOwner(_ entry: AuditEntry, known: Set<MemberID>, owner: MemberID) -> AuditEntry {
        var entry = entry
        entry.before = entry.before.map(withoutModeratorFields)
        entry.after = entry.after.map(withoutModeratorFields)
        let stranger = entry.actorID.map { !known.contains($0) && entry.onBehalfOf != owner } ?? false
        if (isModeration(entry.action) || stranger), entry.actorID != nil {
            entry.actorID = nil
            entry.actorTokenID = nil
            entry.onBehalfOf = nil
            // A moderation step is a moderator's; anyone else's she does not know (a moderator
            // resolving a dispute, the desk acting for a requester, an admin's revaluation) reads
            // as the community's staff (helper 159 #7).
            entry.actorLabel = isModeration(entry.action) ? "moderator" : "staff"
        }
        return entry
    }

    /// The JSON object without the moderators' fields, keys sorted as stored; text that is not a
    /// JSON object is left as it is.
    static func withoutModeratorFields(_ json: String) -> String {
        guard moderatorFields.contains(where: { json.contains("\"\($0)\"") }),
            var object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
        else { return json }
        for field in moderatorFields { object.removeValue(forKey: field) }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return json
        }
        return String(decoding: data, as: UTF8.self)
    }
}
