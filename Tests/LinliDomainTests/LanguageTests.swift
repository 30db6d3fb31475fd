import LinliDomain
import Testing

@Suite struct LanguageTests {
    @Test(arguments: [
        (nil, Language.zhCN),
        ("", .zhCN),
        ("en", .en),
        ("en-US,en;q=0.9", .en),
        ("zh-CN,zh;q=0.9,en;q=0.8", .zhCN),
        ("fr-FR", .zhCN),
        ("fr-FR, en;q=0.5", .en),
        ("en;q=0.3, zh-TW;q=0.7", .zhCN),
        ("en;q=0, zh;q=0", .zhCN),
        ("EN-gb", .en),
    ] as [(String?, Language)])
    func negotiation(header: String?, expected: Language) {
        #expect(Language.negotiate(header) == expected)
    }
}
