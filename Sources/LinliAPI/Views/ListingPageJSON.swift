import Foundation
import LinliDomain
import NIOCore

/// Writes a browse page of listings as JSON bytes directly, producing exactly what `JSONEncoder`
/// would (sorted keys, unescaped slashes, ISO 8601 dates, absent nils — tested byte for byte).
///
/// Why: browsing is the hottest read, and profiling it showed `JSONEncoder` at about 30 % of the
/// server's CPU for a page of 20 listings (boxing every value, sorting every object's keys), more
/// than the query. List pages hold no valuation breakdown, moderation or pending edit, so their
/// shape is fixed and small enough to write by hand; anything else (a detail view) goes through
/// `JSONEncoder` as before.
enum ListingPageJSON {
    /// The page as JSON, or nil when a listing carries detail fields this writer does not write.
    static func encode(_ page: PageView<ListingView>) -> ByteBuffer? {
        var out: [UInt8] = []
        out.reserveCapacity(1024 * max(1, page.items.count))
        raw(#"{"items":["#, into: &out)
        for (index, view) in page.items.enumerated() {
            guard view.valuation == nil, view.originalValuation == nil, view.correction == nil, view.moderation == nil,
                view.pendingEdit == nil
            else { return nil }
            if index > 0 { out.append(UInt8(ascii: ",")) }
            write(view, into: &out)
        }
        raw(#"],"next_cursor":"#, into: &out)
        if let cursor = page.nextCursor { string(cursor, into: &out) } else { raw("null", into: &out) }
        out.append(UInt8(ascii: "}"))
        return ByteBuffer(bytes: out)
    }

    /// The fields in `JSONEncoder`'s sorted order; nil fields are left out, as it does.
    static func write(_ v: ListingView, into out: inout [UInt8]) {
        var first = true
        func key(_ name: StaticString) {
            out.append(UInt8(ascii: first ? "{" : ","))
            first = false
            out.append(UInt8(ascii: "\""))
            raw(name, into: &out)
            out.append(UInt8(ascii: "\""))
            out.append(UInt8(ascii: ":"))
        }
        func text(_ name: StaticString, _ value: String?) {
            guard let value else { return }
            key(name)
            string(value, into: &out)
        }
        func integer(_ name: StaticString, _ value: Int?) {
            guard let value else { return }
            key(name)
            decimal(value, into: &out)
        }
        func date(_ name: StaticString, _ value: Date?) {
            guard let value else { return }
            key(name)
            iso8601(value, into: &out)
        }
        integer("age_months", v.ageMonths)
        text("area", v.area)
        if let slots = v.availability {
            key("availability")
            out.append(UInt8(ascii: "["))
            for (index, slot) in slots.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                raw(#"{"from":"#, into: &out)
                string(slot.from, into: &out)
                raw(#","to":"#, into: &out)
                string(slot.to, into: &out)
                raw(#","weekday":"#, into: &out)
                decimal(slot.weekday, into: &out)
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "]"))
        }
        text("category", v.category)
        text("certification", v.certification)
        text("condition", v.condition)
        date("created_at", v.createdAt)
        text("created_by", v.createdBy)
        text("declared_cost", v.declaredCost)
        text("description", v.description)
        text("direction", v.direction)
        integer("duration_minutes", v.durationMinutes)
        date("end_at", v.endAt)
        text("evidence_ref", v.evidenceRef)
        date("expires_at", v.expiresAt)
        text("id", v.id)
        text("intensity", v.intensity)
        text("kind", v.kind)
        text("level", v.level)
        text("owner_id", v.ownerId)
        key("photos")
        out.append(UInt8(ascii: "["))
        for (index, photo) in v.photos.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            raw(#"{"id":"#, into: &out)
            string(photo.id, into: &out)
            raw(#","url":"#, into: &out)
            string(photo.url, into: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        text("place", v.place)
        integer("points", v.points)
        date("published_at", v.publishedAt)
        text("purchase_date", v.purchaseDate)
        integer("quantity", v.quantity)
        text("skill_name", v.skillName)
        date("start_at", v.startAt)
        text("status", v.status)
        text("title", v.title)
        date("updated_at", v.updatedAt)
        integer("version", v.version)
        out.append(UInt8(ascii: "}"))
    }

    /// A JSON string as `JSONEncoder` writes it with `.withoutEscapingSlashes`: quote, backslash
    /// and control characters escaped, everything else (Chinese included) as UTF-8. Text without
    /// any of those (nearly all) is copied in one piece.
    static func string(_ value: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { bytes in
            if !bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
                out.append(contentsOf: bytes)
                return
            }
            for byte in bytes { escaped(byte, into: &out) }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func escaped(_ byte: UInt8, into out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
        case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
        case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
        case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        case 0..<0x20:
            let hex = Array("0123456789abcdef".utf8)
            out.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        default: out.append(byte)
        }
    }

    /// Literal bytes, without the array a `String` would be turned into.
    static func raw(_ text: StaticString, into out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// An integer in decimal, as `JSONEncoder` writes it.
    static func decimal(_ value: Int, into out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
            UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            out.append(contentsOf: buffer[(20 - count)...])
        }
    }

    /// `yyyy-MM-ddTHH:mm:ssZ` in UTC, whole seconds rounded down, as `JSONEncoder`'s `.iso8601`:
    /// the ledger's exact UTC fields (truncated to the millisecond, so to the second alike),
    /// written in place.
    static func iso8601(_ date: Date, into out: inout [UInt8]) {
        let (year, month, day, secondOfDay) = LedgerTimestamp(date).civilFields
        func two(_ value: Int64) {
            out.append(UInt8(ascii: "0") + UInt8(value / 10))
            out.append(UInt8(ascii: "0") + UInt8(value % 10))
        }
        out.append(UInt8(ascii: "\""))
        two(year / 100)
        two(year % 100)
        out.append(UInt8(ascii: "-"))
        two(month)
        out.append(UInt8(ascii: "-"))
        two(day)
        out.append(UInt8(ascii: "T"))
        two(secondOfDay / 3600)
        out.append(UInt8(ascii: ":"))
        two(secondOfDay / 60 % 60)
        out.append(UInt8(ascii: ":"))
        two(secondOfDay % 60)
        out.append(UInt8(ascii: "Z"))
        out.append(UInt8(ascii: "\""))
    }
}
