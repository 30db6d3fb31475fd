import Foundation

/// The link a WeCom news card opens: an endpoint's URL pattern (`chat.link`) with the event's
/// fields put in, such as `https://linli.example.org/m/listings/{listing_id}`.
///
/// Why: a news card needs a link, and no event carries one (Linli knows no address of the
/// residents' mini-program or web pages); without it the card fell back to text and the style was
/// of no use. The organizer who sets up the robot knows where the pages are. A field is put in
/// percent-encoded (only letters, digits and `-._~` stay), so a value cannot add a path, a query or
/// another host; a placeholder may stand only after the host. An event that lacks a field the
/// pattern names has no link, and its message goes as text.
public struct ChatLink: Hashable, Sendable {
    /// Longest accepted pattern, in UTF-8 bytes.
    public static let maxBytes = 1024
    /// Longest link a card gets once filled in (a long field, percent-encoded, grows up to 9×);
    /// longer, the message goes as text.
    public static let maxLinkBytes = 2048

    public let pattern: String
    /// The pattern split once, at parsing, into its literal text and fields.
    let pieces: [Piece]

    /// Why a pattern is refused (the detail of `endpoint.link_invalid`).
    public struct Refusal: Error, Equatable {
        public let reason: String
    }

    /// The pattern, or why it is refused.
    public static func parse(_ pattern: String) -> Result<ChatLink, Refusal> {
        guard pattern.utf8.count <= maxBytes else { return .failure(Refusal(reason: "at most \(maxBytes) bytes")) }
        guard let pieces = pieces(of: pattern) else {
            return .failure(Refusal(reason: "placeholders are {name}: lower-case letters, digits and _, starting with a letter"))
        }
        let sample = pieces.map { piece in
            switch piece {
            case .literal(let text): text
            case .field: "x"
            }
        }.joined()
        guard let components = URLComponents(string: sample), ["https", "http"].contains(components.scheme?.lowercased() ?? ""),
            let host = components.host, !host.isEmpty, components.user == nil, components.password == nil,
            !sample.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 })
        else { return .failure(Refusal(reason: "an absolute http or https URL, without user or password")) }
        // Everything up to the end of the host is literal.
        let authorityEnd = pattern.range(of: "://").map { start in
            pattern[start.upperBound...].firstIndex(where: { "/?#".contains($0) }) ?? pattern.endIndex
        } ?? pattern.endIndex
        guard !pattern[..<authorityEnd].contains("{") else { return .failure(Refusal(reason: "placeholders may stand only after the host")) }
        return .success(ChatLink(pattern: pattern, pieces: pieces))
    }

    private init(pattern: String, pieces: [Piece]) {
        self.pattern = pattern
        self.pieces = pieces
    }

    /// The link for `payload`, or nil when the payload lacks a field the pattern names (or one is
    /// neither text nor a number).
    public func link(for payload: JSONValue) -> String? {
        var link = ""
        for piece in pieces {
            switch piece {
            case .literal(let text):
                link += text
            case .field(let name):
                let value: String
                switch payload[name] {
                case .string(let text)?: value = text
                case .int(let number)?: value = String(number)
                default: return nil
                }
                guard !value.isEmpty, var encoded = value.addingPercentEncoding(withAllowedCharacters: Self.unreserved) else { return nil }
                // `.` and `..` as a whole path segment would move the link up the site's paths.
                if encoded.allSatisfy({ $0 == "." }) { encoded = String(repeating: "%2E", count: encoded.count) }
                link += encoded
            }
        }
        return link.utf8.count <= Self.maxLinkBytes ? link : nil
    }

    /// RFC 3986 unreserved characters: nothing that ends a path segment or starts a query.
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    enum Piece: Hashable, Sendable {
        case literal(String)
        case field(String)
    }

    /// The pattern split into literal text and `{name}` fields; nil for a brace that opens no
    /// well-formed placeholder, or a closing brace on its own.
    static func pieces(of pattern: String) -> [Piece]? {
        var pieces: [Piece] = []
        var rest = Substring(pattern)
        while let open = rest.firstIndex(where: { $0 == "{" || $0 == "}" }) {
            guard rest[open] == "{", let close = rest[open...].firstIndex(of: "}") else { return nil }
            let name = rest[rest.index(after: open)..<close]
            guard let first = name.unicodeScalars.first, ("a"..."z").contains(first),
                name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
            else { return nil }
            if open > rest.startIndex { pieces.append(.literal(String(rest[..<open]))) }
            pieces.append(.field(String(name)))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { pieces.append(.literal(String(rest))) }
        return pieces
    }
}
