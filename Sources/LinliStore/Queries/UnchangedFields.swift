/// Whether an edit left every field as it was, byte for byte.
///
/// Swift's `String ==` compares canonically equivalent text as equal: "Café" written with a
/// combining accent equals the precomposed one, so a rename between the two would be taken for
/// no change and never written (helper 111). An edit that changes nothing keeps its version and
/// writes no audit entry; one that changes any byte is a change.
enum UnchangedFields {
    static func same(_ before: [String: String?], _ after: [String: String?]) -> Bool {
        before.count == after.count && before.allSatisfy { key, value in
            guard let other = after[key] else { return false }
            switch (value, other) {
            case (nil, nil): return true
            case let (left?, right?): return left.utf8.elementsEqual(right.utf8)
            default: return false
            }
        }
    }
}
