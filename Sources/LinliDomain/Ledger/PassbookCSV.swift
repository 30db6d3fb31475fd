import Foundation

/// A member's statement laid out as a time bank's passbook, to print for a resident who keeps her
/// points on paper (`GET /v1/members/{id}/statement?format=passbook`): the date to the minute in
/// the community's time, what the line is in words, the reason, points in and out in separate
/// columns, the balance after, and who the points went to or came from by name.
///
/// Why beside `format=csv`: that export is for spreadsheets and programs (ids, ISO times with
/// milliseconds, signed amounts, `member:mem_…` counterparties, English column names), and a
/// station printing it for an elder handed her a page she could not read (helper 144 #13).
public enum PassbookCSV {
    public static func header(_ language: Language) -> [String] {
        switch language {
        case .zhCN: ["日期", "摘要", "说明", "收入", "支出", "余额", "对方"]
        case .en: ["Date", "Entry", "Note", "In", "Out", "Balance", "With"]
        }
    }

    /// `parties`: who the lines' members are, and the other side of each exchange they name.
    public static func render(
        _ entries: [StatementEntry], parties: PassbookParties, timeZoneID: String, language: Language
    ) -> String {
        var out = SpreadsheetCSV.byteOrderMark + SpreadsheetCSV.line(header(language))
        func name(_ id: MemberID) -> String { parties.names[id] ?? id.rawValue }
        let neighbour = language == .zhCN ? "邻居" : "a neighbour"
        for entry in entries {
            let closed = entry.reference.map(parties.closed.contains) ?? false
            // A payment of an exchange goes through the points held for it: its other side is
            // whom she paid or was paid by. Not a no-show penalty or a refund, which name the
            // exchange too but went to the community or came back to her (helper 147 #1).
            let other = Self.isBetweenTheSides(entry) ? entry.reference.flatMap { parties.others[$0] } : nil
            let with = other.map { [name($0)] } ?? entry.counterparties.map { party -> String in
                switch party {
                case .member(let id): closed ? neighbour : name(id)
                case .system(let kind): accountName(kind, language)
                }
            }
            out += SpreadsheetCSV.line([
                EventLocalTime.text(entry.createdAt.date, timeZoneID: timeZoneID), entry.label(in: language), SpreadsheetCSV.text(entry.reason),
                entry.amount > 0 ? String(entry.amount) : "", entry.amount < 0 ? String(-entry.amount) : "", String(entry.balanceAfter),
                SpreadsheetCSV.text(with.joined(separator: language == .zhCN ? "、" : ", ")),
            ])
        }
        return out
    }

    /// Whether the line moved points between the exchange's two sides (through the points held
    /// for it): the hold, its payment, a direct payment, a dispute's compensation.
    static func isBetweenTheSides(_ entry: StatementEntry) -> Bool {
        switch entry.kind {
        case .hold, .exchange, .compensation: true
        case .release: !entry.refund
        default: false
        }
    }

    /// The community's own accounts in words: a resident does not know "escrow".
    static func accountName(_ kind: AccountKind, _ language: Language) -> String {
        switch (kind, language) {
        case (.member, .zhCN): "居民"
        case (.member, .en): "a member"
        case (.issuance, .zhCN): "社区发放"
        case (.issuance, .en): "the community (issued)"
        case (.escrow, .zhCN): "交换预留"
        case (.escrow, .en): "held for the exchange"
        case (.rewards, .zhCN): "社区奖励"
        case (.rewards, .en): "community rewards"
        case (.donations, .zhCN): "捐赠积分池"
        case (.donations, .en): "the donations pool"
        case (.penalties, .zhCN): "扣分"
        case (.penalties, .en): "penalties"
        }
    }
}

/// Who a passbook's lines are with: the display names of the members they name (a member without
/// one is shown by id), and the other side of each exchange a line refers to (`reference` →
/// member), where the reader may know it.
public struct PassbookParties: Sendable, Equatable {
    public var others: [String: MemberID]
    public var names: [MemberID: String]
    /// References of exchanges the reader may not open: a member on their lines reads as "a
    /// neighbour", not by name.
    public var closed: Set<String>

    public init(others: [String: MemberID] = [:], names: [MemberID: String] = [:], closed: Set<String> = []) {
        self.others = others
        self.names = names
        self.closed = closed
    }
}
