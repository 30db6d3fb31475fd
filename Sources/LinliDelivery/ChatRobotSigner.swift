import Crypto
import Foundation

/// The signature schemes of the chat robots that support one ("加签" in their consoles).
///
/// Both are HMAC-SHA256 + base64 but differ in what is key and what is message, which is easy to
/// get backwards; the published vectors in the tests pin each one.
public enum ChatRobotSigner {
    /// DingTalk custom robot: key = secret, message = `timestamp_ms + "\n" + secret`; the base64
    /// result goes URL-encoded into the `sign` query parameter next to `timestamp`.
    public static func dingTalkSign(timestampMilliseconds: Int64, secret: String) -> String {
        let message = Data("\(timestampMilliseconds)\n\(secret)".utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return percentEncode(Data(mac).base64EncodedString())
    }

    /// Feishu / Lark custom bot: key = `timestamp_s + "\n" + secret`, message empty; the base64
    /// result goes in the JSON body as `sign` next to `timestamp` (a string of seconds).
    public static func feishuSign(timestampSeconds: Int64, secret: String) -> String {
        let key = SymmetricKey(data: Data("\(timestampSeconds)\n\(secret)".utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data(), using: key)
        return Data(mac).base64EncodedString()
    }

    /// Query-component encoding: everything except RFC 3986 unreserved characters, so `+`, `/`
    /// and `=` from base64 are escaped (`+` left raw would be read as a space).
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func percentEncode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }
}
