import Foundation
import LinliDomain
import NIOCore

/// Writes the answer to a listing write (`ListingChangeView`: the listing with its breakdown, the
/// review it opened, the edit) as JSON bytes directly, exactly as `JSONResponse` writes it through
/// `JSONEncoder` with the stored breakdown spliced in (tested byte for byte).
///
/// Why: creating a listing is a hot write, and encoding its answer through `JSONEncoder` was
/// about a fifth of the request's CPU outside the database writer, as much as valuing and
/// pre-screening the listing. Every writer here returns false (or the whole answer nil) where
/// the encoder's output is not certain to be reproduced (stored JSON that does not look like an
/// object, signal parameter names outside `a-z` and `_`), and the caller encodes as before.
enum ListingChangeJSON {
    static func encode(_ view: ListingChangeView) -> ByteBuffer? {
        var out = JSONBytes(capacity: 4096)
        out.openObject()
        if let edit = view.edit {
            out.key("edit")
            write(edit, into: &out)
        }
        out.key("listing")
        guard ListingPageJSON.write(view.listing, into: &out) else { return nil }
        if let review = view.review {
            out.key("review")
            guard write(review, into: &out) else { return nil }
        }
        out.closeObject()
        return ByteBuffer(bytes: out.bytes)
    }

    /// One listing (`GET /v1/listings/{id}`).
    static func encode(_ view: ListingView) -> ByteBuffer? {
        var out = JSONBytes(capacity: 2048)
        guard ListingPageJSON.write(view, into: &out) else { return nil }
        return ByteBuffer(bytes: out.bytes)
    }

    static func write(_ v: ValuationView, into out: inout JSONBytes) -> Bool {
        guard RawJSON.looksLikeJSON(v.breakdown.text) else { return false }
        out.openObject()
        out.key("breakdown")
        out.json(v.breakdown.text)
        out.string("explanation", v.explanation)
        out.integer("points", v.points)
        out.string("rule_set_hash", v.ruleSetHash)
        out.string("rule_set_version", v.ruleSetVersion)
        out.closeObject()
        return true
    }

    static func write(_ v: CorrectionView, into out: inout JSONBytes) -> Bool {
        out.openObject()
        out.date("corrected_at", v.correctedAt)
        out.string("corrected_by", v.correctedBy)
        if let inputs = v.originalInputs {
            guard RawJSON.looksLikeJSON(inputs.text) else { return false }
            out.key("original_inputs")
            out.json(inputs.text)
        }
        out.string("reason", v.reason)
        out.closeObject()
        return true
    }

    static func write(_ v: ModerationView, into out: inout JSONBytes) {
        out.openObject()
        out.string("message", v.message)
        out.string("reason_code", v.reasonCode)
        out.string("reason_label", v.reasonLabel)
        writeTexts("requested_fields", v.requestedFields, into: &out)
        out.closeObject()
    }

    static func write(_ v: ListingEditView, into out: inout JSONBytes) {
        out.openObject()
        out.integer("age_months", v.ageMonths)
        out.string("area", v.area)
        ListingPageJSON.writeAvailability(v.availability, into: &out)
        out.string("category", v.category)
        out.string("certification", v.certification)
        writeTexts("changed_fields", v.changedFields, into: &out)
        out.string("condition", v.condition)
        out.date("created_at", v.createdAt)
        out.string("created_by", v.createdBy)
        out.string("declared_cost", v.declaredCost)
        out.string("description", v.description)
        out.integer("duration_minutes", v.durationMinutes)
        out.date("end_at", v.endAt)
        out.string("evidence_ref", v.evidenceRef)
        out.string("id", v.id)
        out.string("intensity", v.intensity)
        out.string("level", v.level)
        out.key("photos")
        ListingPageJSON.writePhotos(v.photos, into: &out)
        out.string("place", v.place)
        out.integer("points", v.points)
        out.string("purchase_date", v.purchaseDate)
        out.integer("quantity", v.quantity)
        out.string("skill_name", v.skillName)
        out.date("start_at", v.startAt)
        out.string("status", v.status)
        out.string("title", v.title)
        out.closeObject()
    }

    static func write(_ v: ReviewView, into out: inout JSONBytes) -> Bool {
        out.openObject()
        out.date("claim_expires_at", v.claimExpiresAt)
        out.string("claimed_by", v.claimedBy)
        out.date("created_at", v.createdAt)
        out.date("decided_at", v.decidedAt)
        out.string("decided_by", v.decidedBy)
        out.string("decision", v.decision)
        out.string("edit_id", v.editId)
        out.string("id", v.id)
        out.string("listing_id", v.listingId)
        out.string("message", v.message)
        out.integer("priority", v.priority)
        out.string("reason_code", v.reasonCode)
        writeTexts("requested_fields", v.requestedFields, into: &out)
        if let signals = v.signals {
            out.key("signals")
            out.openArray()
            for signal in signals {
                guard write(signal, into: &out) else { return false }
            }
            out.closeArray()
        }
        out.string("status", v.status)
        out.string("subject", v.subject)
        out.integer("version", v.version)
        out.closeObject()
        return true
    }

    private static func write(_ signal: ReviewView.SignalView, into out: inout JSONBytes) -> Bool {
        out.openObject()
        out.key("code")
        out.string(signal.code)
        out.key("explanation")
        out.string(signal.explanation)
        out.key("parameters")
        guard out.sortedObject(signal.parameters) else { return false }
        out.key("weight")
        out.integer(signal.weight)
        out.closeObject()
        return true
    }

    private static func writeTexts(_ name: StaticString, _ texts: [String]?, into out: inout JSONBytes) {
        guard let texts else { return }
        out.key(name)
        out.strings(texts)
    }
}
