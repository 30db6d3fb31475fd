import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LinliDomain
import NIOCore
import Testing
@testable import LinliAPI
@testable import LinliStore

/// Found by review 9a (each test failed first): the ledger routes over HTTP.
@Suite struct LedgerIdempotencyKeyHTTPTests {
    /// `Idempotency-Key` is documented (OpenAPI `IdempotencyKey`: "1–200 visible ASCII
    /// characters", `maxLength: 200`) and accepted as such by `IdempotencyMiddleware.isValidKey`.
    /// The ledger routes turn it into the ledger key `api:<member id>:<key>`
    /// (`LedgerParameters.idempotencyKey`), 35 characters longer, and `TransferDraft` refuses
    /// ledger keys over 200 (`LedgerTextLimits.idempotencyKey`). So an adjustment, reward,
    /// donation or reversal sent with a valid key of 166–200 characters is refused with 422
    /// `validation_failed` at `/idempotency_key` — a pointer into a body that has no such field —
    /// and a client that generates long keys can never post to the ledger.
    /// Expected: 201 with the transfer (the ledger key derived so that it fits, e.g. hashed).
    @Test func aDocumentedMaximumLengthIdempotencyKeyIsAcceptedByLedgerWrites() async throws {
        let world = try LedgerAPITests.World()
        let alice = world.members["alice"]!.rawValue
        let key = String(repeating: "k", count: 200)
        try await world.test { client in
            try await client.execute(
                uri: "/v1/ledger/adjustments", method: .post, headers: LedgerAPITests.headers(world.tokens["admin"], key: key),
                body: try LedgerAPITests.body(["member_id": alice, "amount": 50, "reason": "开户赠送"])
            ) { response in
                #expect(response.status == .created, "\(response.status): \(String(buffer: response.body))")
            }
            // A key of 170 characters, well inside the documented bound, fails the same way.
            try await client.execute(
                uri: "/v1/ledger/donations", method: .post,
                headers: LedgerAPITests.headers(world.tokens["organizer"], key: String(repeating: "d", count: 170)),
                body: try LedgerAPITests.body(["donor": "幸福超市", "value_yuan": "300", "reason": "捐赠矿泉水"])
            ) { response in
                #expect(response.status == .created, "\(response.status): \(String(buffer: response.body))")
            }
            // Helper 120: a short key spelled as the hashed form of the long one above named the
            // same ledger key, and "replayed" its transfer for another request.
            let hashed = "sha256:" + HexDigits.text(SHA256.hash(data: Array(key.utf8)))
            try await client.execute(
                uri: "/v1/ledger/adjustments", method: .post, headers: LedgerAPITests.headers(world.tokens["admin"], key: hashed),
                body: try LedgerAPITests.body(["member_id": alice, "amount": 50, "reason": "开户赠送"])
            ) { response in
                #expect(response.status == .created, "a different key posts its own transfer: \(String(buffer: response.body))")
            }
        }
    }
}
