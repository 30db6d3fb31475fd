import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import LinliDomain
import LinliStore
import NIOCore

/// `Idempotency-Key` for POST requests: same key + same body → the stored response (marked
/// `Idempotent-Replayed: true`); same key + different body → 409; a retry while the first request
/// is still running → 409 `idempotency.in_progress`.
///
/// Only successful (2xx) responses are stored: a request refused for a client error can be
/// corrected and retried under the same key. A response carrying a one-time secret (a token, a
/// webhook signing secret; marked `Cache-Control: no-store`) is not stored, only that it was
/// given: its retry answers 409 `idempotency.not_replayable` instead of the secret, which is
/// never kept in plain text (tokens are stored as hashes).
///
/// A crash between the change and the storing of its response: every write the handler commits
/// marks the claim applied in its own transaction (`IdempotencyScope`), so the retry answers 409
/// `idempotency.answer_lost` instead of carrying the request out again. Money movements also carry
/// their own idempotency keys inside the ledger's transaction.
public struct IdempotencyMiddleware: RouterMiddleware {
    public typealias Context = LinliRequestContext
    let store: Store
    let settings: APISettings

    public init(store: Store, settings: APISettings) {
        self.store = store
        self.settings = settings
    }

    /// How much of the body to buffer for the request hash, by media type: the rule-file limit for
    /// YAML uploads, nil (not handled here) for an image, the JSON limit for anything else.
    ///
    /// Why anything else: a body-less POST (`curl -d ''` sends `application/x-www-form-urlencoded`)
    /// or one whose handler reads no body was passed through unhandled, so a retried token
    /// request minted a second token and a retried accept answered 409 instead of its replay
    /// (session 27 review). The handlers still answer 415 for a body they cannot read.
    static func bodyLimit(_ request: Request, settings: APISettings) -> Int? {
        guard let type = request.headers[.contentType] else { return settings.maxBodyBytes }
        if JSONBody.isJSON(type) { return settings.maxBodyBytes }
        let media = MediaType.of(type)
        if isYAML(type) { return max(settings.maxBodyBytes, RulesController.maxRuleFileBytes) }
        // Any image: the photo route answers one it does not take (415) itself, not a 413 here.
        return PhotoFormat(mediaType: media) == nil && !media.hasPrefix("image/") ? settings.maxBodyBytes : nil
    }

