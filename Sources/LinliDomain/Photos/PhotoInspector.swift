import Foundation

/// Decides what an uploaded file really is from its bytes, never from its name or Content-Type,
/// and removes metadata that could expose a resident (EXIF GPS coordinates of their flat, camera
/// serials, embedded text).
///
/// The walk over each format's structure doubles as validation: a file whose segments or chunks do
/// not add up is refused rather than stored.
public enum PhotoInspector {
    public struct Inspected: Sendable, Equatable {
        public let format: PhotoFormat
        /// The bytes to store: the upload without metadata segments/chunks.
        public let bytes: [UInt8]
        public let width: Int?
        public let height: Int?
    }

    /// Longest side accepted, in pixels, and most pixels in all. A few dozen bytes can declare a
    /// 50,000 × 50,000 image that every neighbour's phone would then try to decode (a
    /// decompression bomb); a 5 MB photo from any phone is far inside both.
    public static let maxSide = 16_384
    public static let maxPixels = 40_000_000

    public static func inspect(_ data: [UInt8], declared: PhotoFormat?, maxBytes: Int) throws(DomainError) -> Inspected {
        guard data.count <= maxBytes else {
            throw DomainError(code: "photo.too_large", category: .tooLarge, parameters: ["limit": String(maxBytes)])
        }
        guard let format = sniff(data) else {
            throw DomainError(code: "photo.unrecognized", category: .unsupportedMedia)
        }
        if let declared, declared != format {
            throw DomainError(
                code: "photo.type_mismatch", category: .unsupportedMedia,
                parameters: ["declared": declared.mediaType, "actual": format.mediaType])
        }
        let result: Inspected?
        switch format {
        case .jpeg: result = JPEGScrubber.scrub(data)
        case .png: result = PNGScrubber.scrub(data)
        case .webp: result = WebPScrubber.scrub(data)
        }
        guard let result else {
            throw DomainError(code: "photo.corrupt", category: .invalidInput, parameters: ["format": format.mediaType])
        }
        if let width = result.width, let height = result.height,
            width > maxSide || height > maxSide || width * height > maxPixels
        {
            throw DomainError(
                code: "photo.dimensions_too_large", category: .invalidInput,
                parameters: ["width": String(width), "height": String(height), "max_side": String(maxSide),
                             "max_megapixels": String(maxPixels / 1_000_000)])
        }
        return result
    }

    /// The format announced by the file's magic bytes.
    public static func sniff(_ data: [UInt8]) -> PhotoFormat? {
        if data.count >= 4, data[0] == 0xFF, data[1] == 0xD8, data[2] == 0xFF { return .jpeg }
        if data.count >= 8, Array(data[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] { return .png }
        if data.count >= 12, Array(data[0..<4]) == Array("RIFF".utf8), Array(data[8..<12]) == Array("WEBP".utf8) { return .webp }
        return nil
    }

    static func be16(_ data: [UInt8], _ offset: Int) -> Int { Int(data[offset]) << 8 | Int(data[offset + 1]) }
    static func be32(_ data: [UInt8], _ offset: Int) -> Int {
        Int(data[offset]) << 24 | Int(data[offset + 1]) << 16 | Int(data[offset + 2]) << 8 | Int(data[offset + 3])
    }
    static func le32(_ data: [UInt8], _ offset: Int) -> Int {
        Int(data[offset]) | Int(data[offset + 1]) << 8 | Int(data[offset + 2]) << 16 | Int(data[offset + 3]) << 24
    }
    static func le24(_ data: [UInt8], _ offset: Int) -> Int {
        Int(data[offset]) | Int(data[offset + 1]) << 8 | Int(data[offset + 2]) << 16
    }
}
