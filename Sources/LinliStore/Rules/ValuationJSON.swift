import Foundation
import LinliDomain
import LinliRules

/// Writes a `Valuation` as the JSON stored with every listing, byte for byte what `JSONEncoder`
/// (sorted keys, unescaped slashes, ISO 8601 dates) writes from its `Codable` conformance — a
/// test checks that over valuations of every kind. The stored text is what `ListingValuationCodec`
/// decodes, so it must not drift.
///
/// Why: encoding the breakdown with `JSONEncoder` was the largest Swift cost inside the write
/// transaction of a listing's creation, and the writer is the one thing that cannot run in parallel.
enum ValuationJSON {
    static func encode(_ valuation: Valuation) -> String {
        var out = JSONBytes(capacity: 2048)
        out.openObject()
        out.string("capped_by", valuation.cappedBy?.rawValue)
        out.key("community")
        out.string(valuation.community)
        out.key("content_hash")
        out.string(valuation.contentHash)
        out.key("input")
        write(valuation.input, into: &out)
        out.key("points")
        out.integer(valuation.points)
        out.key("rounding")
        out.string(valuation.rounding.rawValue)
        out.key("rule_version")
        out.integer(valuation.ruleVersion)
        out.key("steps")
        out.openArray()
        for step in valuation.steps { write(step, into: &out) }
        out.closeArray()
        out.key("unrounded_value")
        out.string(valuation.unroundedValue.description)
        out.closeObject()
        return String(decoding: out.bytes, as: UTF8.self)
    }

    private static func write(_ step: ValuationStep, into out: inout JSONBytes) {
        out.openObject()
        out.key("column")
        out.integer(step.column)
        out.key("detail_en")
        out.string(step.detailEN)
        out.key("detail_zh")
        out.string(step.detailZH)
        out.string("factor", step.factor?.description)
        out.key("line")
        out.integer(step.line)
        out.key("step")
        out.string(step.step.rawValue)
        out.key("value")
        out.string(step.value.description)
        out.closeObject()
    }

    private static func write(_ input: ValuationInput, into out: inout JSONBytes) {
        out.openObject()
        out.integer("age_months", input.ageMonths)
        out.string("area", input.area)
        out.key("category")
        out.string(input.category)
        out.string("certification", input.certification?.rawValue)
        out.string("condition", input.condition?.rawValue)
        out.string("declared_cost", input.declaredCost?.description)
        out.key("direction")
        out.string(input.direction.rawValue)
        out.integer("duration_minutes", input.durationMinutes)
        out.date("end", input.end)
        out.string("intensity", input.intensity?.rawValue)
        out.key("kind")
        out.string(input.kind.rawValue)
        out.string("level", input.level?.rawValue)
        out.string("purchase_date", input.purchaseDate?.description)
        out.key("quantity")
        out.integer(input.quantity)
        out.date("start", input.start)
        out.closeObject()
    }
}
