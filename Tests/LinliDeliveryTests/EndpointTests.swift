import Foundation
import Testing
@testable import LinliDelivery

@Suite("Endpoint validation, filters and masking")
struct EndpointTests {
    static func endpoint(_ url: String, _ format: EndpointFormat, chat: ChatOptions = ChatOptions()) throws -> WebhookEndpoint {
        var generator = SeededRandomNumberGenerator(seed: 3)
        return WebhookEndpoint(id: "ep_1", communityID: "com_1", url: url, format: format, events: try EventTypeFilter(["*"]),
                               secrets: format == .standard ? [WebhookSecret.generate(using: &generator)] : [], chat: chat)
    }

    @Test("valid endpoints", arguments: [
        ("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa", EndpointFormat.wecom),
        ("https://oapi.dingtalk.com/robot/send?access_token=abcdef123456", .dingtalk),
        ("https://open.feishu.cn/open-apis/bot/v2/hook/2d5c-4b7e-token", .feishu),
        ("https://open.larksuite.com/open-apis/bot/v2/hook/2d5c-4b7e-token", .feishu),
        ("https://hooks.example.com/linli", .standard),
        ("http://receiver.internal:8080/hook", .standard),
        ("http://203.0.113.7:8080/hook", .standard), ("http://[2001:db8::1]/hook", .standard), ("http://9to5.example/hook", .standard),
        ("http://hooks.example.com./hook", .standard), ("http://203.0.113.7./hook", .standard),
    ])
    func valid(_ url: String, _ format: EndpointFormat) throws {
        #expect(try Self.endpoint(url, format).validationErrors().isEmpty)
    }

    @Test("invalid endpoints carry stable codes", arguments: [
        ("http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", EndpointFormat.wecom, EndpointValidationError.Code.schemeNotAllowed),
        ("https://qyapi.weixin.qq.com.evil.cn/cgi-bin/webhook/send?key=k", .wecom, .chatHostNotOfficial),
        ("https://evil.example/cgi-bin/webhook/send?key=k", .wecom, .chatHostNotOfficial),
        ("https://qyapi.weixin.qq.com:8443/cgi-bin/webhook/send?key=k", .wecom, .chatHostNotOfficial),
        ("https://qyapi.weixin.qq.com/cgi-bin/webhook/send", .wecom, .chatKeyMissing),
        ("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=", .wecom, .chatKeyMissing),
        ("https://oapi.dingtalk.com/robot/send?token=x", .dingtalk, .chatKeyMissing),
        ("https://open.feishu.cn/open-apis/bot/v2/hook/", .feishu, .chatPathInvalid),
        ("https://open.feishu.cn/other/path", .feishu, .chatPathInvalid),
        ("ftp://hooks.example.com/x", .standard, .schemeNotAllowed),
        ("file:///etc/passwd", .standard, .urlInvalid),
        ("https://user:pw@hooks.example.com/x", .standard, .urlHasCredentials),
        ("not a url", .standard, .urlInvalid),
        // Signing appends timestamp and sign: not after a fragment, not beside parameters of those names.
        ("https://oapi.dingtalk.com/robot/send?access_token=t#x", .dingtalk, .urlInvalid),
        ("https://oapi.dingtalk.com/robot/send?access_token=t&sign=old", .dingtalk, .urlInvalid),
        ("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k&timestamp=1", .wecom, .urlInvalid),
        // Session 30 walk: 169.254.169.254 written as one number or in hex passed the address
        // check at registration; a port past 65535 was accepted and failed every delivery.
        ("http://2852039166/x", .standard, .urlInvalid), ("http://0xa9fea9fe/x", .standard, .urlInvalid),
        ("http://0251.0376.0251.0376/x", .standard, .urlInvalid), ("http://127.1/x", .standard, .urlInvalid),
        ("http://0x7f.0.0.1/x", .standard, .urlInvalid), ("http://hooks.example.com:99999/x", .standard, .urlInvalid),
        ("http://2852039166./x", .standard, .urlInvalid), ("http://127.1./x", .standard, .urlInvalid),
    ])
    func invalid(_ url: String, _ format: EndpointFormat, _ code: EndpointValidationError.Code) throws {
        #expect(try Self.endpoint(url, format).validationErrors().map(\.code) == [code])
    }

