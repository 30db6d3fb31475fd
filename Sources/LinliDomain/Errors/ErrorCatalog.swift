import Foundation

/// Human messages for every stable error code, in zh-CN and en.
///
/// Templates use `{name}` placeholders filled from the error's parameters. Codes are the contract;
/// the wording can improve without breaking clients.
public enum ErrorCatalog {
    /// A localized title and detail.
    public struct Message: Sendable, Equatable {
        public let title: String
        public let detail: String
    }

    struct Entry {
        let zhTitle: String
        let enTitle: String
        let zhDetail: String
        let enDetail: String
    }

    /// Every code: the foundation's below, and each capability's own table (e.g. `ledgerEntries`).
    static let entries: [String: Entry] = foundationEntries.merging(ledgerEntries) { first, _ in first }

    static let foundationEntries: [String: Entry] = [
        "validation_failed": Entry(
            zhTitle: "请求内容有误", enTitle: "Invalid request",
            zhDetail: "请求中有字段不符合要求，请按提示逐项修改。",
            enDetail: "Some fields of the request are invalid; see the errors list."),
        "json.malformed": Entry(
            zhTitle: "JSON 格式错误", enTitle: "Malformed JSON",
            zhDetail: "请求体不是合法的 JSON：{reason}", enDetail: "The request body is not valid JSON: {reason}"),
        "json.not_object": Entry(
            zhTitle: "请求体应为 JSON 对象", enTitle: "JSON object expected",
            zhDetail: "请求体必须是一个 JSON 对象。", enDetail: "The request body must be a JSON object."),
        "body.too_large": Entry(
            zhTitle: "请求体过大", enTitle: "Request body too large",
            zhDetail: "请求体不能超过 {limit} 字节。", enDetail: "The request body must not exceed {limit} bytes."),
        "body.unsupported_media_type": Entry(
            zhTitle: "不支持的内容类型", enTitle: "Unsupported media type",
            zhDetail: "请使用 Content-Type: application/json。", enDetail: "Send Content-Type: application/json."),
        "auth.missing": Entry(
            zhTitle: "需要登录", enTitle: "Authentication required",
            zhDetail: "请在 Authorization 头中提供 Bearer 令牌。",
            enDetail: "Provide a bearer token in the Authorization header."),
        "auth.invalid_token": Entry(
            zhTitle: "令牌无效", enTitle: "Invalid token",
            zhDetail: "令牌不存在、已过期或已被撤销。", enDetail: "The token is unknown, expired or revoked."),
        "auth.member_inactive": Entry(
            zhTitle: "账号不可用", enTitle: "Account not active",
            zhDetail: "该账号已被暂停或封禁。", enDetail: "This account is suspended or banned."),
        "auth.on_behalf_not_allowed": Entry(
            zhTitle: "不能代办", enTitle: "Cannot act on behalf",
            zhDetail: "您没有为该居民代办的授权。", enDetail: "You have no consent to act for this resident."),
        "forbidden": Entry(
            zhTitle: "没有权限", enTitle: "Forbidden",
            zhDetail: "您的角色没有此操作的权限（{permission}）。",
            enDetail: "Your role does not allow this action ({permission})."),
        "version_conflict": Entry(
            zhTitle: "数据已被修改", enTitle: "Version conflict",
            zhDetail: "该记录已被他人修改（当前版本 {current_version}），请刷新后重试。",
            enDetail: "The record was changed by someone else (current version {current_version}); reload and retry."),
        "id.malformed": Entry(
            zhTitle: "编号格式错误", enTitle: "Malformed identifier",
            zhDetail: "“{id}”不是合法的编号。", enDetail: "“{id}” is not a well-formed identifier."),
        "cursor.malformed": Entry(
            zhTitle: "分页游标无效", enTitle: "Invalid cursor",
            zhDetail: "分页游标无效，请从第一页重新开始。", enDetail: "The page cursor is invalid; start again from the first page."),
        "query.invalid": Entry(
            zhTitle: "查询参数有误", enTitle: "Invalid query parameter",
            zhDetail: "查询参数 {name} 的值无效。", enDetail: "The query parameter {name} has an invalid value."),
        "idempotency.key_reused": Entry(
            zhTitle: "幂等键已被使用", enTitle: "Idempotency key reused",
            zhDetail: "该 Idempotency-Key 已用于内容不同的请求。",
            enDetail: "This Idempotency-Key was already used with a different request."),
        "idempotency.in_progress": Entry(
            zhTitle: "请求处理中", enTitle: "Request in progress",
            zhDetail: "使用同一 Idempotency-Key 的请求仍在处理中，请稍后重试。",
            enDetail: "A request with this Idempotency-Key is still being processed; retry shortly."),
        "idempotency.key_invalid": Entry(
            zhTitle: "幂等键无效", enTitle: "Invalid idempotency key",
            zhDetail: "Idempotency-Key 须为 1–200 个可见 ASCII 字符。",
            enDetail: "Idempotency-Key must be 1–200 visible ASCII characters."),
        "route.not_found": Entry(
            zhTitle: "接口不存在", enTitle: "Not found",
            zhDetail: "没有这个接口：{path}", enDetail: "There is no such endpoint: {path}"),
        "method.not_allowed": Entry(
            zhTitle: "不支持的请求方法", enTitle: "Method not allowed",
            zhDetail: "该接口不支持此请求方法。", enDetail: "This endpoint does not support this method."),
        "community.not_found": Entry(
            zhTitle: "社区不存在", enTitle: "Community not found",
            zhDetail: "找不到社区 {id}。", enDetail: "Community {id} was not found."),
        "household.not_found": Entry(
            zhTitle: "家庭不存在", enTitle: "Household not found",
            zhDetail: "找不到家庭 {id}。", enDetail: "Household {id} was not found."),
        "member.not_found": Entry(
            zhTitle: "成员不存在", enTitle: "Member not found",
            zhDetail: "找不到成员 {id}。", enDetail: "Member {id} was not found."),
        "token.not_found": Entry(
            zhTitle: "令牌不存在", enTitle: "Token not found",
            zhDetail: "找不到令牌 {id}。", enDetail: "Token {id} was not found."),
        "member.phone_taken": Entry(
            zhTitle: "手机号已登记", enTitle: "Phone number already registered",
            zhDetail: "本社区已有成员使用该手机号。", enDetail: "Another member of this community has this phone number."),
        "member.cannot_demote_last_admin": Entry(
            zhTitle: "不能移除最后一位管理员", enTitle: "Cannot remove the last admin",
            zhDetail: "社区至少需要一位在职管理员。", enDetail: "A community needs at least one active admin."),
        "member.cannot_change_own_status": Entry(
            zhTitle: "不能修改自己的状态", enTitle: "Cannot change your own status",
            zhDetail: "请由其他管理员或版主处理。", enDetail: "Another moderator or admin must do this."),
        "token.already_revoked": Entry(
            zhTitle: "令牌已撤销", enTitle: "Token already revoked",
            zhDetail: "该令牌已被撤销。", enDetail: "This token was already revoked."),
        "service.unavailable": Entry(
            zhTitle: "服务暂不可用", enTitle: "Service unavailable",
            zhDetail: "服务暂时不可用，请稍后重试。", enDetail: "The service is temporarily unavailable; retry later."),
        "internal": Entry(
            zhTitle: "服务器内部错误", enTitle: "Internal server error",
            zhDetail: "服务器出错了，已记录。请稍后重试。", enDetail: "Something went wrong on our side; it has been logged."),
    ]

