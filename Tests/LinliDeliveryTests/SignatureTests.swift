import Foundation
import Testing
@testable import LinliDelivery

@Suite("Standard Webhooks and chat robot signatures")
struct SignatureTests {
    struct Vector: Sendable {
        let secret: String, id: String, timestamp: Int64, body: String, signature: String
    }

    /// The published Standard Webhooks vectors (shared/vectors/webhook-signatures.md).
    static let standardVectors = [
        Vector(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
               timestamp: 1_614_265_330, body: #"{"test": 2432232314}"#,
               signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="),
        Vector(secret: "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD", id: "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk",
               timestamp: 1_649_367_553, body: #"{"email":"test@example.com","username":"test_user"}"#,
               signature: "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw="),
    ]

    @Test("published Standard Webhooks vectors reproduce exactly", arguments: standardVectors)
    func standardVector(_ vector: Vector) throws {
        let secret = try WebhookSecret(encoded: vector.secret)
        let signature = StandardWebhookSigner.signature(id: vector.id, timestamp: vector.timestamp,
                                                        body: Data(vector.body.utf8), secret: secret)
        #expect(signature == vector.signature)
        try StandardWebhookSigner.verify(
            id: vector.id, timestamp: String(vector.timestamp), signatureHeader: vector.signature,
            body: Data(vector.body.utf8), secret: secret, now: Date(timeIntervalSince1970: TimeInterval(vector.timestamp)))
    }

    @Test func verificationRejectsTamperingAndSkew() throws {
        let vector = Self.standardVectors[0]
        let secret = try WebhookSecret(encoded: vector.secret)
        let sent = Date(timeIntervalSince1970: TimeInterval(vector.timestamp))
        func verify(body: String = vector.body, at now: Date = sent, header: String = vector.signature) throws(SignatureVerificationError) {
            try StandardWebhookSigner.verify(id: vector.id, timestamp: String(vector.timestamp), signatureHeader: header,
                                             body: Data(body.utf8), secret: secret, now: now)
        }
        #expect(throws: SignatureVerificationError.noMatchingSignature) { try verify(body: #"{"test": 2432232315}"#) }
        #expect(throws: SignatureVerificationError.timestampTooOld) { try verify(at: sent.addingTimeInterval(301)) }
        #expect(throws: SignatureVerificationError.timestampTooNew) { try verify(at: sent.addingTimeInterval(-301)) }
        try verify(at: sent.addingTimeInterval(299))
        try verify(at: sent.addingTimeInterval(-299))
        #expect(throws: SignatureVerificationError.noMatchingSignature) { try verify(header: "v2," + vector.signature.dropFirst(3)) }
    }

    @Test("during rotation both the old and the new secret verify the same delivery")
    func rotation() throws {
        var generator = SeededRandomNumberGenerator(seed: 7)
        let old = WebhookSecret.generate(using: &generator)
        let new = WebhookSecret.generate(using: &generator)
        let stranger = WebhookSecret.generate(using: &generator)
        let body = Data(#"{"type":"listing.published"}"#.utf8)
        let headers = StandardWebhookSigner.headers(id: "msg_1", timestamp: 1_700_000_000, body: body, secrets: [new, old])
        let signatureHeader = try #require(headers.first { $0.name == "webhook-signature" }?.value)
        #expect(signatureHeader.split(separator: " ").count == 2)
        let now = Date(timeIntervalSince1970: 1_700_000_010)
        for secret in [old, new] {
            try StandardWebhookSigner.verify(id: "msg_1", timestamp: "1700000000", signatureHeader: signatureHeader,
                                             body: body, secret: secret, now: now)
        }
        #expect(throws: SignatureVerificationError.noMatchingSignature) {
            try StandardWebhookSigner.verify(id: "msg_1", timestamp: "1700000000", signatureHeader: signatureHeader,
                                             body: body, secret: stranger, now: now)
        }
    }

    @Test func generatedSecretsRoundTripAndDependOnTheGenerator() throws {
        var first = SeededRandomNumberGenerator(seed: 1)
        var again = SeededRandomNumberGenerator(seed: 1)
        var other = SeededRandomNumberGenerator(seed: 2)
        let secret = WebhookSecret.generate(using: &first)
        #expect(secret == WebhookSecret.generate(using: &again))
        #expect(secret != WebhookSecret.generate(using: &other))
        #expect(secret.keyBytes.count == 32)
        #expect(secret.encoded.hasPrefix("whsec_"))
        #expect(try WebhookSecret(encoded: secret.encoded) == secret)
        #expect("\(secret)" == "whsec_****")
        #expect(throws: EndpointValidationError.self) { try WebhookSecret(encoded: "whsec_not base64!") }
    }

    @Test("Feishu published vectors", arguments: [
        (Int64(100), "jquNHnVOwmDRfw+vqTIrY5dooJAgi5EcRtLsQE4wfXg="),
        (Int64(1_599_360_473), "l1N0gAcBjdwBvGm1xMjOF0XSyaLRpR7tuO5dHfhAYc8="),
    ])
    func feishu(timestamp: Int64, expected: String) {
        #expect(ChatRobotSigner.feishuSign(timestampSeconds: timestamp, secret: "demo") == expected)
    }

    @Test func dingTalk() {
        #expect(ChatRobotSigner.dingTalkSign(timestampMilliseconds: 1_700_000_000_000, secret: "SECtest")
            == "aZLLrriXgn05YbwaGR7knYsLeJADjr9NwLaNNKpxh4g%3D")
    }
}
