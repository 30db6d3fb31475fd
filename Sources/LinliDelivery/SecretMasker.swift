import Foundation

/// Masks secrets before anything is logged, answered by the API or stored in an attempt record.
///
/// Robot keys live inside URLs (WeCom `key=`, DingTalk `access_token=` and `sign=`, the Feishu
/// hook path), so masking a URL is as important as masking a `whsec_` secret; every place that
/// prints a URL goes through `maskURL`.
public enum SecretMasker {
    /// Words that, as a whole part of a query parameter's name (split at `_`, `-`, `.`), make its
    /// value a credential: `key`, `sign`, `code` (an Azure Functions key), `sig` (a SAS signature)
    /// and the like.
    static let sensitiveNameParts: Set<String> = [
        "key", "sign", "sig", "code", "auth", "pwd", "pass", "passwd", "jwt", "session", "hmac", "ticket",
    ]

    /// Text that anywhere in a parameter's name makes its value a credential: `client_secret`,
    /// `auth_token`, `X-Amz-Signature`, `accessToken`, `AccessKeyId`, `apikey`.
    static let sensitiveNameFragments = [
        "token", "secret", "password", "passphrase", "signature", "apikey", "accesskey", "credential", "privatekey", "authoriz",
    ]

    /// Whether a query parameter's value is a credential, judged by its name. Broad on purpose
    /// (session 32 walk: `client_secret`, `auth_token`, `code`, `X-Amz-Signature` were shown in
    /// full): hiding an ordinary value costs a reader a few characters, showing a key gives the
    /// group chat's robot away.
    public static func isSensitiveQueryName(_ name: String) -> Bool {
        let lowered = name.lowercased()
        if sensitiveNameFragments.contains(where: lowered.contains) { return true }
        return lowered.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).contains { sensitiveNameParts.contains(String($0)) }
    }

    /// The path before a Feishu robot's token, which is as secret as a query key.
    static let feishuHookPrefix = "/open-apis/bot/v2/hook/"

    /// What every masked value contains. No robot key, token or phone number does, so a value
    /// holding it was copied from a masked answer (`WebhookEndpoint.validationErrors`).
    public static let maskMark = "****"

    /// Keeps the first four characters of long values (enough to tell two keys apart in a log:
    /// 16 bits of a 128-bit robot key), hides values under 20 characters entirely, where four
    /// characters would be a fifth of the secret or more.
    public static func mask(_ secret: String) -> String {
        secret.count >= 20 ? String(secret.prefix(4)) + maskMark : maskMark
    }

    /// The URL with credential query values, the Feishu hook token and any userinfo masked.
    public static func maskURL(_ string: String) -> String {
        guard var components = URLComponents(string: string) else { return mask(string) }
        if components.user != nil { components.user = "****" }
        if components.password != nil { components.password = "****" }
        if let items = components.queryItems {
            components.percentEncodedQuery = items.map { item in
                let name = item.name.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? item.name
                guard let value = item.value else { return name }
                if isSensitiveQueryName(item.name) { return name + "=" + mask(value) }
                return name + "=" + (value.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? value)
            }.joined(separator: "&")
        }
        if components.path.hasPrefix(feishuHookPrefix) {
            components.path = feishuHookPrefix + mask(String(components.path.dropFirst(feishuHookPrefix.count)))
        }
        return components.string ?? mask(string)
    }

    /// The secrets an endpoint's URL itself carries: user and password, the values of query
    /// parameters named like secrets (`?token=…`), and a Feishu hook's token: what `maskURL`
    /// hides when the URL is shown, to be scrubbed as well from text a receiver sends back (an
    /// error page that echoes the request's URL).
    public static func secrets(inURL string: String) -> [String] {
        guard let components = URLComponents(string: string) else { return [] }
        var found = [components.user, components.password].compactMap { $0 }
        for item in components.queryItems ?? [] where isSensitiveQueryName(item.name) {
            if let value = item.value { found.append(value) }
        }
        if components.path.hasPrefix(feishuHookPrefix) { found.append(String(components.path.dropFirst(feishuHookPrefix.count))) }
        return found.filter { !$0.isEmpty }
    }

    /// Replaces every occurrence of each known secret in free text (response excerpts, curl
    /// error messages) with its masked form. Secrets shorter than 6 characters are skipped: they
    /// would match ordinary words and are not worth hiding.
    public static func scrub(_ text: String, knownSecrets: [String]) -> String {
        // Most responses have no body: nothing to scan (this runs for every delivery attempt).
        guard !text.isEmpty else { return text }
        var result = text
        for secret in knownSecrets where secret.count >= 6 {
            result = result.replacingOccurrences(of: secret, with: mask(secret))
        }
        return result
    }
}
