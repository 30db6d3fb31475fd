import Foundation
import LinliDomain
import NIOCore

/// Writes a browse page of listings as JSON bytes directly (`JSONBytes`), producing exactly what
/// `JSONEncoder` would (sorted keys, unescaped slashes, ISO 8601 dates, absent nils — tested byte
/// for byte).
///
/// Why: browsing is the hottest read, and profiling it showed `JSONEncoder` at about 30 % of the
/// server's CPU for a page of 20 listings (boxing every value, sorting every object's keys), more
/// than the query. The listing writer also writes the detail fields (breakdown, correction,
/// moderation, pending edit) for `ListingChangeJSON`, the answer to a listing write.
enum ListingPageJSON {
    /// The page as JSON, or nil when something in it must go through `JSONEncoder` (see
    /// `ListingChangeJSON.write`).
    static func encode(_ page: PageView<ListingView>) -> ByteBuffer? {
        var out = JSONBytes(capacity: 1024 * max(1, page.items.count))
        out.openObject()
        out.key("items")
        out.openArray()
        for view in page.items {
            guard write(view, into: &out) else { return nil }
        }
        out.closeArray()
        out.key("next_cursor")
        if let cursor = page.nextCursor { out.string(cursor) } else { out.null() }
        out.closeObject()
        return ByteBuffer(bytes: out.bytes)
    }

    /// The fields in `JSONEncoder`'s sorted order; nil fields are left out, as it does. False when
    /// a detail field cannot be written here (the caller then uses the encoder).
    static func write(_ v: ListingView, into out: inout JSONBytes) -> Bool {
        out.openObject()
        out.integer("age_months", v.ageMonths)
        out.string("area", v.area)
        writeAvailability(v.availability, into: &out)
        out.string("category", v.category)
        out.string("certification", v.certification)
        out.string("condition", v.condition)
        if let correction = v.correction {
            out.key("correction")
            guard ListingChangeJSON.write(correction, into: &out) else { return false }
        }
        out.date("created_at", v.createdAt)
        out.string("created_by", v.createdBy)
        out.string("declared_cost", v.declaredCost)
        out.string("description", v.description)
        out.string("direction", v.direction)
        out.integer("duration_minutes", v.durationMinutes)
        out.date("end_at", v.endAt)
        out.string("evidence_ref", v.evidenceRef)
        out.date("expires_at", v.expiresAt)
        out.string("id", v.id)
        out.string("intensity", v.intensity)
        out.string("kind", v.kind)
        out.string("level", v.level)
        if let moderation = v.moderation {
            out.key("moderation")
            ListingChangeJSON.write(moderation, into: &out)
        }
        if let original = v.originalValuation {
            out.key("original_valuation")
            guard ListingChangeJSON.write(original, into: &out) else { return false }
        }
        out.string("owner_id", v.ownerId)
        if let edit = v.pendingEdit {
            out.key("pending_edit")
            ListingChangeJSON.write(edit, into: &out)
        }
        out.key("photos")
        writePhotos(v.photos, into: &out)
        out.string("place", v.place)
        out.integer("points", v.points)
        out.date("published_at", v.publishedAt)
        out.string("purchase_date", v.purchaseDate)
        out.integer("quantity", v.quantity)
        out.key("repeatable")
        out.boolean(v.repeatable)
        out.string("skill_name", v.skillName)
        out.date("start_at", v.startAt)
        out.string("status", v.status)
        out.string("title", v.title)
        out.date("updated_at", v.updatedAt)
        if let valuation = v.valuation {
            out.key("valuation")
            guard ListingChangeJSON.write(valuation, into: &out) else { return false }
        }
        out.integer("version", v.version)
        out.closeObject()
        return true
    }

    /// The weekly slots, under their key; nothing when there are none.
    static func writeAvailability(_ slots: [WeeklySlot]?, into out: inout JSONBytes) {
        guard let slots else { return }
        out.key("availability")
        out.openArray()
        for slot in slots {
            out.openObject()
            out.key("from")
            out.string(slot.from)
            out.key("to")
            out.string(slot.to)
            out.key("weekday")
            out.integer(slot.weekday)
            out.closeObject()
        }
        out.closeArray()
    }

    static func writePhotos(_ photos: [PhotoLink], into out: inout JSONBytes) {
        out.openArray()
        for photo in photos {
            out.openObject()
            out.key("id")
            out.string(photo.id)
            out.key("url")
            out.string(photo.url)
            out.closeObject()
        }
        out.closeArray()
    }
}
