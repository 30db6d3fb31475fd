import Foundation

/// Reads the whole rule file: header, categories, the valuation pipeline, the policies and the
/// golden tests. Every problem goes to the sink; the result is nil when a required piece is
/// unusable (the sink then holds at least one error).
struct RuleFileParser {
    static let supportedSchema = "linli.rules/v1"
    let sink: DiagnosticSink

    struct Result {
        var ruleSet: RuleSet
        var valuation: ValuationRules
        var tests: [GoldenTest]
        var clock: LocalClock
        var testsLocation: SourceLocation
    }

    func parse(_ root: RuleNode, contentHash: String) -> Result? {
        guard let r = MappingReader(root, path: "", sink: sink) else { return nil }
        if let schema = r.string("schema", required: true), schema.value != Self.supportedSchema {
            sink.report(.unsupportedSchema, at: schema.location,
                        en: "schema \"\(schema.value)\" is not supported; use \"\(Self.supportedSchema)\"",
                        zh: "不支持的 schema“\(schema.value)”，请使用“\(Self.supportedSchema)”")
        }
        let community = r.string("community", required: true)
        let version = r.integer("version", required: true, in: 1...1_000_000)
        let supersedes = r.integer("supersedes", in: 1...1_000_000)
        if let version, let supersedes, supersedes.value >= version.value {
            sink.report(.supersedesOrder, at: supersedes.location,
                        en: "supersedes (\(supersedes.value)) must be lower than version (\(version.value))",
                        zh: "supersedes（\(supersedes.value)）必须小于 version（\(version.value)）")
        }
        let clock = timeZone(r.string("timezone", required: true))
        let effectiveText = r.string("effective_from", required: true)
        var effectiveFrom: Date?
        if let effectiveText, let clock {
            effectiveFrom = clock.instant(parsing: effectiveText.value)
            if effectiveFrom == nil {
                let why = DateSpelling.reason(effectiveText.value)
                sink.report(.invalidDate, at: effectiveText.location,
                            en: why.map { "effective_from: \"\(effectiveText.value)\" is not a date: \($0.en)" }
                                ?? "effective_from: \"\(effectiveText.value)\" is not \"YYYY-MM-DD\" or \"YYYY-MM-DD HH:MM\"",
                            zh: why.map { "effective_from：“\(effectiveText.value)”不是有效日期：\($0.zh)" }
                                ?? "effective_from：“\(effectiveText.value)”格式应为 \"YYYY-MM-DD\" 或 \"YYYY-MM-DD HH:MM\"")
            }
        }
        let adopted = r.child("adopted", required: true)
        let adoptedBy = adopted?.string("by", required: true)
        let adoptedAt = adopted?.string("at", required: true)
        adopted?.finish()
        let rounding = r.enumeration("rounding", as: RoundingMode.self)?.value ?? .halfEven
        let holidays = parseHolidays(r.list("holidays") ?? [])
        let categoryNodes = r.list("categories", required: true)
        if let categoryNodes, categoryNodes.isEmpty, let node = r.node("categories") {
            sink.report(.missingKey, at: node.location, en: "categories: define at least one category",
                        zh: "categories：至少需要定义一个分类")
        }
        let categories = parseCategories(categoryNodes ?? [])
        let valuation = r.child("valuation", required: true).flatMap { ValuationRulesParser(sink: sink).parse($0) }
        let listing = ListingPolicy(reading: r.child("listing"))
        // Credit levels first: the review section's trusted level is checked against them.
        let creditScore = CreditScorePolicy(reading: r.child("credit_score"))
        let highestLevel = creditScore.levels.map(\.level).max() ?? 0
        let review = ReviewPolicy(reading: r.child("review"), highestCreditLevel: highestLevel)
        let ledger = LedgerPolicy(reading: r.child("ledger"))
        let exchange = ExchangePolicy(reading: r.child("exchange"))
        let moderation = ModerationPolicy(reading: r.child("moderation"))
        let fraud = FraudPolicy(reading: r.child("fraud"), reportsPerReporterPerDay: moderation.reportsPerReporterPerDay)
        let events = EventPolicy(reading: r.child("events"))
        let testNodes = r.list("tests")
        let testsLocation = r.node("tests")?.location ?? r.location
        let tests = GoldenTestParser(
            sink: sink, clock: clock, defaultValuedAt: effectiveFrom ?? Date(timeIntervalSince1970: 0),
            categories: Set(categories.map(\.id))
        ).parse(testNodes ?? [])
        // A category no provider could ever reach (refused by every exchange, for ever), as a
        // reward no one could ever be granted is (`LedgerPolicy`).
        for category in categories where category.minCreditLevel > highestLevel {
            sink.report(
                .thresholdOrder, at: category.location,
                en: "categories \(category.id): min_credit_level \(category.minCreditLevel) is above the highest credit level (\(highestLevel)); no provider could ever reach it",
                zh: "categories \(category.id)：min_credit_level \(category.minCreditLevel) 高于最高信用等级（\(highestLevel)），没有任何提供者能达到")
        }
        // Nor one no item could ever be posted in: more photos required than any listing may
        // carry (helper 129: `max_photos: 0` beside electronics' `min_photos: 2` was accepted).
        // `min_photos` asks only items for photos (helper 130).
        for category in categories where category.kinds.contains(.item) && category.minPhotos > listing.maxPhotos {
            sink.report(
                .thresholdOrder, at: category.location,
                en: "categories \(category.id): min_photos \(category.minPhotos) is above listing.max_photos (\(listing.maxPhotos)); no listing of this category could ever be posted",
                zh: "categories \(category.id)：min_photos \(category.minPhotos) 大于 listing.max_photos（\(listing.maxPhotos)），这一类别将无法发布任何内容")
        }
        r.finish()

        guard let community, let version, let clock, let effectiveText, let effectiveFrom, let adoptedBy,
              let adoptedAt, let valuation else { return nil }
        let header = RuleSetHeader(
            schema: Self.supportedSchema, community: community.value, version: version.value,
            supersedes: supersedes?.value, effectiveFrom: effectiveFrom, effectiveFromLocal: effectiveText.value,
            timezone: clock.timeZone.identifier, adoptedBy: adoptedBy.value, adoptedAt: adoptedAt.value,
            contentHash: contentHash)
        let ruleSet = RuleSet(
            header: header, fileName: sink.file, rounding: rounding, holidays: holidays, categories: categories,
            scarcityWindowDays: valuation.scarcity?.windowDays ?? 30, listing: listing, review: review, ledger: ledger,
            exchange: exchange, moderation: moderation, creditScore: creditScore, fraud: fraud, events: events)
        return Result(ruleSet: ruleSet, valuation: valuation, tests: tests, clock: clock, testsLocation: testsLocation)
    }

