import Foundation
import Testing
@testable import LinliDomain

/// The byte search answers exactly as Foundation's `contains` for plain text, and anything
/// canonical equivalence could touch goes to Foundation (and still matches its equivalents).
@Suite struct HotwordMatchTests {
    static let cases: [(String, String)] = [
        ("九成新电钻，加微信详聊", "加微信"), ("九成新电钻", "微信"), ("保健品 高回报", "高回报"), ("代购", "代购代购"),
        ("call me: wechat abc", "wechat"), ("abc", "abcd"), ("", "刷单"), ("刷单", ""), ("“刷单”返现", "刷单"),
        ("ｗｅｃｈａｔ 加", "ｗｅｃｈａｔ"), ("a\r\nb", "\r\n"),
        ("cafe\u{301} 咖啡", "café"), ("café", "cafe\u{301}"), ("が", "か"), ("\u{304B}\u{3099}", "が"), ("한국어", "한"),
        ("\u{2000}", "\u{2002}"), ("emoji 😀 here", "😀"),
    ]

    @Test(arguments: cases)
    func answersAsFoundationDoes(text: String, word: String) {
        #expect(HotwordMatch.contains(text, word) == text.contains(word))
    }

    @Test func plainTextIsSearchedByBytes() {
        #expect(HotwordMatch.isPlain("九成新电钻，北门自取 abc “x”"))
        #expect(!HotwordMatch.isPlain("cafe\u{301}"))
        #expect(!HotwordMatch.isPlain("が"))
        #expect(HotwordMatch.contains("cafe\u{301} 咖啡", "café"), "canonically equivalent forms match")
    }
}
