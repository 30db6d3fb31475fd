import LinliDomain

/// An id named in a request body. One that names nothing (or nothing the caller may see) is the
/// body's mistake: 422 `field.not_found` at its field, which tells the client which field to
/// mend, not 404 as if the URL named nothing (helper 185 #1: a proxy consent for an unknown
/// resident, a report on an unknown target and a compensation to an unknown victim answered 404
/// `member.not_found` with no pointer, while an unknown agent in the same body was 422 at
/// `/agent_id`).
enum FieldReference {
    static func resolve<Value>(_ pointer: String, _ fetch: () throws -> Value) throws -> Value {
        do {
            return try fetch()
        } catch let error as DomainError where error.category == .notFound {
            throw DomainError.validation([FieldIssue(pointer, .notFound)])
        }
    }
}
