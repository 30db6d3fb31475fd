/// What a resident's words may not do once they are inside a chat message.
///
/// Event values (a listing's title, an event's place, a cancellation reason) are written by
/// residents and organizers, and many listings publish without review. Rendered as they are, a
/// title could mention everyone in a Feishu group (`<at user_id="all"></at>`, bypassing the
/// endpoint's mention settings), put a live link or a tracking image into a WeCom or DingTalk
/// markdown message (`[补贴登记](https://…)`, `![](https://…)`), or start fake lines and headings
/// with a line break (session 28 review). Values are neutralised for the message format they go
/// into before the template sees them; the template's own text is the organizer's and is kept.
///
/// Brackets become their full-width forms (`［］＜＼`, and `＃＞` at a line's start), which read
/// the same to a resident and are not syntax on any of the three platforms; no platform documents
/// a backslash escape. A link's address stays readable text (`［补贴］(https://…)`): a chat client
/// may still make a bare address clickable, as it would in any message a resident sends.
public enum ChatValueEscaping: Sendable, Equatable {
    /// Plain text (WeCom text and news, DingTalk text, Feishu post elements): only line breaks,
    /// in values meant to be one line.
    case plain
    /// WeCom and DingTalk markdown: links, images, tags and headings too.
    case markdown
    /// Feishu text messages, which parse `<at …>` tags.
    case feishuText

    /// The escaping for messages of `format` in `style`.
    public static func of(_ format: EndpointFormat, _ style: ChatMessageStyle) -> ChatValueEscaping {
        switch (format, style) {
        case (.wecom, .markdown), (.dingtalk, .markdown): .markdown
        case (.feishu, .post), (.standard, _): .plain
        case (.feishu, _): .feishuText
        default: .plain
        }
    }

    /// Payload fields that are text of several lines by nature; every other value is one line.
    static let multiLineKeys: Set<String> = ["description", "summary"]

    /// `payload` with every string escaped (nested values too, each by its own key).
    func apply(_ payload: JSONValue, key: String? = nil) -> JSONValue {
        switch payload {
        case .string(let text): .string(escape(text, multiLine: key.map(Self.multiLineKeys.contains) ?? false))
        case .array(let values): .array(values.map { apply($0, key: key) })
        case .object(let members): .object(Dictionary(uniqueKeysWithValues: members.map { ($0.key, apply($0.value, key: $0.key)) }))
        default: payload
        }
    }

    /// One value: line breaks folded to spaces unless `multiLine`, then the format's syntax.
    func escape(_ text: String, multiLine: Bool) -> String {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        if !multiLine { lines = [lines.joined(separator: " ")] }
        return lines.map { line in
            switch self {
            case .plain: return line
            case .feishuText: return Self.replacing(line, ["<": "＜"])
            case .markdown:
                // A backslash too: at a value's end it escaped the template's own `]` after it.
                let escaped = Self.replacing(line, ["[": "［", "]": "］", "<": "＜", "\\": "＼"])
                // A heading or a quote only at the start of a line; inside one, `#` and `>` are
                // just signs ("价格>100").
                guard let first = escaped.firstIndex(where: { $0 != " " && $0 != "\t" }), ["#", ">"].contains(escaped[first]) else {
                    return escaped
                }
                return escaped.replacingCharacters(in: first...first, with: escaped[first] == "#" ? "＃" : "＞")
            }
        }.joined(separator: "\n")
    }

    static func replacing(_ text: String, _ table: [Character: Character]) -> String {
        String(text.map { table[$0] ?? $0 })
    }
}