    @Test func chatStyleAndTemplateValidation() throws {
        let url = "https://open.feishu.cn/open-apis/bot/v2/hook/tok-123"
        let bad = try Self.endpoint(url, .feishu, chat: ChatOptions(style: .news, templates: [
            "listing.published": "{{#data.title}}unclosed", "listing.*": "x", "listing.withdrawn": " \n ",
        ]))
        let errors = bad.validationErrors()
        #expect(errors.map(\.code) == [.templateInvalid, .templateInvalid, .templateInvalid, .templateInvalid])
        #expect(errors.map(\.field) == [
            "chat/style", "chat/templates/listing.*", "chat/templates/listing.published", "chat/templates/listing.withdrawn",
        ])
        #expect(errors.last?.detail.contains("empty") == true, "a text that says nothing is refused when saved")
        // Where in her own text and why, not the library's dump with its prefix (helper 134).
        #expect(errors[2].detail == "line 1, column 24: a section opened with {{#name}} or {{^name}} is never closed with {{/name}}")
    }

    @Test(arguments: [
        ("第一行\n{{#data.title}}x{{/data.place}}", "line 2, column 20: a section is closed with another name than it was opened with ({{#name}}…{{/name}})"),
        ("{{data.title", "line 1, column 13: a tag is not finished: each {{ needs its }}"),
        ("新发布：{{data.title}", "line 1, column 17: a tag is not finished: each {{ needs its }}"),
        ("{{=<% %>}}", "line 1, column 7: a delimiter change {{=<% %>=}} is malformed"),
    ])
    func aTemplateErrorSaysWhereInHerTextAndWhy(_ source: String, _ expected: String) {
        do {
            _ = try MessageTemplates.compile(source)
            Issue.record("\(source) compiled")
        } catch {
            #expect(MessageTemplates.explain(error) == expected)
        }
    }

    /// Text that reaches organizers and chat messages: no control characters in the description;
    /// a robot signing secret is 1–256 printable ASCII characters.
    @Test func descriptionAndSigningSecretValidation() throws {
        let url = "https://oapi.dingtalk.com/robot/send?access_token=abcdef123456"
        var withNul = try Self.endpoint(url, .dingtalk)
        withNul.description = "楼栋群\u{0}"
        #expect(withNul.validationErrors().map(\.code) == [.descriptionInvalid])
        // Nor a direction override that shows it backwards (session 32 walk, helper 107).
        // Nor a line or paragraph separator: a description is one line (helper 186 #3).
        for override in ["\u{202E}evil", "群\u{2066}x\u{2069}", "\u{202A}", "三号楼\u{2028}群", "群\u{2029}", "群\n二"] {
            withNul.description = override
            #expect(withNul.validationErrors().map(\.code) == [.descriptionInvalid])
        }
        withNul.description = "楼栋群（三号楼）👨\u{200D}👩\u{200D}👧"
        #expect(withNul.validationErrors().isEmpty, "a family emoji's joiners are no direction control")
        let secret = "SEC" + String(repeating: "a1", count: 32)
        #expect(try Self.endpoint(url, .dingtalk, chat: ChatOptions(signingSecret: secret)).validationErrors().isEmpty)
        for bad in ["", "SEC with space", "SEC\u{0}", "密钥", String(repeating: "a", count: 257)] {
            let errors = try Self.endpoint(url, .dingtalk, chat: ChatOptions(signingSecret: bad)).validationErrors()
            #expect(errors.map(\.code) == [.secretInvalid] && errors.map(\.field) == ["chat/signing_secret"], "\(bad.prefix(10))")
        }
    }

    @Test func eventFilterWildcards() throws {
        let filter = try EventTypeFilter(["listing.*", "exchange.accepted"])
        #expect(filter.matches("listing.published"))
        #expect(filter.matches("listing.review.approved"))
        #expect(filter.matches("exchange.accepted"))
        #expect(!filter.matches("exchange.completed"))
        #expect(!filter.matches("listingx.published"))
        #expect(try EventTypeFilter(["*"]).matches("anything.at_all"))
        for bad in ["listing*", "Listing.published", "listing..x", ".x", "a.*.b", "*.*"] {
            #expect(throws: EndpointValidationError.self, "\(bad)") { try EventTypeFilter([bad]) }
        }
        #expect(throws: EndpointValidationError(.eventFilterEmpty, field: "events", detail: "subscribe to at least one event type")) {
            try EventTypeFilter([])
        }
    }

    @Test func anEndpointNeverReceivesItsOwnFailingEvent() throws {
        let endpoint = try Self.endpoint("https://hooks.example.com/a", .standard)
        var other = endpoint
        other.id = "ep_2"
        let event = OutboundEvent.endpointFailing(id: "msg_x", endpoint: endpoint,
                                                  reason: FailureReason(code: "http.500", detail: "HTTP 500"),
                                                  messageID: nil, disabled: false, at: .now)
        #expect(!endpoint.subscribes(to: event))
        #expect(other.subscribes(to: event))
        other.enabled = false
        #expect(other.subscribes(to: event), "a disabled endpoint's messages are kept, cancelled, for recover")
    }

    @Test func masking() throws {
        #expect(SecretMasker.maskURL("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0")
            == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a****")
        #expect(SecretMasker.maskURL("https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1&sign=xyz%3D")
            == "https://oapi.dingtalk.com/robot/send?access_token=****&timestamp=1&sign=****")
        #expect(SecretMasker.maskURL("https://open.feishu.cn/open-apis/bot/v2/hook/2d5c0000-1111-2222-3333-444455556666")
            == "https://open.feishu.cn/open-apis/bot/v2/hook/2d5c****")
        #expect(SecretMasker.maskURL("https://u:p@hooks.example.com/x?page=2") == "https://****:****@hooks.example.com/x?page=2")
        #expect(SecretMasker.scrub("bad key 693a91f6-7xxx-4bc4-97a0 in request", knownSecrets: ["693a91f6-7xxx-4bc4-97a0"])
            == "bad key 693a**** in request")
        // Under 20 characters four would be a fifth of the secret or more: nothing shows.
        #expect(SecretMasker.mask("SECabcdef123456") == "****")
        #expect(SecretMasker.mask("SEC0123456789abcdef0") == "SEC0****")
        let endpoint = try Self.endpoint("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=secretkey-123456", .wecom)
        #expect(!endpoint.maskedURL.contains("secretkey"))
        #expect(endpoint.robotKey == "secretkey-123456")
    }
}

