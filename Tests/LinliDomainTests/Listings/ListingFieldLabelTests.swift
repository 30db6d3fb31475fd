import LinliDomain
import Testing

/// Every listing field a moderator may ask to change has words in both languages.
@Suite struct ListingFieldLabelTests {
    @Test(arguments: ReviewDecision.changeableFields.sorted())
    func everyChangeableFieldHasWords(_ field: String) {
        let zh = ListingFieldLabel.label(field, in: .zhCN), en = ListingFieldLabel.label(field, in: .en)
        #expect(zh != field && !en.isEmpty && zh != en)
        #expect(!zh.unicodeScalars.contains { $0.isASCII }, "\(zh)")
    }

    @Test func anUnknownKeyIsShownAsItIs() {
        #expect(ListingFieldLabel.label("colour", in: .zhCN) == "colour")
        #expect(ListingFieldLabel.list(["title", "area"], in: .zhCN) == "标题、所在区域")
        #expect(ListingFieldLabel.list(["title", "area"], in: .en) == "title, area")
    }

    /// The desk's note says how someone agreed; it is not a field a moderator asks to change.
    @Test func theDeskNoteIsNotAChangeableField() {
        #expect(!ReviewDecision.changeableFields.contains("note"))
    }
}
