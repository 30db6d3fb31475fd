import Foundation
import GRDB
import LinliDomain

/// Reads listings from a statement whose columns are `ListingColumn`'s layout, by position, with
/// the statement's column names checked once per query instead of looked up once per field.
///
/// Every listing read in the store goes through here (`SELECT *` from `listings`, the browse
/// projections). A statement of any other shape is refused loudly, since decoding it by position
/// would put values in the wrong fields.
enum ListingRowReader {
    static func fetchAll(_ statement: Statement, arguments: StatementArguments) throws -> [Listing] {
        try ListingColumn.fetchAll(statement, arguments: arguments, listing)
    }

    static func fetchOne(_ statement: Statement, arguments: StatementArguments) throws -> Listing? {
        try ListingColumn.fetchOne(statement, arguments: arguments, listing)
    }

    /// The statement's current row as a listing.
    static func listing(_ row: ColumnRow<ListingColumn>) throws -> Listing {
        let content = ListingContent(
            direction: try row.requiredEnumeration(.direction), kind: try row.requiredEnumeration(.kind),
            categoryCode: try row.required(.categoryCode), title: try row.required(.title), description: try row.required(.description),
            area: row.text(.area), photos: try ListingRows.strings(row.bytes(.photosJSON)) ?? [], declaredCost: row.text(.declaredCost),
            purchaseDate: row.text(.purchaseDate), ageMonths: row.int(.ageMonths), condition: try row.enumeration(.condition),
            quantity: row.int(.quantity), startAt: row.date(.startAt), endAt: row.date(.endAt),
            availability: try ListingRows.slots(row.bytes(.availabilityJSON)),
            durationMinutes: row.int(.durationMinutes), intensity: try row.enumeration(.intensity), place: row.text(.place),
            skillName: row.text(.skillName), level: try row.enumeration(.level), certification: try row.enumeration(.certification),
            evidenceRef: row.text(.evidenceRef))
        var original: ListingValuation?
        if let points = row.int(.originalPoints) {
            original = ListingValuation(
                points: points, ruleSetVersion: try row.required(.originalRuleSetVersion),
                ruleSetHash: try row.required(.originalRuleSetHash), breakdownJSON: try row.required(.originalBreakdownJSON))
        }
        return Listing(
            id: try row.requiredIdentifier(.id), communityID: try row.requiredIdentifier(.communityID),
            ownerID: try row.requiredIdentifier(.ownerID), createdBy: try row.requiredIdentifier(.createdBy),
            status: try row.requiredEnumeration(.status), content: content,
            valuation: ListingValuation(
                points: try row.requiredInt(.points), ruleSetVersion: try row.required(.ruleSetVersion),
                ruleSetHash: try row.required(.ruleSetHash), breakdownJSON: try row.required(.breakdownJSON)),
            originalValuation: original, originalInputsJSON: row.text(.originalInputsJSON),
            correctionReason: row.text(.correctionReason), correctedBy: try row.identifier(.correctedBy), correctedAt: row.date(.correctedAt),
            decisionReasonCode: try row.enumeration(.decisionReasonCode), decisionMessage: row.text(.decisionMessage),
            requestedFields: try ListingRows.strings(row.bytes(.requestedFieldsJSON)),
            publishedAt: row.date(.publishedAt), expiresAt: row.date(.expiresAt), createdAt: try row.requiredDate(.createdAt),
            updatedAt: try row.requiredDate(.updatedAt), version: try row.requiredInt(.version))
    }
}