/// Query parameters named like credentials are masked however the service names them (session
/// 32 walk: `client_secret`, `auth_token`, an Azure Functions `code` and an S3 signature were
/// shown in full in answers, the attempt log and `endpoint.failing`).
@Suite struct SecretQueryNameTests {
    @Test(arguments: [
        ("key", true), ("access_token", true), ("sign", true), ("client_secret", true), ("auth_token", true), ("code", true),
        ("X-Amz-Signature", true), ("sig", true), ("accessToken", true), ("AccessKeyId", true), ("api-key", true),
        ("Ocp-Apim-Subscription-Key", true), ("password", true), ("apikey", true), ("authorization", true), ("pass", true),
        ("passphrase", true), ("timestamp", false), ("page", false),
        ("channel", false), ("lang", false), ("monkey", false), ("signal", false), ("community", false),
    ])
    func judgedByName(name: String, sensitive: Bool) {
        #expect(SecretMasker.isSensitiveQueryName(name) == sensitive)
        let url = "https://hooks.example.com/x?\(name)=Value0123456789abcdefXYZ&page=2"
        #expect(SecretMasker.maskURL(url).contains("Value0123456789abcdefXYZ") == !sensitive, "\(SecretMasker.maskURL(url))")
        #expect(SecretMasker.secrets(inURL: url) == (sensitive ? ["Value0123456789abcdefXYZ"] : []))
    }
}

