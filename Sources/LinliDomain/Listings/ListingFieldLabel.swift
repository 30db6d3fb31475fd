/// A listing field's name in words, for the owner who is asked to change it.
///
/// Why: a moderator asking for changes names fields by their API keys (`declared_cost`,
/// `availability`), and the owner, often an elder at the service station, was told only "needs
/// changes" (helper 137 #11). The keys stay in the review for clients; the notice names them.
public enum ListingFieldLabel {
    /// The words for `field` (an API key of `ListingInput`); an unknown key is returned as it is.
    public static func label(_ field: String, in language: Language) -> String {
        guard let key = ListingInput.CodingKeys(rawValue: field) else { return field }
        let (zh, en): (String, String) = switch key {
        case .direction: ("供需方向", "offer or request")
        case .kind: ("类型", "kind")
        case .categoryCode: ("分类", "category")
        case .title: ("标题", "title")
        case .description: ("描述", "description")
        case .area: ("所在区域", "area")
        case .photos: ("照片", "photos")
        case .declaredCost: ("购买价格", "purchase price")
        case .purchaseDate: ("购买日期", "purchase date")
        case .ageMonths: ("已使用月数", "months in use")
        case .condition: ("新旧程度", "condition")
        case .quantity: ("数量", "quantity")
        case .startAt: ("开始时间", "start time")
        case .endAt: ("结束时间", "end time")
        case .availability: ("可约时段", "available times")
        case .durationMinutes: ("时长", "duration")
        case .intensity: ("劳动强度", "effort")
        case .place: ("服务地点", "place")
        case .skillName: ("技能名称", "skill")
        case .level: ("技能水平", "skill level")
        case .certification: ("资质证明", "certification")
        case .evidenceRef: ("资质材料", "certificate reference")
        case .ownerID: ("发布人", "owner")
        case .submit: ("提交审核", "submit")
        case .note: ("办理依据", "note")
        }
        return language == .en ? en : zh
    }

    /// Several fields in words, joined as the language lists them ("标题、照片"; "title, photos").
    public static func list(_ fields: [String], in language: Language) -> String {
        fields.map { label($0, in: language) }.joined(separator: language == .en ? ", " : "、")
    }
}
