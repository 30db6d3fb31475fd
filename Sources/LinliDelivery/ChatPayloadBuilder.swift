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
            // WeCom markdown has no mention lists: a user is mentioned by `<@id>` in the text
            // (validation refuses mobiles and `@all` here). Once, on the first part.
            let mentions = options.mentionedUserIDs.map { "<@\($0)>" }.joined(separator: " ")
            let budget = PlatformLimits.wecomMarkdownBytes - (mentions.isEmpty ? 0 : mentions.utf8.count + 1)
            return split(text, budget: budget).enumerated().map { index, piece in
                let content = index == 0 && !mentions.isEmpty ? piece + "\n" + mentions : piece
                return DeliveryRenderer.encode(["msgtype": "markdown", "markdown": ["content": .string(content)]])
            }
        case (.wecom, .news):
            // The endpoint's link pattern filled in from the event (`ChatLink`), else a `url` the
            // event itself carries.
            let pattern = options.link.flatMap { try? ChatLink.parse($0).get() }
            if let link = pattern.map({ $0.link(for: event.payload) }) ?? event.payload["url"]?.stringValue {
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
            // Markdown messages take the same `at` block as text ones: mention once, on the first
            // part. In markdown DingTalk shows (and notifies) a mention only when the text also
            // carries `@<mobile>` / `@<userId>` (its markdown example does; helper 119), so they
            // are written on a line of their own at its end.
            let named = options.mentionedMobiles + options.mentionedUserIDs.filter { $0 != "@all" }
            let mentions = named.map { "@\($0)" }.joined(separator: " ")
            let budget = PlatformLimits.dingTalkContentBytes - (mentions.isEmpty ? 0 : mentions.utf8.count + 2)
            // DingTalk's markdown joins lines a single "\n" separates (helper 162 #5: 时间, 地点 and
            // 名额 ran together); two spaces before it break the line, and count in the budget.
            let markdownCost: TextSplitter.Cost = { $0 == "\n" ? 3 : $0.utf8.count }
            return split(text, budget: budget, cost: markdownCost).enumerated().map { index, piece in
                let broken = piece.replacingOccurrences(of: "\n", with: "  \n")
                let content = index == 0 && !mentions.isEmpty ? broken + "\n\n" + mentions : broken
                var body: [String: JSONValue] = ["msgtype": "markdown", "markdown": ["title": .string(title), "text": .string(content)]]
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
            // news card's description), or the title would show twice. A line too long for a
            // title is cut there and kept whole in the content.
            guard title.utf8.count > PlatformLimits.feishuPostTitleBytes else {
                let rest = String(text.dropFirst(title.count)).trimmingCharacters(in: .newlines)
                return feishu(rest, title: title, post: true, options: options, now: now)
            }
            let cut = TextSplitter.truncate(title, budget: PlatformLimits.feishuPostTitleBytes)
            return feishu(text, title: cut, post: true, options: options, now: now)
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
        // Mentions ride on the first part only, and count against its size like the envelope.
        func body(_ piece: String, first: Bool) -> Data {
            var body: [String: JSONValue]
            let mentioning = first ? options.mentionedUserIDs : []
            if post {
                var lines = piece.split(separator: "\n", omittingEmptySubsequences: false).map { line -> JSONValue in
                    [["tag": "text", "text": .string(String(line))]]
                }
                if !mentioning.isEmpty {
                    lines.append(.array(mentioning.map { ["tag": "at", "user_id": .string(feishuMentionID($0))] }))
                }
                let language = options.locale == .en ? "en_us" : "zh_cn"
                body = ["msg_type": "post",
                        "content": ["post": .object([language: ["title": .string(title), "content": .array(lines)]])]]
            } else {
                let tags = mentioning.map { #"<at user_id="\#(feishuMentionID($0))"></at>"# }.joined(separator: " ")
                body = ["msg_type": "text", "content": ["text": .string(tags.isEmpty ? piece : piece + "\n" + tags)]]
            }
            if let secret = options.signingSecret {
                body["timestamp"] = .string(String(timestamp))
                body["sign"] = .string(ChatRobotSigner.feishuSign(timestampSeconds: timestamp, secret: secret))
            }
            return DeliveryRenderer.encode(.object(body))
        }
        let limit = PlatformLimits.feishuBodyBytes
        // The empty body holds the envelope, the title and the mentions already.
        var budget = limit - body("", first: true).count
        while budget > 64 {
            let bodies = split(text, budget: budget, cost: TextSplitter.jsonEscapedUTF8Bytes).enumerated()
                .map { body($1, first: $0 == 0) }
            if bodies.allSatisfy({ $0.count <= limit }) { return bodies }
            budget = budget * 9 / 10
        }
        return [body(TextSplitter.truncate(text, budget: 64), first: true)]
    }

    /// Feishu names everyone `all`; `@all` is how every platform's options spell it.
    static func feishuMentionID(_ id: String) -> String { id == "@all" ? "all" : id }

    /// Splits into parts within `budget`; beyond `maxParts` the rest is cut with a marker.
    static func split(_ text: String, budget: Int, cost: @escaping TextSplitter.Cost = TextSplitter.utf8Bytes) -> [String] {
        let pieces = TextSplitter.split(text, budget: budget, cost: cost)
        guard pieces.count > PlatformLimits.maxParts else { return pieces }
        let keep = PlatformLimits.maxParts - 1
        let last = TextSplitter.truncate(pieces[keep...].joined(), budget: budget, ellipsis: truncationMarker, cost: cost)
        return Array(pieces[..<keep]) + [last]
    }
}
