import GRDB

/// The columns of `listings` in table order: what `SELECT *` and `SELECT listings.*` return.
///
/// Listing reads decode by position (`ListingRowReader`) instead of looking every column up by
/// name, which hashed about fifty names per row and was the largest part of a browse page after
/// the HTTP work. `ListingRowReaderTests` check this order against `PRAGMA table_info(listings)`.
enum ListingColumn: Int32, TableColumn {
    case id, communityID, ownerID, createdBy, direction, kind, categoryCode, status, title, description, area, photosJSON
    case declaredCost, declaredCostCents, purchaseDate, ageMonths, condition, quantity, startAt, endAt, availabilityJSON
    case durationMinutes, intensity, place, skillName, level, certification, evidenceRef, points, ruleSetVersion
    case ruleSetHash, breakdownJSON, originalPoints, originalRuleSetVersion, originalRuleSetHash, originalBreakdownJSON
    case originalInputsJSON, correctionReason, correctedBy, correctedAt, decisionReasonCode, decisionMessage
    case requestedFieldsJSON, publishedAt, expiresAt, createdAt, updatedAt, version

    static let table = "listings"

    /// Every column's name, in order.
    static let names: [String] = allCases.map(\.name)

    /// Columns a list page never shows (the stored valuation breakdowns): selected as empty
    /// placeholders of the same position, so one reader serves both projections.
    static let detailOnly: Set<ListingColumn> = [
        .breakdownJSON, .originalPoints, .originalRuleSetVersion, .originalRuleSetHash, .originalBreakdownJSON,
        .originalInputsJSON,
    ]

    /// Every column, qualified: the same layout as `listings.*`.
    static let selectAll: String = allCases.map { "listings.\($0.name)" }.joined(separator: ", ")

    /// Every column but the breakdowns, which come back as `''` (the current one) or NULL.
    static let selectSummary: String = allCases.map { column in
        guard detailOnly.contains(column) else { return "listings.\(column.name)" }
        return column == .breakdownJSON ? "'' AS breakdown_json" : "NULL AS \(column.name)"
    }.joined(separator: ", ")
}
