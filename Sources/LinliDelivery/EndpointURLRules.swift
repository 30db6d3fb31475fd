import Foundation

/// URL rules per endpoint format.
///
/// Chat robots are only accepted on their official hosts over https: a chat endpoint pointing
/// anywhere else would turn Linli into a relay that posts community data (and robot keys) to an
/// arbitrary server. Standard endpoints may be any http(s) URL; where they may *connect* is decided
/// later by the SSRF address policy on the address actually dialled.
public enum EndpointURLRules {
    /// URLs longer than this are refused (rule 6; also keeps attempt records bounded).
    public static let maxURLLength = 2048

    /// Official hosts per chat format.
    public static func officialHosts(for format: EndpointFormat) -> Set<String> {
        switch format {
        case .standard: []
        case .wecom: ["qyapi.weixin.qq.com"]
        case .dingtalk: ["oapi.dingtalk.com"]
        case .feishu: ["open.feishu.cn", "open.larksuite.com"]
        }
    }

    /// Checks `string` for `format`; returns the parsed components on success.
    public static func validate(_ string: String, format: EndpointFormat) throws(EndpointValidationError) -> URLComponents {
        guard string.utf8.count <= maxURLLength else {
            throw EndpointValidationError(.urlTooLong, field: "url", detail: "at most \(maxURLLength) bytes")
        }
        guard let components = URLComponents(string: string), let scheme = components.scheme?.lowercased(),
              let host = components.host?.lowercased(), !host.isEmpty
        else {
            throw EndpointValidationError(.urlInvalid, field: "url", detail: "not an absolute URL with a host")
        }
        guard components.user == nil, components.password == nil else {
            throw EndpointValidationError(.urlHasCredentials, field: "url", detail: "credentials in URLs are not allowed")
        }
        if let port = components.port, !(1...65_535).contains(port) {
            throw EndpointValidationError(.urlInvalid, field: "url", detail: "port \(port) is not between 1 and 65535")
        }
        if isNonCanonicalNumericHost(host) {
            throw EndpointValidationError(
                .urlInvalid, field: "url", detail: "\(host) is an IPv4 address written in another form; write it as four numbers, e.g. 203.0.113.7")
        }
        let allowedSchemes: Set<String> = format.isChat ? ["https"] : ["http", "https"]
        guard allowedSchemes.contains(scheme) else {
            throw EndpointValidationError(.schemeNotAllowed, field: "url",
                                          detail: "scheme must be \(allowedSchemes.sorted().joined(separator: " or "))")
        }
        guard format.isChat else { return components }
        // Signing appends `&timestamp=…&sign=…` (DingTalk) to the URL: after a fragment they
        // would never be sent, and beside parameters of those names the robot reads the wrong
        // ones, so every message of a signed robot was refused (session 27 review).
        guard components.fragment == nil else {
            throw EndpointValidationError(.urlInvalid, field: "url", detail: "a chat robot's URL has no #fragment")
        }
        if let reserved = components.queryItems?.first(where: { ["timestamp", "sign"].contains($0.name) }) {
            throw EndpointValidationError(
                .urlInvalid, field: "url", detail: "the \(reserved.name) parameter is added when signing; leave it out of the URL")
        }
        guard officialHosts(for: format).contains(host), components.port == nil || components.port == 443 else {
            throw EndpointValidationError(.chatHostNotOfficial, field: "url",
                                          detail: "\(format.rawValue) robots live on \(officialHosts(for: format).sorted().joined(separator: ", "))")
        }
        guard robotKey(in: components, format: format) != nil else {
            let expected = switch format {
            case .wecom: "key query parameter"
            case .dingtalk: "access_token query parameter"
            default: "hook token in the path"
            }
            let code: EndpointValidationError.Code = format == .feishu ? .chatPathInvalid : .chatKeyMissing
            throw EndpointValidationError(code, field: "url", detail: "missing the robot's \(expected)")
        }
        return components
    }

    /// Refuses a URL whose host is an address literal (or `localhost`) the SSRF policy would
    /// refuse at every delivery. Such an endpoint was accepted and then failed every message
    /// (`transport.address_refused`) until it was disabled days later; names are still judged
    /// only when delivering, on the address they resolve to then.
    public static func checkAddress(_ string: String, policy: AddressPolicy) throws(EndpointValidationError) {
        guard var host = URLComponents(string: string)?.host?.lowercased(), !host.isEmpty else { return }
        if host.hasSuffix("."), host.count > 1 { host.removeLast() }  // `169.254.169.254.` is that address
        let address = host == "localhost" || host.hasSuffix(".localhost") ? IPAddress("127.0.0.1") : IPAddress(host)
        guard let address, case .refused(let category) = policy.evaluate(address) else { return }
        throw EndpointValidationError(
            .addressNotAllowed, field: "url",
            detail: "\(host) is a \(category.rawValue) address; webhooks reach only public addresses unless webhooks.allow_private_cidrs lists it")
    }

    /// Whether `host` is an IPv4 address in one of the forms resolvers still take besides the
    /// dotted quad: one number (`2852039166`), hexadecimal or octal parts (`0xa9fea9fe`,
    /// `0251.0376.0251.0376`), or fewer than four parts (`127.1`). They were accepted as names, so
    /// the address check at registration never saw 169.254.169.254 in `http://2852039166/`
    /// (session 30 walk; delivery still refused it, on the address dialled). No DNS name ends in
    /// a numeric label, so nothing real is refused.
    static func isNonCanonicalNumericHost(_ host: String) -> Bool {
        // A trailing dot (the root) changes nothing: `127.1.` is `127.1`.
        let labels = (host.hasSuffix(".") ? host.dropLast() : Substring(host)).split(separator: ".", omittingEmptySubsequences: false)
        guard let last = labels.last, !last.isEmpty, last.allSatisfy({ $0.isASCII && ($0.isHexDigit || $0 == "x") }),
            last.first?.isNumber == true
        else { return false }
        let canonical = labels.count == 4 && labels.allSatisfy { label in
            guard let value = Int(label), (0...255).contains(value) else { return false }
            return String(value) == label
        }
        return !canonical
    }

    /// The robot's key: what rate limits are counted per, and what must never be logged.
    /// WeCom `key`, DingTalk `access_token`, Feishu the token after `/open-apis/bot/v2/hook/`.
    public static func robotKey(in components: URLComponents, format: EndpointFormat) -> String? {
        func query(_ name: String) -> String? {
            components.queryItems?.first { $0.name == name }?.value.flatMap { $0.isEmpty ? nil : $0 }
        }
        switch format {
        case .standard:
            return nil
        case .wecom:
            return components.path == "/cgi-bin/webhook/send" ? query("key") : nil
        case .dingtalk:
            return components.path == "/robot/send" ? query("access_token") : nil
        case .feishu:
            let prefix = "/open-apis/bot/v2/hook/"
            guard components.path.hasPrefix(prefix) else { return nil }
            let token = components.path.dropFirst(prefix.count)
            return token.isEmpty || token.contains("/") ? nil : String(token)
        }
    }
}
