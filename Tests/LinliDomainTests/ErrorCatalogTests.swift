@testable import LinliDomain
import Testing

@Suite struct ErrorCatalogTests {
    /// Every code the foundation can raise has both languages.
    static let codes = [
        "validation_failed", "json.malformed", "json.empty", "json.not_object", "body.too_large", "body.unsupported_media_type",
        "auth.missing", "auth.invalid_token", "auth.member_inactive", "forbidden", "version_conflict", "id.malformed",
        "cursor.malformed", "query.invalid", "query.out_of_range", "query.range_inverted", "query.min_above_max", "header.invalid", "idempotency.key_reused", "idempotency.in_progress",
        "idempotency.key_invalid", "route.not_found", "community.not_found", "household.not_found", "member.not_found", "member.same_name",
        "token.not_found", "member.cannot_demote_last_admin", "member.cannot_change_own_status",
        "token.already_revoked", "internal", "rule_set.not_found", "rules.invalid", "rules.duplicate",
        "rules.version_not_increasing", "rules.unknown_supersedes", "rules.already_active", "rules.superseded", "rules.nothing_to_roll_back",
        "rules.valuation_failed", "rules.no_active_version", "rules.active_version_unreadable",
        "token.already_revoked", "internal",
        // listings and review
        "listing.not_found", "listing.invalid_transition", "listing.not_editable", "listing.kind_immutable",
        "listing.provider_not_verified", "listing.owner_inactive", "review.not_found",
        "review.claimed_by_other", "review.not_claimed", "review.already_decided", "review.cancelled", "review.own_listing",
        "review.correction_not_applicable", "review.photo_taken_down", "photo.not_found", "photo.too_large",
        "photo.unrecognized", "photo.type_mismatch", "photo.corrupt", "photo.unsupported_media_type", "photo.empty",
        // trust
        "case.not_found", "case_action.not_found", "appeal.not_found", "fraud_signal.not_found", "report.rate_limited",
        "report.own_target", "report.not_a_party", "device_id.invalid", "notification.not_found", "case.claimed_by_other", "case.not_claimed", "case.already_resolved", "case.own",
        "appeal.not_appellant", "appeal.not_appealable", "appeal.window_closed", "appeal.already_filed",
        "appeal.same_moderator", "appeal.already_decided", "fraud_signal.already_dismissed",
        // exchanges
        "rating.not_found", "rating.not_completed", "rating.window_closed", "rating.already_rated",
        "exchange.not_found", "exchange.frozen", "exchange.provider_level_too_low", "exchange.invalid_transition", "exchange.not_your_part", "exchange.with_self",
        "exchange.same_household", "exchange.provider_not_verified", "exchange.member_inactive",
        "exchange.open_limit_reached", "exchange.listing_unavailable", "exchange.too_early", "exchange.complete_too_early", "exchange.dispute_too_early",
        "exchange.not_dispute_opener", "exchange.not_absent_member", "exchange.contest_exists", "exchange.contest_window_closed",
        "exchange.contest_not_found", "exchange.contest_decided",
    ]

    @Test(arguments: codes)
    func knownInBothLanguages(code: String) {
        #expect(ErrorCatalog.knows(code), "\(code) missing from the catalog")
        let zh = ErrorCatalog.message(code: code, parameters: [:], in: .zhCN)
        let en = ErrorCatalog.message(code: code, parameters: [:], in: .en)
        #expect(!zh.title.isEmpty && !en.title.isEmpty && zh.title != en.title)
    }

    @Test func fillsParameters() {
        let error = DomainError.notFound("member", id: "mem_1")
        #expect(ErrorCatalog.message(for: error, in: .en).detail == "Member mem_1 was not found.")
        #expect(ErrorCatalog.message(for: error, in: .zhCN).detail == "找不到成员 mem_1。")
    }

    @Test(arguments: FieldIssueCode.allCases)
    func everyFieldCodeHasMessages(code: FieldIssueCode) {
        let issue = FieldIssue("/x", code, ["max": "5", "min": "1", "expected": "string", "allowed": "a", "format": "f"])
        #expect(ErrorCatalog.message(for: issue, in: .zhCN) != code.rawValue)
        #expect(!ErrorCatalog.message(for: issue, in: .en).contains("{"))
    }