    static func isYAML(_ type: String) -> Bool { RulesController.yamlMediaTypes.contains(MediaType.of(type)) }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Raw uploads (photos) are content-addressed and so idempotent by themselves; buffering
        // them here would also apply the JSON body limit to images. Rule files (YAML) are not:
        // a retried upload would be refused as a duplicate version instead of replayed.
        guard request.method == .post, context.endpointPath != "/v1/photos", let limit = Self.bodyLimit(request, settings: settings),
            let key = request.headers[.idempotencyKey]
        else {
            return try await next(request, context)
        }
        guard Self.isValidKey(key) else {
            throw DomainError(code: "idempotency.key_invalid", category: .invalidInput)
        }
        let principal = try context.requirePrincipal()
        let body: ByteBuffer
        do {
            body = try await BodyReader.collect(request, limit: limit)
        } catch let error as DomainError where error.code == "body.too_large" {
            // Too large to buffer and of a type the route does not take: refused for its type, as
            // the route would refuse it (helper 186 #1: with a key, a photo sent to a JSON route
            // was told its size, not its type).
            if let type = request.headers[.contentType], !JSONBody.isJSON(type), !Self.isYAML(type) {
                let expected = context.endpointPath == "/v1/rules" ? "application/yaml" : "application/json"
                throw DomainError(code: "body.unsupported_media_type", category: .unsupportedMedia, parameters: ["expected": expected])
            }
            throw error
        }
        let hash = Self.requestHash(method: request.method.rawValue, uri: request.uri.description, body: body)
        let ttl = settings.idempotencyTTL
        let (claim, claimedAt) = try await store.transaction { tx in
            (try IdempotencyCommands.claim(tx.db, principal: principal, key: key, requestHash: hash, now: tx.now, ttl: ttl), tx.now)
        }
        switch claim {
        case .replay(let stored):
            return try Self.replay(stored)
        case .mismatch:
            throw DomainError(code: "idempotency.key_reused", category: .conflict)
        case .inProgress:
            throw DomainError(code: "idempotency.in_progress", category: .conflict)
        case .answerLost:
            throw DomainError(code: "idempotency.answer_lost", category: .conflict)
        case .proceed:
            break
        }
        var buffered = request
        buffered.body = RequestBody(buffer: body)
        let response: Response
        do {
            // Every write the handler commits marks the claim applied in its own transaction.
            let claimed = IdempotencyScope.Claim(
                communityID: principal.communityID, memberID: principal.memberID, key: key, claimedAt: claimedAt)
            response = try await IdempotencyScope.$current.withValue(claimed) { try await next(buffered, context) }
        } catch {
            // Freed unless a change was committed first: then the key stays taken and a retry is
            // told so (in progress, then `idempotency.answer_lost`) instead of running again.
            _ = try? await store.transaction { tx in
                try IdempotencyCommands.release(tx.db, principal: principal, key: key, claimedAt: claimedAt)
            }
            throw error
        }
        let collected = CollectedBody()
        try await response.body.write(CollectingWriter(target: collected))
        let stored = Self.stored(response, body: collected.buffer, language: context.language)
        if (200..<300).contains(Int(response.status.code)) {
            try await store.transaction { tx in
                try IdempotencyCommands.complete(tx.db, principal: principal, key: key, response: stored, claimedAt: claimedAt)
            }
        } else {
            // A refusal can be corrected and retried under the same key, unless the request had
            // committed a change before answering it: then the answer is kept for the retry.
            try await store.transaction { tx in
                _ = try IdempotencyCommands.release(tx.db, principal: principal, key: key, response: stored, claimedAt: claimedAt)
            }
        }
        var fresh = response
        fresh.body = .init(byteBuffer: collected.buffer)
        return fresh
    }

    /// What is kept of `response` for a replay.
    static func stored(_ response: Response, body: ByteBuffer, language: Language) -> StoredResponse {
        if Self.holdsOneTimeSecret(response.headers) {
            // Kept: only that the request was carried out (a retry must not mint a second token).
            return StoredResponse(status: Int(response.status.code), headers: [Self.notKept], body: Data())
        }
        // The body's language is kept with it: a replay asked for in another language gets the
        // same body, and must say which language that is (`RequestIDMiddleware` labels only
        // answers that do not say).
        let headers: [[String]] = response.headers
            .filter { $0.name == .contentType || $0.name == .location || $0.name == .eTag }
            .map { [$0.name.rawName, $0.value] } + [[HTTPField.Name.contentLanguage.rawName, language.rawValue]]
        return StoredResponse(status: Int(response.status.code), headers: headers, body: Data(buffer: body))
    }

    static func isValidKey(_ key: String) -> Bool {
        (1...200).contains(key.utf8.count) && key.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    static func requestHash(method: String, uri: String, body: ByteBuffer) -> String {
        var hasher = SHA256()
        hasher.update(data: Data("\(method) \(uri)\n".utf8))
        hasher.update(data: Data(buffer: body))
        return HexDigits.text(hasher.finalize())
    }

    /// A response marked `Cache-Control: no-store` (`JSONResponse.oneTimeSecret`) carries a secret
    /// that must not be kept in plain text, so its body is not stored.
    static func holdsOneTimeSecret(_ headers: HTTPFields) -> Bool {
        headers[.cacheControl]?.lowercased().contains("no-store") ?? false
    }

    /// The only header stored for such a response, in place of its body: what `replay` recognises.
    static let notKept = [HTTPField.Name.cacheControl.rawName, "no-store"]

    /// The stored response again; 409 `idempotency.not_replayable` when it held a one-time secret
    /// that was not kept: the request was carried out, and repeating it would issue a second one.
    static func replay(_ stored: StoredResponse) throws -> Response {
        if stored.headers.contains(Self.notKept) {
            throw DomainError(code: "idempotency.not_replayable", category: .conflict)
        }
        var headers = HTTPFields()
        for pair in stored.headers where pair.count == 2 {
            if let name = HTTPField.Name(pair[0]) { headers[name] = pair[1] }
        }
        headers[.idempotentReplayed] = "true"
        return Response(
            status: HTTPResponse.Status(code: stored.status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: stored.body)))
    }
}

/// Where `CollectingWriter` puts the bytes (the writer itself is consumed by `write`).
final class CollectedBody: @unchecked Sendable {
    var buffer = ByteBuffer()
}

/// Collects a response body so it can be stored and then sent.
struct CollectingWriter: ResponseBodyWriter {
    let target: CollectedBody

    mutating func write(_ part: ByteBuffer) async throws {
        var part = part
        target.buffer.writeBuffer(&part)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
