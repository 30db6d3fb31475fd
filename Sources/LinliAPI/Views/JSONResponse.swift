import Foundation
import LinliDomain
import HTTPTypes
import Hummingbird
import NIOCore

/// Encodes response bodies the one way Linli does: snake_case keys, ISO 8601 dates, and an `ETag`
/// carrying the object's version for optimistic concurrency (`If-Match`).
enum JSONResponse {
    static func encoder(convertKeys: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        if convertKeys { encoder.keyEncodingStrategy = .convertToSnakeCase }
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// - Parameter convertKeys: false for views whose coding keys are already snake_case
    ///   (`SnakeCaseKeyed`): converting every key of a 20-listing page costs more than the query.
    static func make<T: Encodable>(
        _ value: T, status: HTTPResponse.Status = .ok, version: Int? = nil, location: String? = nil, convertKeys: Bool = true
    ) throws -> Response {
        respond(ByteBuffer(bytes: try encoded(value, convertKeys: convertKeys)), status: status, version: version, location: location)
    }

    /// The body `make` writes through `JSONEncoder`, stored JSON spliced in (what the hand
    /// writers are tested against).
    static func encoded<T: Encodable>(_ value: T, convertKeys: Bool = true) throws -> Data {
        let encoder = encoder(convertKeys: convertKeys)
        let splicer = RawJSONSplicer()
        encoder.userInfo[RawJSONSplicer.key] = splicer
        return splicer.splice(try encoder.encode(value))
    }

    /// Marks a response that carries a one-time secret (a bearer token, a webhook signing
    /// secret) `Cache-Control: no-store`: no cache may keep it, and neither does the idempotency
    /// store, which keeps only that the request was carried out (`IdempotencyMiddleware`), so the
    /// secret never lies in the database in plain text.
    static func oneTimeSecret(_ response: Response) -> Response {
        var response = response
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// A JSON body with its headers (`ETag` from the version, `Location` for a creation).
    static func respond(_ body: ByteBuffer, status: HTTPResponse.Status, version: Int?, location: String?) -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let version { headers[.eTag] = "\"\(version)\"" }
        if let location { headers[.location] = location }
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}

/// A page of items with the opaque cursor of the next page (null on the last page).
struct PageView<Item: Encodable>: Encodable {
    let items: [Item]
    let nextCursor: String?

    init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    /// - Parameter request: the list's request; its path and filters scope the next cursor (`Cursor`).
    init<Source>(_ page: LinliDomain.Page<Source>, for request: Request, _ transform: (Source) -> Item) {
        items = page.items.map(transform)
        nextCursor = page.nextAfter.map { Cursor.encode($0, scope: Cursor.scope(of: request)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)  // explicit null: "no more pages"
    }

    enum CodingKeys: String, CodingKey { case items, nextCursor = "next_cursor" }
}
