import Foundation

/// The languages Linli answers in. zh-CN is the default: most users are Chinese-speaking residents.
public enum Language: String, Sendable, CaseIterable, Codable {
    case zhCN = "zh-CN"
    case en

    /// Picks the best language from an `Accept-Language` header value (RFC 9110 q-values).
    /// Anything unrecognised falls back to zh-CN.
    public static func negotiate(_ header: String?) -> Language {
        guard let header, !header.isEmpty else { return .zhCN }
        var best: (language: Language, quality: Double)?
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { continue }
            var quality = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            guard quality > 0 else { continue }
            let language: Language?
            if tag == "zh" || tag.hasPrefix("zh-") { language = .zhCN }
            else if tag == "en" || tag.hasPrefix("en-") { language = .en }
            else { language = nil }
            if let language, quality > (best?.quality ?? -1) { best = (language, quality) }
        }
        return best?.language ?? .zhCN
    }
}
