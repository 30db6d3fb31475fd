/// The unit connections are counted and capped by: `scheme://host:port`, as curl does.
enum HostKey {
    /// `scheme://host:port` of a URL, lower-cased. Scans UTF-8 bytes directly: this runs for
    /// every request on the loop thread, where Foundation's string searching showed up in profiles.
    static func of(_ url: String) -> String {
        let bytes = Array(url.utf8)
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon + 2 < bytes.count,
              bytes[colon + 1] == UInt8(ascii: "/"), bytes[colon + 2] == UInt8(ascii: "/")
        else { return url.lowercased() }
        var authorityStart = colon + 3
        var end = authorityStart
        while end < bytes.count, bytes[end] != UInt8(ascii: "/"), bytes[end] != UInt8(ascii: "?"), bytes[end] != UInt8(ascii: "#") {
            if bytes[end] == UInt8(ascii: "@") { authorityStart = end + 1 }  // drop userinfo
            end += 1
        }
        let key = bytes[..<(colon + 3)] + bytes[authorityStart..<end]
        return String(decoding: key.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
