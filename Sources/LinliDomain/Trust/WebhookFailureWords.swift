import Foundation

/// Why a webhook delivery failed, in words an organizer can act on, from the failure's stable
/// code (`FailureReason.code`: `http.410`, `transport.timeout`, `wecom.93000`…).
///
/// Why: the failure's detail is the transport's or the receiver's English ("receiver answered 410
/// Gone"), and an organizer told in Chinese that her group robot stopped needs to know whether it
/// was removed from the group, the address is wrong, or the receiver is down for a while.
public enum WebhookFailureWords {
    /// - Parameter detail: the failure's detail, shown beside the words where only it says what
    ///   went wrong (a robot's own error message).
    public static func text(code: String, detail: String, in language: Language) -> String {
        let zh = language == .zhCN
        let parts = code.split(separator: ".", maxSplits: 1).map(String.init)
        let family = parts.first ?? code, rest = parts.count > 1 ? parts[1] : ""
        switch (family, rest) {
        case ("http", "410"): return zh ? "接收方回复 410，表示这个地址已不再使用" : "the receiver answered 410: the address is no longer in use"
        case ("http", "413"): return zh ? "接收方拒收：消息太大" : "the receiver refused the message as too large"
        case ("http", "302"), ("http", "303"), ("http", "307"):
            return zh ? "接收方暂时转到别的地址（出于安全不会跟随），稍后重试" : "the receiver redirected elsewhere for now (not followed, for safety); tried again later"
        case ("http", "redirect"):
            return zh ? "接收方要求转到别的地址（出于安全不会跟随），请改用新地址" : "the receiver redirected elsewhere (not followed, for safety): use the new address"
        case ("http", "429"): return zh ? "接收方限流（HTTP 429），发送太频繁" : "the receiver is rate-limiting (HTTP 429)"
        case ("http", "401"), ("http", "403"):
            return zh ? "接收方拒绝（HTTP \(rest)），可能是密钥或签名不对" : "the receiver refused it (HTTP \(rest)): perhaps the secret or signature is wrong"
        case ("http", let status) where status.hasPrefix("5"):
            return zh ? "接收方服务器出错（HTTP \(status)）" : "the receiver's server failed (HTTP \(status))"
        case ("http", let status): return zh ? "接收方拒绝（HTTP \(status)）" : "the receiver refused it (HTTP \(status))"
        case ("transport", "timeout"): return zh ? "连接超时，接收方没有及时回应" : "timed out: the receiver did not answer in time"
        case ("transport", "queue_timeout"):
            return zh ? "同一服务器的连接一直被占满，消息没能发出（接收方主机太慢）" : "never sent: every connection to the receiver's host stayed busy (the host is slow)"
        case ("transport", "dns_failed"): return zh ? "域名无法解析，请检查地址" : "the host name does not resolve: check the address"
        case ("transport", "connect_failed"): return zh ? "无法连接到接收方" : "could not connect to the receiver"
        case ("transport", "tls_failed"): return zh ? "加密连接（HTTPS 证书）失败" : "the secure connection (HTTPS certificate) failed"
        case ("transport", "address_refused"):
            return zh ? "地址指向内网或本机，按安全设置不允许推送" : "the address is a private or local one, which the safety settings refuse"
        case ("transport", "protocol_refused"): return zh ? "地址只能以 http 或 https 开头" : "the address must start with http or https"
        case ("transport", "connection_lost"): return zh ? "连接中途断开" : "the connection broke"
        case ("transport", "no_response"): return zh ? "接收方没有回复" : "the receiver gave no answer"
        case ("endpoint", "failing_too_long"):
            return zh ? "连续多天没有一次成功送达" : "not one message got through for days"
        case ("chat", "response_unrecognised"): return zh ? "群机器人的回复无法识别" : "the group robot's answer was not understood"
        case ("wecom", _), ("dingtalk", _), ("feishu", _):
            let platform = zh
                ? ["wecom": "企业微信", "dingtalk": "钉钉", "feishu": "飞书"][family] ?? family
                : ["wecom": "WeCom", "dingtalk": "DingTalk", "feishu": "Feishu"][family] ?? family
            return zh ? "\(platform)群机器人返回错误 \(rest)：\(detail)" : "the \(platform) group robot answered error \(rest): \(detail)"
        case ("render", _): return zh ? "消息模板生成不了内容" : "the message template produced nothing to send"
        default: return detail.isEmpty ? code : "\(code): \(detail)"
        }
    }
}