    private func timeZone(_ text: Located<String>?) -> LocalClock? {
        guard let text else { return nil }
        guard text.value.contains("/") || text.value == "UTC", let zone = TimeZone(identifier: text.value) else {
            sink.report(.invalidTimezone, at: text.location,
                        en: "\"\(text.value)\" is not an IANA time zone such as \"Asia/Shanghai\"",
                        zh: "“\(text.value)”不是 IANA 时区名称（例如 \"Asia/Shanghai\"）")
            return nil
        }
        return LocalClock(timeZone: zone)
    }

    private func parseHolidays(_ items: [RuleNode]) -> [LocalDate] {
        var dates: Set<LocalDate> = []
        for item in items {
            guard let text = MappingReader.text(item, path: "holidays[]", sink: sink) else { continue }
            guard let date = LocalDate(parsing: text.value) else {
                let why = DateSpelling.reason(text.value)
                sink.report(.invalidDate, at: text.location,
                            en: why.map { "holidays: \"\(text.value)\" is not a date: \($0.en)" } ?? "holidays: \"\(text.value)\" is not a date \"YYYY-MM-DD\"",
                            zh: why.map { "holidays：“\(text.value)”不是有效日期：\($0.zh)" } ?? "holidays：“\(text.value)”不是 \"YYYY-MM-DD\" 格式的日期")
                continue
            }
            if !dates.insert(date).inserted {
                sink.report(.duplicateEntry, at: text.location, en: "holiday \(date) is listed twice",
                            zh: "节假日 \(date) 重复列出")
            }
        }
        return dates.sorted()
    }

    private func parseCategories(_ items: [RuleNode]) -> [CategoryDefinition] {
        var categories: [CategoryDefinition] = []
        for item in items {
            guard let entry = MappingReader(item, path: "categories[]", sink: sink) else { continue }
            let id = entry.string("id", required: true)
            let zh = entry.name("name_zh", required: true)
            let en = entry.name("name_en", required: true)
            var kinds: KindSet = []
            for kindNode in entry.list("kinds", required: true, nonEmpty: true) ?? [] {
                if let kind = MappingReader.enumeration(kindNode, path: "categories[].kinds", as: ListingKind.self, sink: sink) {
                    kinds.insert(KindSet(kind.value))
                }
            }
            let verified = entry.bool("needs_verified_provider", default: false)
            let minPhotos = entry.integer("min_photos", default: 0, in: 0...50)
            let minLevel = entry.integer("min_credit_level", default: 0, in: 0...100)
            entry.finish()
            guard let id, let zh, let en else { continue }
            if !Self.isSlug(id.value) {
                sink.report(.wrongType, at: id.location,
                            en: "category id \"\(id.value)\" must be lower-case ASCII letters, digits and _",
                            zh: "分类 id“\(id.value)”只能包含小写英文字母、数字和下划线")
                continue
            }
            if categories.contains(where: { $0.id == id.value }) {
                sink.report(.duplicateEntry, at: id.location, en: "category \"\(id.value)\" is defined twice",
                            zh: "分类“\(id.value)”重复定义")
                continue
            }
            if kinds.isEmpty {
                sink.report(.missingKey, at: entry.location, en: "category \"\(id.value)\" needs at least one kind",
                            zh: "分类“\(id.value)”至少需要一种类型")
            }
            categories.append(CategoryDefinition(
                id: id.value, nameZH: zh.value, nameEN: en.value, kinds: kinds, needsVerifiedProvider: verified,
                minPhotos: minPhotos, minCreditLevel: minLevel, location: item.location))
        }
        // A missing list was already reported as missing_key; an empty or all-invalid one is here.
        if categories.isEmpty, let first = items.first {
            sink.report(.missingKey, at: first.location, en: "categories: no usable category",
                        zh: "categories：没有可用的分类")
        }
        return categories
    }

    static func isSlug(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64 && text.utf8.allSatisfy {
            ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "_")
        }
    }
}
