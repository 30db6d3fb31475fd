import Foundation

/// Builds the JSON bodies of the three chat robots from rendered text, within their size limits.
enum ChatPayloadBuilder {
    /// Appended when a message needed more than `PlatformLimits.maxParts` parts.
    static let truncationMarker = "…"

    static func bodies(text: String, event: OutboundEvent, endpoint: WebhookEndpoint, now: Date) -> [Data] {
        let options = endpoint.chat
        let title = String(text.split(separator: "\n", maxSplits: 1).first ?? Substring(event.type))
        switch (endpoint.format, options.style) {
        case (.wecom, .markdown):
            return split(text, budget: PlatformLimits.wecomMarkdownBytes).map {
                DeliveryRenderer.encode(["msgtype": "markdown", "markdown": ["content": .string($0)]])
            }
        case (.wecom, .news):
            if let link = event.payload["url"]?.stringValue {
                let description = String(text.dropFirst(title.count)).trimmingCharacters(in: .whitespacesAndNewlines)
                let article: JSONValue = [
                    "title": .string(TextSplitter.truncate(title, budget: PlatformLimits.wecomNewsTitleBytes)),
                    "description": .string(TextSplitter.truncate(description, budget: PlatformLimits.wecomNewsDescriptionBytes)),
                    "url": .string(link),
                ]
                return [DeliveryRenderer.encode(["msgtype": "news", "news": ["articles": [article]]])]
            }
            // A news card without a link is useless; fall back to text so the message still arrives.
            return wecomText(text, options: options)
        case (.wecom, _):
            return wecomText(text, options: options)
        case (.dingtalk, .markdown):
            // Markdown messages take the same `at` block as text ones: mention once, on the first part.
            return split(text, budget: PlatformLimits.dingTalkContentBytes).enumerated().map { index, piece in
                var body: [String: JSONValue] = ["msgtype": "markdown", "markdown": ["title": .string(title), "text": .string(piece)]]
                if index == 0 { body["at"] = dingTalkMentions(options) }
                return DeliveryRenderer.encode(.object(body))
            }
        case (.dingtalk, _):
            return split(text, budget: PlatformLimits.dingTalkContentBytes).enumerated().map { index, piece in
                var body: [String: JSONValue] = ["msgtype": "text", "text": ["content": .string(piece)]]
                if index == 0 { body["at"] = dingTalkMentions(options) }
                return DeliveryRenderer.encode(.object(body))
            }
        case (.feishu, .post):
            // The first rendered line is the post's title; the content is the rest (as the WeCom
            // news card's description), or the title would show twice.
            let rest = String(text.dropFirst(title.count)).trimmingCharacters(in: .newlines)
            return feishu(rest, title: title, post: true, options: options, now: now)
        case (.feishu, _):
            return feishu(text, title: title, post: false, options: options, now: now)
        case (.standard, _):
            return [DeliveryRenderer.standardBody(event)]
        }
    }

    static func wecomText(_ text: String, options: ChatOptions) -> [Data] {
        split(text, budget: PlatformLimits.wecomTextBytes).enumerated().map { index, piece in
            var content: [String: JSONValue] = ["content": .string(piece)]
            // Mention people once, on the first part, not on every continuation.
            if index == 0 && !options.mentionedUserIDs.isEmpty {
                content["mentioned_list"] = .array(options.mentionedUserIDs.map(JSONValue.string))
            }
            if index == 0 && !options.mentionedMobiles.isEmpty {
                content["mentioned_mobile_list"] = .array(options.mentionedMobiles.map(JSONValue.string))
            }
            return DeliveryRenderer.encode(["msgtype": "text", "text": .object(content)])
        }
    }

    static func dingTalkMentions(_ options: ChatOptions) -> JSONValue {
        [
            "atMobiles": .array(options.mentionedMobiles.map(JSONValue.string)),
            "atUserIds": .array(options.mentionedUserIDs.filter { $0 != "@all" }.map(JSONValue.string)),
            "isAtAll": .bool(options.mentionedUserIDs.contains("@all")),
        ]
    }

    /// Feishu limits the whole body, so the text budget is what remains after the envelope, in
    /// JSON-escaped bytes; if an unusual escape still overshoots, the budget shrinks and we retry.
    static func feishu(_ text: String, title: String, post: Bool, options: ChatOptions, now: Date) -> [Data] {
        let timestamp = Int64(now.timeIntervalSince1970.rounded(.down))
        func body(_ piece: String) -> Data {
            var body: [String: JSONValue]
            if post {
                let lines = piece.split(separator: "\n", omittingEmptySubsequences: false).map { line -> JSONValue in
                    [["tag": "text", "text": .string(String(line))]]
                }
                let language = options.locale == .en ? "en_us" : "zh_cn"
                body = ["msg_type": "post",
                        "content": ["post": .object([language: ["title": .string(title), "content": .array(lines)]])]]
            } else {
                body = ["msg_type": "text", "content": ["text": .string(piece)]]
            }
            if let secret = options.signingSecret {
                body["timestamp"] = .string(String(timestamp))
                body["sign"] = .string(ChatRobotSigner.feishuSign(timestampSeconds: timestamp, secret: secret))
            }
            return DeliveryRenderer.encode(.object(body))
        }
        let limit = PlatformLimits.feishuBodyBytes
        var budget = limit - body("").count - (post ? title.utf8.count : 0)
        while budget > 64 {
            let bodies = split(text, budget: budget, cost: TextSplitter.jsonEscapedUTF8Bytes).map(body)
            if bodies.allSatisfy({ $0.count <= limit }) { return bodies }
            budget = budget * 9 / 10
        }
        return [body(TextSplitter.truncate(text, budget: 64))]
    }

    /// Splits into parts within `budget`; beyond `maxParts` the rest is cut with a marker.
    static func split(_ text: String, budget: Int, cost: @escaping TextSplitter.Cost = TextSplitter.utf8Bytes) -> [String] {
        let pieces = TextSplitter.split(text, budget: budget, cost: cost)
        guard pieces.count > PlatformLimits.maxParts else { return pieces }
        let keep = PlatformLimits.maxParts - 1
        let last = TextSplitter.truncate(pieces[keep...].joined(), budget: budget, ellipsis: truncationMarker, cost: cost)
        return Array(pieces[..<keep]) + [last]
    }
}
