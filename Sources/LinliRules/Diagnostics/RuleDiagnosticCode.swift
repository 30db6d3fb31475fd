/// Stable identifiers of everything the rule checker can say. API clients, the CLI and tests match
/// on these strings; renaming one is a breaking change.
public enum RuleDiagnosticCode: String, Sendable, Codable, CaseIterable {
    // Reading the file
    case fileTooLarge = "rules.file_too_large"
    case notUTF8 = "rules.not_utf8"
    case yamlSyntax = "rules.yaml_syntax"
    case emptyDocument = "rules.empty_document"
    case duplicateKey = "rules.duplicate_key"
    case anchorNotAllowed = "rules.anchor_not_allowed"
    case mergeKeyNotAllowed = "rules.merge_key_not_allowed"
    case tagNotAllowed = "rules.tag_not_allowed"
    case nestingTooDeep = "rules.nesting_too_deep"
    case tooManyNodes = "rules.too_many_nodes"
    /// More than 200 errors, or 200 warnings: the rest are counted, not listed.
    case tooManyDiagnostics = "rules.too_many_diagnostics"
    // Shape
    case unknownKey = "rules.unknown_key"
    case missingKey = "rules.missing_key"
    case wrongType = "rules.wrong_type"
    case ambiguousBoolean = "rules.ambiguous_boolean"
    /// `Null` or `NULL` unquoted: text here, no value to other YAML readers (a warning).
    case nullSpelling = "rules.null_spelling"
    case unquotedDecimal = "rules.unquoted_decimal"
    case invalidDecimal = "rules.invalid_decimal"
    case invalidInteger = "rules.invalid_integer"
    case outOfRange = "rules.out_of_range"
    case invalidEnum = "rules.invalid_enum"
    case invalidDate = "rules.invalid_date"
    case unquotedDate = "rules.unquoted_date"
    case invalidTime = "rules.invalid_time"
    case invalidTimezone = "rules.invalid_timezone"
    case unsupportedSchema = "rules.unsupported_schema"
    case duplicateEntry = "rules.duplicate_entry"
    /// Several words in one list item, joined by a comma or 、 typed on a Chinese keyboard
    /// (`，` is not YAML's separator): read as the words they are, and warned about.
    case severalWordsInOneItem = "rules.several_words_in_one_item"
    // Meaning
    case unknownCategory = "rules.unknown_category"
    case kindNotApplicable = "rules.kind_not_applicable"
    case curveNotMonotone = "rules.curve_not_monotone"
    case clampOrder = "rules.clamp_order"
    case capOrder = "rules.cap_order"
    case slotUnreachable = "rules.slot_unreachable"
    case slotShadowed = "rules.slot_shadowed"
    case holidaysYearMissing = "rules.holidays_year_missing"
    case emptyWindow = "rules.empty_window"
    case supersedesOrder = "rules.supersedes_order"
    case thresholdOrder = "rules.threshold_order"
    /// A category's or reward's name with a line break in it (a warning: it is shown on one line).
    case nameNotOneLine = "rules.name_not_one_line"
    /// A credit-score weight whose sign rewards what it should cost, or the reverse (a warning).
    case weightSign = "rules.weight_sign"
    /// A step's entry for a category the step never applies to (a warning: dead text).
    case entryNeverUsed = "rules.entry_never_used"
    /// A golden test whose input the valuation reads otherwise than it is written (a `start`
    /// without an `end`, an area no counts are given for): it does not test what it says.
    case goldenTestInputIgnored = "rules.golden_test_input_ignored"
    case worstCaseAboveCap = "rules.worst_case_above_cap"
    /// No `caps.<kind>.maximum`, and the worst case of that kind is beyond any exchange's scale.
    case worstCaseUncapped = "rules.worst_case_uncapped"
    // Golden tests
    case goldenTestFailed = "rules.golden_test_failed"
    case goldenTestError = "rules.golden_test_error"
    case noGoldenTests = "rules.no_golden_tests"
}
