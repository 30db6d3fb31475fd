import LinliDomain
import Testing

/// The organizer told that a webhook failed reads why in her language, from the failure's code.
@Suite struct WebhookFailureWordsTests {
    @Test(arguments: [
        ("http.410", "", "接收方回复 410，表示这个地址已不再使用", "the receiver answered 410"),
        ("http.503", "HTTP 503", "接收方服务器出错（HTTP 503）", "server failed (HTTP 503)"),
        ("http.404", "HTTP 404", "接收方拒绝（HTTP 404）", "refused it (HTTP 404)"),
        ("http.403", "HTTP 403", "可能是密钥或签名不对", "secret or signature"),
        ("http.429", "HTTP 429", "限流", "rate-limiting"),
        ("http.413", "receiver refused the body size", "消息太大", "too large"),
        ("http.redirect", "HTTP 301", "转到别的地址", "redirected"),
        ("transport.timeout", "Operation timed out", "连接超时", "timed out"),
        ("transport.queue_timeout", "waited too long for a free connection to the host; nothing was sent", "没能发出", "never sent"),
        ("http.307", "HTTP 307 (a temporary redirect, not followed)", "暂时转到别的地址", "for now"),
        ("transport.dns_failed", "Could not resolve host", "域名无法解析", "does not resolve"),
        ("transport.connect_failed", "Connection refused", "无法连接", "could not connect"),
        ("transport.tls_failed", "SSL", "HTTPS 证书", "certificate"),
        ("transport.address_refused", "10.0.0.1", "内网或本机", "private or local"),
        ("transport.connection_lost", "", "断开", "broke"),
        ("transport.no_response", "no HTTP status", "没有回复", "no answer"),
        ("endpoint.failing_too_long", "no successful delivery for 5 days", "连续多天", "for days"),
        ("wecom.93000", "invalid webhook url", "企业微信群机器人返回错误 93000：invalid webhook url", "WeCom group robot answered error 93000"),
        ("dingtalk.310000", "sign not match", "钉钉群机器人返回错误 310000", "DingTalk"),
        ("feishu.19021", "sign match fail", "飞书群机器人返回错误 19021", "Feishu"),
        ("chat.response_unrecognised", "<html>", "无法识别", "not understood"),
        ("render.template_empty", "", "模板", "template"),
    ])
    func eachFailureInWords(code: String, detail: String, zh: String, en: String) {
        let chinese = WebhookFailureWords.text(code: code, detail: detail, in: .zhCN)
        let english = WebhookFailureWords.text(code: code, detail: detail, in: .en)
        #expect(chinese.contains(zh), "\(chinese)")
        #expect(english.contains(en), "\(english)")
        if !code.hasPrefix("wecom"), !code.hasPrefix("dingtalk"), !code.hasPrefix("feishu") {
            #expect(!chinese.contains(detail) || detail.isEmpty || detail.hasPrefix("HTTP"), "the Chinese words do not repeat the English detail")
        }
    }

    @Test func anUnknownCodeIsShownWithItsDetail() {
        #expect(WebhookFailureWords.text(code: "mystery.x", detail: "odd", in: .zhCN) == "mystery.x: odd")
        #expect(WebhookFailureWords.text(code: "mystery.x", detail: "", in: .en) == "mystery.x")
    }
}
