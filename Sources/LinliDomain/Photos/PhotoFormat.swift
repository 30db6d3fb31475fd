/// The image formats Linli accepts. Anything else (GIF, HEIC, SVG with scripts, executables with an
/// image name) is refused.
public enum PhotoFormat: String, Codable, Sendable, CaseIterable {
    case jpeg
    case png
    case webp

    public var mediaType: String { "image/\(rawValue)" }

    public init?(mediaType: String) {
        let media = mediaType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch media {
        case "image/jpeg", "image/jpg": self = .jpeg
        case "image/png": self = .png
        case "image/webp": self = .webp
        default: return nil
        }
    }
}

/// Photo identifiers: the lowercase hex SHA-256 of the stored bytes (content addressing).
public enum PhotoDigest {
    public static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