    /// A variant is chosen by its parameter and fills every placeholder it names; without the
    /// parameter the code's plain text is used.
    @Test func variantsAreChosenByTheirParameter() {
        for (code, variants) in ErrorCatalog.variantDetails {
            #expect(ErrorCatalog.knows(code))
            for variant in variants {
                for language in [Language.zhCN, .en] {
                    let text = ErrorCatalog.message(code: code, parameters: ["name": "n", variant.parameter: "V"], in: language).detail
                    // A variant shows its parameter, or is chosen by it as a flag (`refunded`).
                    let shows = (language == .zhCN ? variant.zh : variant.en).contains("{\(variant.parameter)}")
                    #expect((text.contains("V") || !shows) && !text.contains("{"), "\(code) \(variant.parameter) \(language): \(text)")
                    #expect(text != ErrorCatalog.message(code: code, parameters: ["name": "n"], in: language).detail)
                }
            }
        }
        #expect(ErrorCatalog.message(code: "query.invalid", parameters: ["name": "since"], in: .en).detail
            == "The query parameter since has an invalid value.")
    }

    @Test func pageFromOverfetch() throws {
        let page = Page.fromOverfetch([1, 2, 3], limit: 2) { String($0) }
        #expect(page.items == [1, 2])
        #expect(page.nextAfter == "2")
        let last = Page.fromOverfetch([1, 2], limit: 2) { String($0) }
        #expect(last.nextAfter == nil)
        #expect(throws: DomainError.self) { try PageRequest.make(after: nil, limit: 0, defaultLimit: 20, maxLimit: 100) }
        #expect(throws: DomainError.self) { try PageRequest.make(after: nil, limit: 101, defaultLimit: 20, maxLimit: 100) }
        #expect(try PageRequest.make(after: nil, limit: nil, defaultLimit: 20, maxLimit: 100).limit == 20)
    }

    /// Placeholders are filled in one pass: every occurrence, unknown names kept, values never
    /// scanned again, multi-byte text around them intact.
    @Test(arguments: [
        ("{a} 与 {b}，再 {a}", ["a": "甲", "b": "乙"], "甲 与 乙，再 甲"),
        ("{unknown} {a}", ["a": "1"], "{unknown} 1"),
        ("{a}", ["a": "{b}", "b": "x"], "{b}"),
        ("{{a}} {a", ["a": "1"], "{1} {a"),
        ("no placeholders", ["a": "1"], "no placeholders"),
        ("{a}", [:], "{a}"),
        ("“{word}”。", ["word": "保健品"], "“保健品”。"),
    ] as [(String, [String: String], String)])
    func fillReplacesPlaceholders(template: String, parameters: [String: String], expected: String) {
        #expect(ErrorCatalog.fill(template, parameters) == expected)
    }
}

/// A field issue raised without the values its message names reads as a plain sentence, and a
/// reason's message is filled like any other (session 15 review: the reserved-category refusal
/// showed a raw "{allowed}").
@Suite struct FieldIssueMessageTests {
    @Test(arguments: FieldIssueCode.allCases)
    func anIssueWithoutParametersHasNoPlaceholder(code: FieldIssueCode) {
        for language in [Language.zhCN, .en] {
            let text = ErrorCatalog.message(for: FieldIssue("/x", code), in: language)
            #expect(!text.contains("{") && !text.isEmpty && text != code.rawValue, "\(code) in \(language): \(text)")
        }
    }

    @Test(arguments: [
        (FieldIssue("/category", .invalidValue, ["reason": "ledger.category_reserved", "category": "upheld_report"]),
         "is reserved: 'upheld_report' rewards are paid by the service itself when a report is upheld"),
        (FieldIssue("/amount", .outOfRange, ["reason": "ledger.adjustment_amount", "min": "-100000", "max": "100000"]),
         "must be a whole number other than 0, at most 100000 either way"),
        (FieldIssue("/value_yuan", .outOfRange, ["reason": "donation.below_one_point", "min_points": "1", "points_per_yuan": "0.1"]),
         "converts to less than 1 point (0.1 points per yuan)"),
        (FieldIssue("/x", .outOfRange, ["min": "1"]), "is out of the allowed range"),
        (FieldIssue("/x", .outOfRange, ["min": "1", "max": "5"]), "must be between 1 and 5"),
    ])
    func messages(issue: FieldIssue, english: String) {
        #expect(ErrorCatalog.message(for: issue, in: .en) == english)
        #expect(!ErrorCatalog.message(for: issue, in: .zhCN).contains("{"))
    }

    /// Every reason the catalogue knows is filled from its issue's parameters in both languages.
    @Test func reasonsNameOnlyPlaceholdersTheyAreGiven() {
        for (reason, entry) in ErrorCatalog.reasonEntries {
            let names = ErrorCatalog.placeholders(in: entry.zh).union(ErrorCatalog.placeholders(in: entry.en))
            var parameters = ["reason": reason]
            for name in names { parameters[name] = "v" }
            let issue = FieldIssue("/x", .invalidValue, parameters)
            #expect(!ErrorCatalog.message(for: issue, in: .en).contains("{"), "\(reason)")
            #expect(!ErrorCatalog.message(for: issue, in: .zhCN).contains("{"), "\(reason)")
            #expect(ErrorCatalog.placeholders(in: entry.zh) == ErrorCatalog.placeholders(in: entry.en), "\(reason): zh and en name the same values")
        }
    }

    /// Helper 173 #5: after a debit imposed below the limit the warning said the balance "may go
    /// down to -100, so 0 points are available" of a balance at -130.
    @Test func theNearLimitWarningIsTrueBelowTheLimitToo() {
        let warning = LedgerWarning.nearCreditLimit(member: MemberID(trusted: "mem_1"), balance: -130, limits: LedgerLimits(creditLimit: 100, warningThreshold: 80, organizerDailyRewardCap: 100, memberDailyRewardCap: 50, maxTransferAmount: 1000))
        let en = ErrorCatalog.message(code: warning.code, parameters: warning.parameters, in: .en).detail
        #expect(en == "The balance is -130 points, at or below the warning line of -80; the credit limit is -100, and 0 points can still be spent.", "\(en)")
        let zh = ErrorCatalog.message(code: warning.code, parameters: warning.parameters, in: .zhCN).detail
        #expect(!zh.contains("最低可到"), "\(zh)")
    }
}
