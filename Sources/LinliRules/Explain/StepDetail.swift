/// What a step did, in terms a resident can check, rendered in both languages.
enum StepDetail {
    case itemBase(cost: RuleDecimal, quantity: Int, rate: RuleDecimal, minimum: RuleDecimal, minimumApplied: Bool)
    /// `minimum`: `minimum_minutes` when it, not the rounding up, set the billed minutes (helper
    /// 160 #5: "10 min billed as 30 min (rounded up to 15 min)" named the wrong reason).
    case hourlyBase(actualMinutes: Int, billedMinutes: Int, granularity: Int, perHour: RuleDecimal, minimum: Int? = nil)
    case condition(ItemCondition)
    case depreciation(ageMonths: Int, halfLifeMonths: Int?)
    case scarcityExempt(category: String)
    case scarcityTooFewEvents(events: Int, minimum: Int)
    /// No demand and supply counts came with the valuation.
    case scarcityNotGiven
    case scarcityRatio(demand: Int, supply: Int, clamped: Bool)
    case slotUnscheduled
    /// `rounded`: the average factor shown is the exact one rounded to four places (a session of
    /// 7 hours, 2 of them at night at ×1.50, is ×8/7 ≈ 1.1429): said, since the value was computed with the
    /// exact one (helper 160 #8).
    case slotSchedule(segments: [(name: String, minutes: Int)], rounded: Bool = false)
    case intensity(TimeIntensity)
    case certification(SkillCertification)
    case level(SkillLevel)
    case categoryWeight(nameZH: String, nameEN: String, isDefault: Bool)
    case capped(CapKind, limit: RuleDecimal)
    case uncapped
    case round(RoundingMode)

    var english: String {
        switch self {
        case let .itemBase(cost, quantity, rate, minimum, applied):
            let base = "declared cost \(cost) × quantity \(quantity) × rate \(rate)"
            return applied ? base + ", raised to the minimum \(minimum)" : base
        case let .hourlyBase(actual, _, _, perHour, minimum?):
            return "\(actual) min, raised to the \(minimum)-minute minimum × \(perHour) per hour"
        case let .hourlyBase(actual, billed, granularity, perHour, nil):
            return "\(actual) min billed as \(billed) min (rounded up to \(granularity) min) × \(perHour) per hour"
        case .condition(let c): return "condition: \(c.rawValue)"
        case let .depreciation(age, halfLife):
            return "age \(age) months" + (halfLife.map { ", half-life \($0) months" } ?? ", from the age table")
        case .scarcityExempt(let category): return "category \(category) is exempt from scarcity"
        case .scarcityNotGiven: return "no demand and supply counts given: no adjustment"
        case let .scarcityTooFewEvents(events, minimum):
            return events == 0 ? "no demand or supply recorded in the window: no adjustment"
                : "only \(events) events in the window (fewer than \(minimum)): no adjustment"
        case let .scarcityRatio(demand, supply, clamped):
            return "demand \(demand) ÷ supply \(max(supply, 1)) through the scarcity curve" + (clamped ? ", clamped" : "")
        case .slotUnscheduled: return "no schedule given: default slot factor"
        case let .slotSchedule(segments, rounded):
            return "by time slot: " + segments.map { "\($0.name) \($0.minutes) min" }.joined(separator: ", ")
                + (rounded ? " (average factor shown to 4 places; the exact one was applied)" : "")
        case .intensity(let i): return "intensity: \(i.rawValue)"
        case .certification(let c): return "certification: \(c.rawValue)"
        case .level(let l): return "level: \(l.rawValue)"
        case let .categoryWeight(_, en, isDefault): return "category \(en)" + (isDefault ? " (default weight)" : "")
        case let .capped(kind, limit): return "limited by the \(kind.rawValue.replacingOccurrences(of: "_", with: " ")) of \(limit)"
        case .uncapped: return "within the caps"
        case .round(let mode): return "rounded once (\(mode.rawValue)) to whole points"
        }
    }

