/// Body of "file a report": any member, about a listing, a member, or an exchange they took part in.
public struct ReportInput: Decodable, Sendable, Equatable {
    public var targetType: ReportTargetType
    public var targetID: String
    public var category: ReportCategory
    public var text: String
    /// SHA-256 ids of photos the reporter uploaded through the photo store.
    public var photos: [String]

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case targetType = "target_type", targetID = "target_id", category, text, photos
    }

    public init(targetType: ReportTargetType, targetID: String, category: ReportCategory, text: String, photos: [String] = []) {
        self.targetType = targetType
        self.targetID = targetID
        self.category = category
        self.text = text
        self.photos = photos
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        targetType = try container.decode(ReportTargetType.self, forKey: .targetType)
        targetID = try container.decode(String.self, forKey: .targetID)
        category = try container.decode(ReportCategory.self, forKey: .category)
        text = try container.decode(String.self, forKey: .text)
        photos = try container.decodeIfPresent([String].self, forKey: .photos) ?? []
    }

    public func validate() throws(DomainError) {
        var check = FieldValidator()
        check.text(text, at: "/text", max: TrustLimits.reportText)
        let wellFormed = switch targetType {
        case .listing: ListingID.isWellFormed(targetID)
        case .member: MemberID.isWellFormed(targetID)
        case .exchange: ExchangeID.isWellFormed(targetID)
        }
        if !wellFormed {
            let reason = switch targetType {
            case .listing: "report.listing_id_format"
            case .member: "report.member_id_format"
            case .exchange: "report.exchange_id_format"
            }
            let prefix = switch targetType {
            case .listing: ListingIDKind.prefix
            case .member: MemberKind.prefix
            case .exchange: ExchangeIDKind.prefix
            }
            check.add(FieldIssue("/target_id", .invalidFormat, ["reason": reason, "prefix": prefix]))
        }
        if photos.count > TrustLimits.reportPhotos {
            check.add(FieldIssue("/photos", .tooLong, ["max": String(TrustLimits.reportPhotos)]))
        }
        try check.finish()
    }
}
