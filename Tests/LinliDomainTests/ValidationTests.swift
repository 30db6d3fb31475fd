import Foundation
@testable import LinliDomain
import Testing

@Suite struct ValidationTests {
    @Test(arguments: [
        ("13800138000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("23800138000", nil),
        ("1380013800", nil),
        ("１３８００１３８０００", nil),  // full-width digits are refused, not silently mangled
        ("abc", nil),
    ] as [(String, String?)])
    func phoneNormalisation(input: String, expected: String?) {
        #expect(PhoneNumber.normalize(input) == expected)
    }

    @Test func collectsEveryProblemAtOnce() {
        let input = NewMemberInput(displayName: "  ", phone: "12", householdID: nil, role: nil)
        #expect(throws: DomainError.validation([
            FieldIssue("/display_name", .required),
            FieldIssue("/phone", .invalidFormat, ["reason": "phone.format"]),
        ])) { try input.validate() }
    }

    @Test func lengthsCountCharactersNotBytes() throws {
        let name = String(repeating: "王", count: MemberLimits.displayName)
        try NewMemberInput(displayName: name, phone: nil, householdID: nil, role: nil).validate()
        #expect(throws: DomainError.validation([FieldIssue("/display_name", .tooLong, ["max": "40"])])) {
            try NewMemberInput(displayName: name + "王", phone: nil, householdID: nil, role: nil).validate()
        }
    }

    /// Control characters (C0, DEL, C1) anywhere but newline and tab; text-direction overrides
    /// in every text (U+202E shows a text backwards); invisible format characters in names only
    /// (a zero-width space makes a second "陈静"; an emoji family in a description needs U+200D).
    @Test(arguments: [
        ("a\u{0007}b", false, ["text.control_characters"]), ("a\u{0085}b", false, ["text.control_characters"]),
        ("a\u{7F}b", false, ["text.control_characters"]), ("第一行\n第二行\t完", false, []),
        ("陈静\u{202E}", false, ["text.direction_controls"]), ("x\u{2066}y\u{2069}", false, ["text.direction_controls"]),
        ("a\u{0007}\u{202D}", false, ["text.control_characters", "text.direction_controls"]),
        ("陈\u{200B}静", false, []), ("👨\u{200D}👩\u{200D}👧", false, []),
        ("陈\u{200B}静", true, ["text.invisible_characters"]), ("陈静\u{FEFF}", true, ["text.invisible_characters"]),
        ("陈\u{200D}静", true, ["text.invisible_characters"]), ("陈静\u{202E}", true, ["text.direction_controls"]),
        ("Zoë 陈静", true, []), ("e\u{0301}", true, []),
        // Session 30 walk: default-ignorable scalars outside Cf, and the blank braille pattern.
        ("王秀英\u{FE0F}", true, ["text.invisible_characters"]), ("王秀英\u{FE00}", true, ["text.invisible_characters"]),
        ("王秀英\u{3164}", true, ["text.invisible_characters"]), ("\u{115F}王秀英", true, ["text.invisible_characters"]),
        ("王\u{1160}秀英", true, ["text.invisible_characters"]), ("王秀英\u{FFA0}", true, ["text.invisible_characters"]),
        ("王\u{034F}秀英", true, ["text.invisible_characters"]), ("王秀英\u{17B4}", true, ["text.invisible_characters"]),
        ("王秀英\u{17B5}", true, ["text.invisible_characters"]), ("王秀英\u{2800}", true, ["text.invisible_characters"]),
        ("1\u{FE0F}", true, ["text.invisible_characters"]),
        // Helper 114: a joiner between two emoji makes one picture; elsewhere it hides.
        ("王家\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", true, []), ("\u{2764}\u{FE0F}\u{200D}\u{1F525}", true, []),
        ("\u{1F469}\u{1F3FB}\u{200D}\u{1F9B0}", true, []), ("\u{1F468}\u{200D}", true, ["text.invisible_characters"]),
        ("\u{1F468}\u{200D}静", true, ["text.invisible_characters"]), ("1\u{200D}\u{1F468}", true, ["text.invisible_characters"]),
        // An emoji's presentation selector is what it is for; in other texts nothing changes.
        ("小红\u{2764}\u{FE0F}", true, []), ("王秀英\u{FE0F}", false, []), ("한글", true, []),
        // Selectors that select a form, one per base (session 30 review): a keycap, an ideograph's
        // registered variant, a Mongolian letter's free variation selector.
        ("1\u{FE0F}\u{20E3}号楼", true, []), ("渡\u{908A}\u{E0102}", true, []), ("\u{1822}\u{180B}\u{1828}", true, []),
        ("王秀英\u{E0100}\u{E0100}", true, ["text.invisible_characters"]), ("\u{2764}\u{FE0F}\u{FE0F}", true, ["text.invisible_characters"]),
        ("王\u{180B}", true, ["text.invisible_characters"]), ("\u{1822}\u{FE0F}", true, ["text.invisible_characters"]),
        ("\u{FE0F}", true, ["text.invisible_characters"]),
        // Helper 185 #4: a name is one line.
        ("陈\n静", true, ["text.single_line"]), ("陈\t静", true, ["text.single_line"]), ("陈\u{2028}静", true, ["text.single_line"]),
        ("陈静\t", true, []), ("陈静\n", true, []),  // trimmed away when stored (helper 186 #2)
    ])
    func invisibleAndControlCharacters(text: String, isName: Bool, reasons: [String]) {
        var check = FieldValidator()
        if isName { check.name(text, at: "/name", max: 40) } else { check.text(text, at: "/name", max: 40) }
        #expect(check.issues == reasons.map { FieldIssue("/name", .invalidFormat, ["reason": $0]) })
    }

    /// One-line texts (titles, places, areas, household and community names) refuse every line
    /// break and the tab, which free texts keep (helper 185 #4: "免费\n\n\n婴儿车" as a title);
    /// other checks come first and alone.
    @Test(arguments: [
        ("免费婴儿车", []), ("免费\n\n\n婴儿车", ["text.single_line"]), ("北门\t3 号楼", ["text.single_line"]),
        ("a\u{000B}b", ["text.control_characters"]), ("a\u{000C}b", ["text.control_characters"]),
        ("东区\u{2029}西", ["text.single_line"]), ("1 号楼 2 单元", []), ("a\u{0085}b", ["text.control_characters"]),
        ("3号楼\n", []), ("\t北门", []),
    ] as [(String, [String])])
    func oneLineTexts(_ text: String, _ reasons: [String]) {
        var check = FieldValidator()
        check.line(text, at: "/title", max: 40)
        #expect(check.issues == reasons.map { FieldIssue("/title", .invalidFormat, ["reason": $0]) })
        var free = FieldValidator()
        free.text(text, at: "/description", max: 40)
        #expect(free.issues.contains { $0.parameters["reason"] == "text.single_line" } == false)
    }

    @Test func aListingTitleAndAreaAreOneLine() throws {
        let found = try ListingInputTests().issues(
            #"{"direction":"offer","kind":"item","category":"electronics","title":"免费\n\n\n电饭煲","description":"好用\n九成新","declared_cost":"199.5","age_months":12,"condition":"good","area":"北门\t3 号楼"}"#)
        #expect(found == ["/title": .invalidFormat, "/area": .invalidFormat], "a description keeps its lines")
    }

    /// The fast path of `trimmed` (no bridged copy when both ends are plainly not whitespace)
    /// agrees with Foundation's trimming, including the edges of the whitespace set.
    @Test(arguments: [
        "abc", " abc", "abc\n", "\tabc", "\u{3000}x", "x\u{3000}", "\u{3001}x\u{300D}", "交换「推车」", "", " ", "\u{00A0}a", "a\u{2028}",
        "\u{2029}", "\u{0085}b", "👍", "e\u{0301}", "~!", "\u{7F}x", "x\u{1680}", "\u{205F}y",
    ])
    func trimmedMatchesFoundation(_ value: String) {
        #expect(FieldValidator.trimmed(value) == value.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test(arguments: [("Asia/Shanghai", true), ("UTC", true), ("Mars/Base", false), ("CST", false)])
    func timezones(zone: String, valid: Bool) {
        var check = FieldValidator()
        check.timezone(zone, at: "/timezone")
        #expect(check.issues.isEmpty == valid)
    }

    @Test func statusChangeRules() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(throws: DomainError.self) {
            try StatusChangeInput(status: .banned, reason: "spam", until: now.addingTimeInterval(60)).validate(now: now)
        }
        #expect(throws: DomainError.self) {
            try StatusChangeInput(status: .suspended, reason: "spam", until: now.addingTimeInterval(-60)).validate(now: now)
        }
        #expect(throws: DomainError.self) { try StatusChangeInput(status: .suspended, reason: nil, until: nil).validate(now: now) }
        #expect(throws: Never.self) {
            try StatusChangeInput(status: .suspended, reason: "no-show x3", until: now.addingTimeInterval(60)).validate(now: now)
        }
    }

    @Test func patchDistinguishesAbsentFromNull() throws {
        let decoder = JSONDecoder()
        let absent = try decoder.decode(MemberProfilePatch.self, from: Data(#"{"display_name":"李"}"#.utf8))
        #expect(absent.householdID == .absent)
        let null = try decoder.decode(MemberProfilePatch.self, from: Data(#"{"household_id":null}"#.utf8))
        #expect(null.householdID == .null)
        #expect(PatchField<String>.null.applied(to: "x") == nil)
        #expect(PatchField<String>.absent.applied(to: "x") == "x")
        #expect(PatchField.value("y").applied(to: "x") == "y")
    }

    @Test func pointersEscapeSpecialCharacters() {
        #expect(FieldIssue.pointer(["a/b", "c~d", "0"]) == "/a~1b/c~0d/0")
    }

    @Test func memberActivity() {
        let now = Date(timeIntervalSince1970: 1_000)
        func member(_ status: MemberStatus, until: Date?) -> Member {
            Member(
                id: MemberID(trusted: "mem_x"), communityID: CommunityID(trusted: "cmt_x"), householdID: nil, displayName: "x",
                phone: nil, role: .resident, verified: false, verifiedAt: nil, verifiedBy: nil, status: status, statusReason: nil,
                suspendedUntil: until, createdAt: now, updatedAt: now, version: 1)
        }
        #expect(member(.active, until: nil).isActive(at: now))
        #expect(!member(.banned, until: nil).isActive(at: now))
        #expect(!member(.suspended, until: nil).isActive(at: now))
        #expect(!member(.suspended, until: now.addingTimeInterval(1)).isActive(at: now))
        #expect(member(.suspended, until: now).isActive(at: now))
    }
}
