/// Checks `webhooks.proxy` when the configuration loads. libcurl takes the text as it is and
/// fails only at the first delivery, once per message, so a typo (`http//proxy:3128`, a space,
/// port 99999) turned into days of failed deliveries instead of one refused start.
enum ProxyAddress {
    static let schemes = ["http", "https", "socks4", "socks4a", "socks5", "socks5h"]

    /// What is wrong with `text`, or nil when libcurl can use it: `[scheme://][user:password@]host[:port][/]`.
    /// The message never repeats the value: it may hold a password.
    static func problem(_ text: String) -> String? {
        let usage = "must be [scheme://][user:password@]host[:port] with scheme \(schemes.joined(separator: ", "))"
        guard !text.contains(where: \.isWhitespace) else { return "webhooks.proxy must not contain spaces; it \(usage)" }
        var rest = Substring(text)
        if let separator = rest.range(of: "://") {
            let scheme = rest[..<separator.lowerBound].lowercased()
            guard schemes.contains(scheme) else {
                // Named only when it looks like a scheme: text before `://` may be `user:password@http`.
                let named = scheme.allSatisfy { $0.isLetter || $0.isNumber } ? " \"\(scheme)\"" : ""
                return "webhooks.proxy has an unknown scheme\(named); it \(usage)"
            }
            rest = rest[separator.upperBound...]
        }
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        if let at = rest.firstIndex(of: "@") {
            // libcurl ends the user and password at the first `@`: one inside a password is `%40`.
            guard rest[rest.index(after: at)...].firstIndex(of: "@") == nil else {
                return "webhooks.proxy has an @ in its user or password (write it %40); it \(usage)"
            }
            rest = rest[rest.index(after: at)...]
        }
        guard !rest.contains("/"), !rest.contains("?"), !rest.contains("#") else { return "webhooks.proxy must not have a path; it \(usage)" }
        var host = rest
        var port: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return "webhooks.proxy has an unclosed [IPv6 address]; it \(usage)" }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return "webhooks.proxy has text after its [IPv6 address]; it \(usage)" }
                port = after.dropFirst()
            }
        } else if rest.filter({ $0 == ":" }).count > 1 {
            return "webhooks.proxy has an IPv6 address without brackets (write [fd00::1]:3128); it \(usage)"
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            port = rest[rest.index(after: colon)...]
        }
        guard !host.isEmpty else { return "webhooks.proxy has no host; it \(usage)" }
        if let port {
            guard let number = Int(port), (1...65_535).contains(number), port.allSatisfy(\.isASCII) else {
                return "webhooks.proxy has a port that is not a number in 1...65535; it \(usage)"
            }
        }
        return nil
    }
}
