import Foundation

/// Collects every field problem of an input at once, so a client (or a station-staff member
/// filling a form for an elderly resident) sees all mistakes in one answer, not one per retry.
public struct FieldValidator: Sendable {
    public private(set) var issues: [FieldIssue] = []

    public init() {}

    /// Checks a required text's length in characters (not bytes: Chinese counts one per character),
    /// and in scalars at `scalarsPerCharacter` per character.
    public mutating func text(_ value: String?, at pointer: String, required: Bool = true, min: Int = 1, max: Int) {
        guard let value else {
            if required { issues.append(FieldIssue(pointer, .required)) }
            return
        }
        let trimmed = Self.trimmed(value)
        if trimmed.count < min {
            issues.append(trimmed.isEmpty && required ? FieldIssue(pointer, .required) : FieldIssue(pointer, .tooShort, ["min": String(min)]))
        } else if value.utf8.count > max && (value.count > max || value.unicodeScalars.count > Self.scalarsPerCharacter * max) {
            issues.append(FieldIssue(pointer, .tooLong, ["max": String(max)]))
        }
        var control = false, direction = false
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x09: continue
            case 0x00...0x1F, 0x7F...0x9F: control = true  // general category Cc, by range
            case 0x202A...0x202E, 0x2066...0x2069: direction = true
            default: continue
            }
        }
        if control { issues.append(FieldIssue(pointer, .invalidFormat, ["reason": "text.control_characters"])) }
        if direction { issues.append(FieldIssue(pointer, .invalidFormat, ["reason": "text.direction_controls"])) }
    }

    /// A text shown on one line (a name, a title, a place): a `text` without line breaks or tabs
    /// (U+000A, U+000B, U+000C, U+0085, U+2028, U+2029, tab). "免费\n\n\n婴儿车" pushed the rest of
    /// a list row, and of a chat group's notice, down the screen, and a name over two lines read
    /// as two people (helper 185 #4). Free texts (descriptions, reasons, notes) keep their lines.
    public mutating func line(_ value: String?, at pointer: String, required: Bool = true, min: Int = 1, max: Int) {
        let before = issues.count
        text(value, at: pointer, required: required, min: min, max: max)
        guard let value, issues.count == before else { return }
        // Inside the text: at its ends they are trimmed away when it is stored (a name pasted from
        // a spreadsheet cell with its newline was taken before and is now; helper 186 #2).
        if Self.trimmed(value).unicodeScalars.contains(where: { [0x09, 0x0A, 0x0B, 0x0C, 0x85, 0x2028, 0x2029].contains($0.value) }) {
            issues.append(FieldIssue(pointer, .invalidFormat, ["reason": "text.single_line"]))
        }
    }

    /// A name members tell each other apart by (a display name): a one-line `text` with no
    /// invisible characters either. "陈静" with a zero-width space inside looks exactly like the station's
    /// 陈静 in every list, and U+202E shows a name backwards.
    public mutating func name(_ value: String?, at pointer: String, required: Bool = true, max: Int) {
        let before = issues.count
        line(value, at: pointer, required: required, max: max)
        guard let value, issues.count == before else { return }
        let scalars = Array(value.unicodeScalars)
        for (index, scalar) in scalars.enumerated()
        where Self.isInvisible(scalar, after: index > 0 ? scalars[index - 1] : nil, before: index + 1 < scalars.count ? scalars[index + 1] : nil) {
            issues.append(FieldIssue(pointer, .invalidFormat, ["reason": "text.invisible_characters"]))
            return
        }
    }

    /// Scalars that show nothing: format characters (general category Cf: zero-width spaces and
    /// joiners, direction marks, the byte order mark), and every other default-ignorable code
    /// point (session 30 walk: "王秀英" followed by U+FE0F, or by a Hangul filler U+3164, passed
    /// for 王秀英), plus the blank braille pattern U+2800, which is drawn as a space.
    ///
    /// A variation selector is kept where it selects a form, one per base character: an emoji's
    /// presentation (❤️, and a keycap 1️⃣ before U+20E3), an ideograph's variant from the
    /// Ideographic Variation Database (U+E0100–U+E01EF: 渡邉 with U+E0102, as Japanese and some
    /// Chinese names are written; not U+FE0F after 英), and a Mongolian letter's free variation
    /// selector (U+180B–U+180F, traditional Mongolian script).
    ///
    /// A zero-width joiner is kept between two emoji, where it joins them into one picture (👨‍👩‍👧,
    /// ❤️‍🔥, 👩🏻‍🦰: helper 114, refused as invisible), never next to letters or ideographs.
    static func isInvisible(_ scalar: Unicode.Scalar, after previous: Unicode.Scalar?, before next: Unicode.Scalar?) -> Bool {
        let properties = scalar.properties
        if scalar.value == 0x200D, let previous, let next, isPictographic(next),
            isPictographic(previous) || (previous.value == 0xFE0F) {
            return false
        }
        if properties.generalCategory == .format || scalar.value == 0x2800 { return true }
        guard properties.isDefaultIgnorableCodePoint else { return false }
        guard let previous, properties.isVariationSelector || (0x180B...0x180F).contains(scalar.value) else { return true }
        if (0x1800...0x18AF).contains(previous.value), (0x180B...0x180F).contains(scalar.value) { return false }
        if previous.properties.isUnifiedIdeograph { return !(0xE0100...0xE01EF).contains(scalar.value) }
        if previous.isASCII { return !("0123456789#*".unicodeScalars.contains(previous) && next?.value == 0x20E3) }
        return !previous.properties.isEmoji
    }

    /// An emoji scalar that is a picture (digits, `#` and `*` have the Emoji property too).
    private static func isPictographic(_ scalar: Unicode.Scalar) -> Bool {
        !scalar.isASCII && scalar.properties.isEmoji
    }

    /// Scalars a character may average before a text counts as too long anyway. Characters are
    /// what people count, but one may carry any number of combining marks: a single character with
    /// 20,000 of them passed a 500-character limit as 40 KB. Eight leaves room for the longest
    /// ordinary ones (emoji families, Indic clusters, stacked tone marks).
    static let scalarsPerCharacter = 8

    /// `value` without leading and trailing whitespace and newlines. Most texts (ids, reasons,
    /// titles) have none, which the two end characters show without `trimmingCharacters(in:)`'s
    /// bridged copy: ASCII `!`…`~` and every scalar above U+3000 (the last whitespace one) are
    /// outside `.whitespacesAndNewlines`. Anything else takes the full call.
    static func trimmed(_ value: String) -> String {
        func plain(_ scalar: Unicode.Scalar?) -> Bool {
            guard let scalar else { return false }
            return (0x21...0x7E).contains(scalar.value) || scalar.value > 0x3000
        }
        if plain(value.unicodeScalars.first), plain(value.unicodeScalars.last) { return value }
        return value.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `text` trimmed, or nil when nothing is left: how optional free texts are stored.
    public static func nonBlank(_ text: String?) -> String? {
        guard let text else { return nil }
        let value = trimmed(text)
        return value.isEmpty ? nil : value
    }

    /// Mainland mobile numbers (11 digits starting with 1), optionally written with +86.
    public mutating func phone(_ value: String?, at pointer: String) {
        guard let value else { return }
        if PhoneNumber.normalize(value) == nil {
            issues.append(FieldIssue(pointer, .invalidFormat, ["reason": "phone.format"]))
        }
    }

    /// An IANA time-zone name that this system knows.
    public mutating func timezone(_ value: String?, at pointer: String) {
        guard let value else { return }
        if TimeZone(identifier: value) == nil || !value.contains("/") && value != "UTC" {
            issues.append(FieldIssue(pointer, .invalidFormat, ["reason": "timezone.format", "example": "Asia/Shanghai"]))
        }
    }

    public mutating func add(_ issue: FieldIssue) { issues.append(issue) }

    /// Throws a validation error if anything was collected.
    public func finish() throws(DomainError) {
        if !issues.isEmpty { throw DomainError.validation(issues) }
    }
}

/// Phone-number normalisation, so the same phone typed two ways is recognised as one.
public enum PhoneNumber {
    /// Returns the 11-digit form, or nil if the text is not a mainland mobile number.
    public static func normalize(_ text: String) -> String? {
        var digits = text.filter { !$0.isWhitespace && $0 != "-" }
        if digits.hasPrefix("+86") { digits.removeFirst(3) }
        guard digits.count == 11, digits.first == "1", digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return digits
    }
}
