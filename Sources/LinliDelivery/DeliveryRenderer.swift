import Foundation

/// Turns an event and an endpoint into the HTTP request(s) to send, signed for `now`.
///
/// Rendering happens at send time, not when the outbox row is written, because signatures embed
/// the send timestamp (receivers refuse stale ones) and because template fixes by organizers
/// should apply to messages still queued. A chat message too long for the platform becomes up to
/// `PlatformLimits.maxParts` requests, each within the byte limit.
public enum DeliveryRenderer {
    public static let userAgent = "Linli-Webhooks/1.0"

    /// Why rendering failed; final for the message (retrying renders the same thing).
    public struct RenderError: Error, Hashable, Sendable {
        public let reason: FailureReason
    }

    /// The requests for `event` to `endpoint`, in sending order. `standardBody`, when given, must be
    /// `standardBody(event)` (see `PreparedEvent`), computed once for every endpoint of the event.
    public static func render(
        _ event: OutboundEvent, for endpoint: WebhookEndpoint, now: Date, standardBody body: Data? = nil
    ) throws(RenderError) -> [TransportRequest] {
        switch endpoint.format {
        case .standard:
            return [standardRequest(event, endpoint: endpoint, now: now, body: body ?? standardBody(event))]
        case .wecom, .dingtalk, .feishu:
            let text: String
            do {
                text = try MessageTemplates.render(
                    event, options: endpoint.chat, escaping: .of(endpoint.format, endpoint.chat.style))
            } catch {
                throw RenderError(reason: FailureReason(code: "render.template_invalid", detail: "\(error)"))
            }
            // An organizer's text naming only what the event lacks ({{data.nope}}) renders to
            // nothing; the platform would refuse it with a code of its own (WeCom 44004) that
            // says nothing of why. Said here, where the cause is known (session 32 walk).
            if text.allSatisfy(\.isWhitespace) {
                throw RenderError(reason: FailureReason(
                    code: "render.template_empty",
                    detail: "the endpoint's text for \(event.type) came out empty for this event: check the names it uses in {{…}}"))
            }
            let bodies = ChatPayloadBuilder.bodies(text: text, event: event, endpoint: endpoint, now: now)
            let url = signedURL(endpoint, now: now)
            return bodies.map { TransportRequest(url: url, headers: jsonHeaders, body: $0) }
        }
    }

    /// The Standard Webhooks JSON envelope; keys sorted so the same event always yields the same bytes.
    public static func standardBody(_ event: OutboundEvent) -> Data {
        let envelope: JSONValue = .object([
            "id": .string(event.id),
            "type": .string(event.type),
            "timestamp": .string(event.occurredAt.formatted(.iso8601)),
            "community_id": .string(event.communityID),
            "subject": .string(event.subject),
            "data": event.payload,
        ])
        return encode(envelope)
    }

    static func standardRequest(_ event: OutboundEvent, endpoint: WebhookEndpoint, now: Date, body: Data) -> TransportRequest {
        let timestamp = Int64(now.timeIntervalSince1970.rounded(.down))
        let signatureHeaders = StandardWebhookSigner.headers(id: event.id, timestamp: timestamp, body: body,
                                                             secrets: endpoint.secrets)
        return TransportRequest(url: endpoint.url, headers: jsonHeaders + signatureHeaders, body: body)
    }

    /// DingTalk carries its signature in the query; the others use the URL as configured.
    static func signedURL(_ endpoint: WebhookEndpoint, now: Date) -> String {
        guard endpoint.format == .dingtalk, let secret = endpoint.chat.signingSecret else { return endpoint.url }
        let milliseconds = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        let sign = ChatRobotSigner.dingTalkSign(timestampMilliseconds: milliseconds, secret: secret)
        return endpoint.url + (endpoint.url.contains("?") ? "&" : "?") + "timestamp=\(milliseconds)&sign=\(sign)"
    }

    static let jsonHeaders = [
        HTTPHeader(name: "Content-Type", value: "application/json; charset=utf-8"),
        HTTPHeader(name: "User-Agent", value: userAgent),
    ]

    static func encode(_ value: JSONValue) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // A JSONValue holds only strings, numbers, booleans and containers: encoding cannot fail
        // except for non-finite doubles, which JSON cannot express; those become null.
        return (try? encoder.encode(value)) ?? (try? encoder.encode(value.replacingNonFinite())) ?? Data("null".utf8)
    }
}

extension JSONValue {
    /// NaN and ±infinity have no JSON form; a payload carrying one still delivers, with null.
    func replacingNonFinite() -> JSONValue {
        switch self {
        case .double(let value) where !value.isFinite: .null
        case .array(let values): .array(values.map { $0.replacingNonFinite() })
        case .object(let members): .object(members.mapValues { $0.replacingNonFinite() })
        default: self
        }
    }
}
