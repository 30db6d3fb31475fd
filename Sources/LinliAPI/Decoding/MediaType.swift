/// A `Content-Type` value reduced to its media type, without parameters and lower-cased
/// (`application/json; charset=utf-8` → `application/json`): the one reading of the header that
/// the JSON decoder, the rule-file upload and the idempotency layer each did for themselves.
enum MediaType {
    static func of(_ contentType: String?) -> String {
        contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    }
}