    static let fieldEntries: [FieldIssueCode: (zh: String, en: String)] = [
        .required: ("必填", "is required"),
        .wrongType: ("类型应为 {expected}", "must be of type {expected}"),
        .unknown: ("不认识的字段", "is not a known field"),
        .tooShort: ("至少 {min} 个字符", "must have at least {min} characters"),
        .tooLong: ("最多 {max} 个字符", "must have at most {max} characters"),
        .outOfRange: ("应在 {min} 到 {max} 之间", "must be between {min} and {max}"),
        .invalidValue: ("取值无效，可选：{allowed}", "is not one of: {allowed}"),
        .invalidFormat: ("格式无效（{format}）", "has an invalid format ({format})"),
        .notFound: ("引用的对象不存在", "refers to something that does not exist"),
        .duplicate: ("与已有记录重复", "duplicates an existing record"),
    ]

    /// Whether a code has catalog entries (used by tests to keep the catalog complete).
    public static func knows(_ code: String) -> Bool { entries[code] != nil }

    /// The localized title and detail for an error.
    public static func message(for error: DomainError, in language: Language) -> Message {
        message(code: error.code, parameters: error.parameters, in: language)
    }

    public static func message(code: String, parameters: [String: String], in language: Language) -> Message {
        let entry = entries[code] ?? entries["internal"]!
        switch language {
        case .zhCN: return Message(title: entry.zhTitle, detail: fill(entry.zhDetail, parameters))
        case .en: return Message(title: entry.enTitle, detail: fill(entry.enDetail, parameters))
        }
    }

    /// The localized message for one field issue, e.g. "最多 64 个字符".
    public static func message(for issue: FieldIssue, in language: Language) -> String {
        guard let entry = fieldEntries[issue.code] else { return issue.code.rawValue }
        return fill(language == .zhCN ? entry.zh : entry.en, issue.parameters)
    }

    static func fill(_ template: String, _ parameters: [String: String]) -> String {
        var text = template
        for (key, value) in parameters {
            text = text.replacingOccurrences(of: "{\(key)}", with: value)
        }
        return text
    }
}