    var chinese: String {
        switch self {
        case let .itemBase(cost, quantity, rate, minimum, applied):
            let base = "申报价值 \(cost) × 数量 \(quantity) × 折算率 \(rate)"
            return applied ? base + "，低于最低值，按 \(minimum) 计" : base
        case let .hourlyBase(actual, _, _, perHour, minimum?):
            return "时长 \(actual) 分钟，不足最短计费时长，按 \(minimum) 分钟计 × 每小时 \(perHour)"
        case let .hourlyBase(actual, billed, granularity, perHour, nil):
            return "时长 \(actual) 分钟，按 \(granularity) 分钟向上取整计 \(billed) 分钟 × 每小时 \(perHour)"
        case .condition(let c): return "成色：\(Self.conditionZH(c))"
        case let .depreciation(age, halfLife):
            return "已使用 \(age) 个月" + (halfLife.map { "，半衰期 \($0) 个月" } ?? "，按折旧表")
        case .scarcityExempt(let category): return "分类“\(category)”不参与供需调节"
        case .scarcityNotGiven: return "未提供供需统计，不调节"
        case let .scarcityTooFewEvents(events, minimum):
            return events == 0 ? "统计期内没有供需记录，不调节" : "统计期内仅 \(events) 次供需（少于 \(minimum) 次），不调节"
        case let .scarcityRatio(demand, supply, clamped):
            return "需求 \(demand) ÷ 供给 \(max(supply, 1))，按供需曲线" + (clamped ? "，已限幅" : "")
        case .slotUnscheduled: return "未填写具体时间，按默认时段系数"
        case let .slotSchedule(segments, rounded):
            return "按时段：" + segments.map { "\($0.name) \($0.minutes) 分钟" }.joined(separator: "，")
                + (rounded ? "（平均系数显示到小数点后 4 位，计算用的是精确值）" : "")
        case .intensity(let i): return "强度：\(Self.intensityZH(i))"
        case .certification(let c): return "资质：\(Self.certificationZH(c))"
        case .level(let l): return "水平：\(Self.levelZH(l))"
        case let .categoryWeight(zh, _, isDefault): return "分类“\(zh)”" + (isDefault ? "（默认权重）" : "")
        case let .capped(kind, limit): return "受\(Self.capZH(kind)) \(limit) 限制"
        case .uncapped: return "未触及上下限"
        case .round(let mode): return "最后统一取整一次（\(Self.roundingZH(mode))）"
        }
    }

    static func conditionZH(_ c: ItemCondition) -> String {
        switch c {
        case .new: "全新"
        case .likeNew: "几乎全新"
        case .good: "良好"
        case .fair: "一般"
        case .worn: "旧"
        case .forParts: "仅可拆件"
        }
    }

    static func intensityZH(_ i: TimeIntensity) -> String {
        switch i {
        case .light: "轻度"
        case .moderate: "中度"
        case .heavy: "重度"
        }
    }

    static func certificationZH(_ c: SkillCertification) -> String {
        switch c {
        case .none: "无"
        case .peerEndorsed: "邻里认可"
        case .verifiedLicence: "已核验执照"
        }
    }

    static func levelZH(_ l: SkillLevel) -> String {
        switch l {
        case .beginner: "入门"
        case .intermediate: "熟练"
        case .advanced: "精通"
        case .expert: "专家"
        }
    }

    static func capZH(_ k: CapKind) -> String {
        switch k {
        case .minimum: "最低值"
        case .maximum: "单条上限"
        case .perHourMaximum: "每小时上限"
        }
    }

    static func roundingZH(_ m: RoundingMode) -> String {
        switch m {
        case .halfEven: "四舍六入五成双"
        case .halfUp: "四舍五入"
        case .down: "向下取整"
        case .up: "向上取整"
        }
    }
}