/// The registration-time address check names the class of the refused address.
@Suite struct EndpointAddressCheckTests {
    @Test(arguments: [
        ("http://127.0.0.1:8080/hook", "loopback"), ("http://localhost/x", "loopback"), ("http://api.localhost/x", "loopback"),
        ("http://10.1.2.3/hook", "private"), ("http://169.254.169.254/latest", "link_local"), ("http://[fd00::1]/x", "unique_local"),
        ("http://100.64.0.1/x", "shared_address_space"),
    ])
    func refusedLiteralsNameTheirClass(url: String, category: String) {
        #expect(throws: EndpointValidationError.self) { try EndpointURLRules.checkAddress(url, policy: AddressPolicy()) }
        do { try EndpointURLRules.checkAddress(url, policy: AddressPolicy()) } catch {
            #expect(error.code == .addressNotAllowed && error.field == "url" && error.detail.contains(category), "\(error)")
        }
    }

    @Test(arguments: ["https://hooks.example.org/x", "http://93.184.216.34/x", "https://[2001:4860::8888]/x", "not a url"])
    func namesPublicLiteralsAndJunkPass(url: String) throws {
        try EndpointURLRules.checkAddress(url, policy: AddressPolicy())
    }

    @Test func theAllowListAdmitsItsNetworks() throws {
        try EndpointURLRules.checkAddress("http://127.0.0.1:9/x", policy: try AddressPolicy(allowing: ["127.0.0.0/8"]))
    }
}

/// A filter naming a type Linli never sends was accepted and then silently never matched
/// (`listing.publishd`, `exchanges.*`; session-17 webhook walk).
@Suite struct EndpointEventCatalogTests {
    static func errors(_ events: [String], format: EndpointFormat = .standard, templates: [String: String] = [:]) throws -> [String] {
        let url = format == .standard ? "https://hooks.example.org/x" : RenderingTests.wecomURL
        let endpoint = try RenderingTests.endpoint(format, url, chat: ChatOptions(templates: templates))
        var changed = endpoint
        changed.events = try EventTypeFilter(events)
        return changed.validationErrors().map { "\($0.code.rawValue) \($0.field)" }
    }

    @Test func unknownTypesAndWildcardsMatchingNothingAreRefused() throws {
        #expect(try Self.errors(["listing.published", "listing.publishd", "exchanges.*", "exchange.*", "*"])
            == ["endpoint.event_unknown events/1", "endpoint.event_unknown events/2"])
        // On a chat endpoint the unknown type is named as such, not as "no chat text".
        #expect(try Self.errors(["listing.publishd"], format: .wecom) == ["endpoint.event_unknown events/0"])
        #expect(try Self.errors(["listing.published"], format: .wecom, templates: ["listing.publishd": "x"])
            == ["endpoint.template_invalid chat/templates/listing.publishd"])
    }

    /// The README lists the types a consumer can subscribe to; it must list exactly these.
    @Test func theReadmeListsEveryType() throws {
        let listed = try Self.readmeTypes(between: "event-types")
        #expect(listed == OutboundEventCatalog.types, "missing: \(OutboundEventCatalog.types.subtracting(listed).sorted()); extra: \(listed.subtracting(OutboundEventCatalog.types).sorted())")
    }

    /// The README names the types that never reach a group; it must name exactly these.
    @Test func theReadmeListsEveryMemberPrivateType() throws {
        let listed = try Self.readmeTypes(between: "member-private-types")
        let expected = MessageTemplates.memberPrivateTypes
        #expect(listed == expected, "missing: \(expected.subtracting(listed).sorted()); extra: \(listed.subtracting(expected).sorted())")
    }

    /// The backticked event types between `<!-- marker -->` and `<!-- /marker -->` in the README.
    static func readmeTypes(between marker: String) throws -> Set<String> {
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "<!-- \(marker) -->"))
        let end = try #require(readme.range(of: "<!-- /\(marker) -->"))
        return Set(readme[start.upperBound..<end.lowerBound].matches(of: /`([a-z_]+\.[a-z_]+)`/).map { String($0.1) })
    }
}
