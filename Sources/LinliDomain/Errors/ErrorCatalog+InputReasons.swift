/// Messages for the reasons the input checks give a refused field (`FieldIssue`'s `reason`
/// parameter): what is wrong, in words a resident (or the station staff reading it out) can act
/// on, in both languages, instead of an English phrase filled into the Chinese template.
extension ErrorCatalog {
    static let inputReasonEntries: [String: (zh: String, en: String)] = [:]
}
