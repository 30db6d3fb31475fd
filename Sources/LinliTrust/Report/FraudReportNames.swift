import Foundation
import LinliDomain

/// Who a fraud report's ids are, for the Markdown a moderator reads: the community's name and the
/// display names of the members and moderators it lists.
///
/// Why: the report opened with "反作弊周报 — cmt_01KDVDNA…" and listed flagged accounts and the
/// moderators' workload by `mem_…` alone, so reading it meant looking every id up (helper 145
/// #9). The ids stay beside the names: two neighbours may share a name. The JSON keeps ids only,
/// for programs.
public struct FraudReportNames: Sendable, Equatable {
    public var community: String?
    public var members: [MemberID: String]

    public init(community: String? = nil, members: [MemberID: String] = [:]) {
        self.community = community
        self.members = members
    }

    /// "王秀英（mem_…）" (or "王秀英 (mem_…)" in English), or the bare id when the name is unknown.
    func named(_ member: MemberID, zh: Bool) -> String {
        guard let name = members[member] else { return member.rawValue }
        return zh ? "\(Self.escaped(name))（\(member)）" : "\(Self.escaped(name)) (\(member))"
    }

    /// A name as Markdown text, not markup: a display name may hold `[点此核实](http://…)`, a
    /// `|` that splits the moderators' table, or a line break that starts a heading of its own,
    /// and the accounts this report lists are the ones suspected of fraud (helper 147 #5).
    static func escaped(_ name: String) -> String {
        var out = ""
        for character in name {
            switch character {
            case "\n", "\r", "\r\n": out.append(" ")
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "#", "!", "(", ")", "~": out += "\\" + String(character)
            default: out.append(character)
            }
        }
        // Nor a bare address that renderers turn into a link ("核实请点 http://x.cn", "www.x.cn";
        // helper 148 #7): the escaped colon and dot keep it text.
        return out.replacingOccurrences(of: "://", with: "\\://").replacingOccurrences(of: "(?i)(www)\\.", with: "$1\\\\.", options: .regularExpression)
    }
}
