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
        .merging(trustEntries) { first, _ in first }
        .merging(exchangeEntries) { first, _ in first }
        .merging(eventEntries) { first, _ in first }
        .merging(proxyEntries) { first, _ in first }

    static let foundationEntries: [String: Entry] = [
        "validation_failed": Entry(
            zhTitle: "请求内容有误", enTitle: "Invalid request",
            zhDetail: "请求中有字段不符合要求，请按提示逐项修改。",
            enDetail: "Some fields of the request are invalid; see the errors list."),
        "json.trailing_comma": Entry(
            zhTitle: "JSON 格式错误", enTitle: "Malformed JSON",
            zhDetail: "请求体第 {offset} 字节处，右括号前多了一个逗号（JSON 不允许），请删去。",
            enDetail: "The request body has a comma before the closing bracket at byte {offset}; JSON allows none."),
        "json.malformed": Entry(
            zhTitle: "JSON 格式错误", enTitle: "Malformed JSON",
            // The reason is the JSON parser's own words, which exist only in English: named as such.
            zhDetail: "请求体不是合法的 JSON（解析器的英文提示：{reason}）", enDetail: "The request body is not valid JSON: {reason}"),
        "json.empty": Entry(
            zhTitle: "请求体为空", enTitle: "Empty request body",
            zhDetail: "请求体为空，应为一个 JSON 对象。", enDetail: "The request body is empty; a JSON object is expected."),
        "json.not_object": Entry(
            zhTitle: "请求体应为 JSON 对象", enTitle: "JSON object expected",
            zhDetail: "请求体必须是一个 JSON 对象。", enDetail: "The request body must be a JSON object."),
        "body.too_large": Entry(
            zhTitle: "请求体过大", enTitle: "Request body too large",
            zhDetail: "请求体不能超过 {limit} 字节。", enDetail: "The request body must not exceed {limit} bytes."),
        "body.unsupported_media_type": Entry(
            zhTitle: "不支持的内容类型", enTitle: "Unsupported media type",
            zhDetail: "请使用 Content-Type: {expected}。", enDetail: "Send Content-Type: {expected}."),
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
        "auth.hand_over_token_spent": Entry(
            zhTitle: "交接令牌已用过", enTitle: "Hand-over token already used",
            zhDetail: "这个交接令牌已经用来创建过登录凭证（或您已有别的令牌），不能再用。请用您自己的令牌；如果您没有创建过，请立即请服务器管理员用 linli admin token 为您办理新令牌，登录后查看收件箱里的“交接令牌已使用”通知，撤销其中那个不是您创建的凭证。",
            enDetail: "This hand-over token has already created a sign-in token (or you have another token), so it no longer works. Use your own token; if you never created one, ask the server's operator at once for a new one (linli admin token), then revoke the token named in your inbox's hand-over notice, which you did not create."),
        "auth.hand_over_token": Entry(
            zhTitle: "交接令牌只能创建您自己的令牌", enTitle: "A hand-over token only creates your own token",
            zhDetail: "这是新社区交接给您的令牌，只能用来为您本人创建令牌（POST /v1/members/{member_id}/tokens），创建后它即作废。请用新令牌继续操作。",
            enDetail: "This is the new community's hand-over token: it only creates your own token (POST /v1/members/{member_id}/tokens), and is revoked when it does. Carry on with the new token."),
        "forbidden": Entry(
            zhTitle: "没有权限", enTitle: "Forbidden",
            zhDetail: "您的角色没有此操作的权限（{permission}）。",
            enDetail: "Your role does not allow this action ({permission})."),
        "version_conflict": Entry(
            zhTitle: "数据已被修改", enTitle: "Version conflict",
            zhDetail: "该记录在您打开后已被修改（可能是他人，也可能是您刚才的另一次提交；当前版本 {current_version}），请刷新后查看再决定是否重试。",
            enDetail: "The record has changed since you loaded it (by someone else or by an earlier tap of yours; current version {current_version}); reload, check it, then retry if still needed."),
        "id.malformed": Entry(
            zhTitle: "编号格式错误", enTitle: "Malformed identifier",
            zhDetail: "“{id}”不是合法的编号，编号形如 {example}。", enDetail: "“{id}” is not a well-formed identifier; one looks like {example}."),
        "cursor.malformed": Entry(
            zhTitle: "分页游标无效", enTitle: "Invalid cursor",
            zhDetail: "分页游标无效，请从第一页重新开始。", enDetail: "The page cursor is invalid; start again from the first page."),
        "query.invalid": Entry(
            zhTitle: "查询参数有误", enTitle: "Invalid query parameter",
            zhDetail: "查询参数 {name} 的值无效。", enDetail: "The query parameter {name} has an invalid value."),
        "query.unknown": Entry(
            zhTitle: "没有这个查询参数", enTitle: "Unknown query parameter",
            zhDetail: "这个接口没有查询参数 {name}，可用的有：{known}。", enDetail: "This endpoint takes no query parameter {name}; it takes {known}."),
        "query.none_taken": Entry(
            zhTitle: "这个接口不接受查询参数", enTitle: "No query parameters taken",
            zhDetail: "这个接口不接受查询参数，收到了 {name}，请去掉“?”之后的部分。", enDetail: "This endpoint takes no query parameters, and {name} was given; leave out the part after “?”."),
        "query.repeated": Entry(
            zhTitle: "查询参数重复", enTitle: "Repeated query parameter",
            zhDetail: "查询参数 {name} 给了不止一次，只能给一次；要给多个值时用逗号隔开（接口接受时）。",
            enDetail: "The query parameter {name} was given more than once; give it once (several values, where the endpoint takes them, are comma-separated)."),
        "query.too_long": Entry(
            zhTitle: "查询参数太长", enTitle: "Query parameter too long",
            zhDetail: "查询参数 {name} 最多 {max} 个字。", enDetail: "The query parameter {name} must be at most {max} characters."),
        "query.too_many_words": Entry(
            zhTitle: "搜索词太多", enTitle: "Too many search words",
            zhDetail: "查询参数 {name} 最多 {max} 个词（用空格隔开，每个词都要匹配）。",
            enDetail: "The query parameter {name} takes at most {max} words (separated by spaces; each must match)."),
        "query.out_of_range": Entry(
            zhTitle: "查询参数超出范围", enTitle: "Query parameter out of range",
            zhDetail: "查询参数 {name} 应在 {min} 到 {max} 之间。", enDetail: "The query parameter {name} must be between {min} and {max}."),
        "query.not_with_format": Entry(
            zhTitle: "查询参数不适用于该格式", enTitle: "Query parameter not allowed with this format",
            zhDetail: "查询参数 {name} 不能与 format={format} 一起使用。", enDetail: "The query parameter {name} cannot be used with format={format}."),
        "query.range_inverted": Entry(
            zhTitle: "查询范围有误", enTitle: "Inverted range",
            zhDetail: "查询参数 {name} 应晚于 {after}。", enDetail: "The query parameter {name} must be after {after}."),
        "query.min_above_max": Entry(
            zhTitle: "查询范围有误", enTitle: "Minimum above maximum",
            zhDetail: "查询参数 {min_name} 不能大于 {max_name}。", enDetail: "The query parameter {min_name} must not be greater than {max_name}."),
        "header.invalid": Entry(
            zhTitle: "请求头有误", enTitle: "Invalid header",
            zhDetail: "请求头 {name} 的值无效，应为读取时得到的 ETag（一个版本），如 {example}。",
            enDetail: "The header {name} has an invalid value; send the ETag a read answered (one version), e.g. {example}."),
        "idempotency.key_reused": Entry(
            zhTitle: "幂等键已被使用", enTitle: "Idempotency key reused",
            zhDetail: "该 Idempotency-Key 已用于内容不同的请求。",
            enDetail: "This Idempotency-Key was already used with a different request."),
        "idempotency.in_progress": Entry(
            zhTitle: "请求处理中", enTitle: "Request in progress",
            zhDetail: "使用同一 Idempotency-Key 的请求仍在处理中，请稍后重试。",
            enDetail: "A request with this Idempotency-Key is still being processed; retry shortly."),
        "idempotency.not_replayable": Entry(
            zhTitle: "请求已执行，密钥不再显示", enTitle: "Already done; the secret is not shown again",
            zhDetail: "使用同一 Idempotency-Key 的请求已经执行。它返回的一次性密钥不会保存，因此无法再次显示；如已遗失，请撤销后重新签发或轮换。",
            enDetail: "The request with this Idempotency-Key was already carried out. The one-time secret it returned is not kept and cannot be shown again; if it was lost, revoke and issue a new one, or rotate."),
        "idempotency.answer_lost": Entry(
            zhTitle: "请求已执行，结果未能保存", enTitle: "Already done; the answer was lost",
            zhDetail: "使用同一 Idempotency-Key 的请求已经执行，但服务在返回结果前中断，结果没有保存。请不要重复提交，请查询相应记录确认结果。",
            enDetail: "The request with this Idempotency-Key was already carried out, but the service stopped before its answer was stored. Do not repeat it; look the record up to see the result."),
        "idempotency.key_invalid": Entry(
            zhTitle: "幂等键无效", enTitle: "Invalid idempotency key",
            zhDetail: "Idempotency-Key 须为 1–200 个可见 ASCII 字符。",
            enDetail: "Idempotency-Key must be 1–200 visible ASCII characters."),
        "route.not_found": Entry(
            zhTitle: "接口不存在", enTitle: "Not found",
            zhDetail: "没有这个接口：{path}", enDetail: "There is no such endpoint: {path}"),
        "route.method_not_allowed": Entry(
            zhTitle: "不支持此请求方法", enTitle: "Method not allowed",
            zhDetail: "接口 {path} 不接受 {method} 请求，可用的方法：{allowed}。",
            enDetail: "{path} does not take {method}; it takes {allowed}."),
        "community.not_found": Entry(
            zhTitle: "社区不存在", enTitle: "Community not found",
            zhDetail: "找不到社区 {id}。", enDetail: "Community {id} was not found."),
        "household.not_found": Entry(
            zhTitle: "家庭不存在", enTitle: "Household not found",
            zhDetail: "找不到家庭 {id}。", enDetail: "Household {id} was not found."),
        "member.not_found": Entry(
            zhTitle: "成员不存在", enTitle: "Member not found",
            zhDetail: "找不到成员 {id}。", enDetail: "Member {id} was not found."),
        "member.same_name": Entry(
            zhTitle: "已有同名成员", enTitle: "A member with this name exists",
            zhDetail: "社区里已有 {count} 位名为“{name}”的成员（{member_ids}）。如果是同一个人，请改用已有的账号，并停用刚登记的这个：积分、信用和代办授权不会在两个账号之间合并。",
            enDetail: "{count} member(s) named “{name}” already exist in the community ({member_ids}). If this is the same person, use the existing account and deactivate the one just registered: points, credit and proxy consents are not shared between two accounts."),
        "token.not_found": Entry(
            zhTitle: "令牌不存在", enTitle: "Token not found",
            zhDetail: "找不到令牌 {id}。", enDetail: "Token {id} was not found."),
        "member.cannot_demote_last_admin": Entry(
            zhTitle: "不能移除最后一位管理员", enTitle: "Cannot remove the last admin",
            zhDetail: "社区至少需要一位在职管理员。", enDetail: "A community needs at least one active admin."),
        "member.change_revokes_own_access": Entry(
            zhTitle: "此操作会停用您正在使用的凭证", enTitle: "This change would revoke your own token",
            zhDetail: "您正在使用的登录凭证 {token_id} 是成员 {member_id} 办理的，这一变更会停用它。请先用命令行或请另一位管理员为您办理新凭证，再进行此操作。",
            enDetail: "The sign-in token you are using ({token_id}) was issued by member {member_id}, and this change would revoke it. Get a new token first (from the command line or another admin), then make the change."),
        "member.cannot_change_own_status": Entry(
            zhTitle: "不能修改自己的状态", enTitle: "Cannot change your own status",
            zhDetail: "请由其他管理员或版主处理。", enDetail: "Another moderator or admin must do this."),
        "member.cannot_change_own_household": Entry(
            zhTitle: "不能修改自己的户籍", enTitle: "Cannot change your own household",
            zhDetail: "同户关系决定谁不能与谁交换、谁不能为谁发放积分或处理案件，须由另一位工作人员登记。",
            enDetail: "Households decide who may not trade with, reward or moderate whom; another member of staff must record your household."),
        "member.staff_status_needs_admin": Entry(
            zhTitle: "须由管理员决定", enTitle: "An admin's decision",
            zhDetail: "该成员是审核员或管理员，暂停、封禁或恢复其账号须由管理员决定。",
            enDetail: "This member is a moderator or admin: suspending, banning or reinstating them is an admin's decision."),
        "member.ban_needs_admin": Entry(
            zhTitle: "封禁须由管理员决定", enTitle: "Banning is an admin's decision",
            zhDetail: "封禁没有期限，须由管理员决定；审核员最多可暂停 {days} 天（违规次数达到规则上限时，会提请审核员和管理员决定是否暂停）。",
            enDetail: "A ban has no end, so it is an admin's decision; a moderator may suspend for at most {days} days (when strikes reach the rule file's count, a suspension is proposed to the moderators and admins)."),
        "member.lift_needs_admin": Entry(
            zhTitle: "须由管理员解除", enTitle: "Only an admin may lift this",
            zhDetail: "该成员处于封禁或超过 {days} 天（或无期限）的暂停中，审核员不能自行更改，须由管理员决定。",
            enDetail: "This member is banned or suspended for longer than {days} days (or without an end), beyond what a moderator imposes; changing it is an admin's decision."),
        "member.household_open_exchange": Entry(
            zhTitle: "与该家庭成员有进行中的交换", enTitle: "Open exchange with that household",
            zhDetail: "该成员与家庭 {household_id} 的成员有进行中的交换（{exchange_id}）。家庭内部的互助不计积分，请先完成或取消这次交换，再登记家庭。",
            enDetail: "This member has an open exchange ({exchange_id}) with a member of household {household_id}. Help within a household earns no points: finish or cancel that exchange before recording the household."),
        "member.cannot_verify_self": Entry(
            zhTitle: "不能为自己实名认证", enTitle: "Cannot verify yourself",
            zhDetail: "实名认证须由其他服务站工作人员或管理员当面核验。",
            enDetail: "Another station staff member or admin must check your identity in person."),
        "token.already_revoked": Entry(
            zhTitle: "令牌已撤销", enTitle: "Token already revoked",
            zhDetail: "该令牌已被撤销。", enDetail: "This token was already revoked."),
        "rule_set.not_found": Entry(
            zhTitle: "规则版本不存在", enTitle: "Rule version not found",
            zhDetail: "找不到规则版本 {id}。", enDetail: "Rule version {id} was not found."),
        "rules.invalid": Entry(
            zhTitle: "规则文件有误", enTitle: "Invalid rule file",
            zhDetail: "规则文件有 {errors} 处错误，见 diagnostics（行:列）。旧规则继续生效。",
            enDetail: "The rule file has {errors} error(s); see diagnostics (line:column). The current rules stay in force."),
        "rules.changed_during_revaluation": Entry(
            zhTitle: "重新估值途中规则已更换", enTitle: "The rules changed during the revaluation",
            zhDetail: "这一轮重新估值开始后，生效规则已换成第 {version} 版（{content_hash}），前面各批仍按旧版本估值。请不带 after（也不带 content_hash）从头重新开始。",
            enDetail: "The rules in force changed to version {version} ({content_hash}) after this revaluation pass began, and its earlier batches were valued under the old one. Start again from the beginning, without after (and without content_hash)."),
        "rules.duplicate": Entry(
            zhTitle: "规则文件重复", enTitle: "Duplicate rule file",
            zhDetail: "内容完全相同的规则文件已存在（{id}）。", enDetail: "An identical rule file is already stored ({id})."),
        "rules.version_not_increasing": Entry(
            zhTitle: "版本号须递增", enTitle: "Version must increase",
            zhDetail: "版本号 {version} 须大于已有的最高版本 {latest}。",
            enDetail: "Version {version} must be greater than the latest stored version {latest}."),
        "rules.unknown_supersedes": Entry(
            zhTitle: "被替代的版本不存在", enTitle: "Unknown superseded version",
            zhDetail: "supersedes 指向的版本 {version} 不存在。", enDetail: "supersedes names version {version}, which does not exist."),
        "rules.ledger_raise_needs_admin": Entry(
            zhTitle: "提高积分上限须由管理员生效", enTitle: "Raising ledger limits needs an admin",
            zhDetail: "这个版本提高了积分发放的上限（{keys}），须由管理员使其生效；现行规则不变。",
            enDetail: "This version raises how many points may be created ({keys}); an admin must put it in force. The current rules stay in force."),
        "rules.undone_by_scheduled": Entry(
            zhTitle: "排期中的旧版本会覆盖此版本", enTitle: "An older scheduled version would undo it",
            zhDetail: "第 {scheduled} 版（在第 {version} 版之前编写）已排期于 {scheduled_from} 生效，届时会取代第 {version} 版，本版的修改将随之失效。请在本版文件中写 supersedes: {scheduled}（同时撤回它），并把两版的修改合并成一个新版本按原时间排期；或先撤回第 {scheduled} 版。",
            enDetail: "Version {scheduled}, written before version {version}, is scheduled to take effect at {scheduled_from} and would then replace version {version}, undoing its changes. Write supersedes: {scheduled} in this file (it is withdrawn with it) and schedule a new version combining both changes for that date, or withdraw version {scheduled} first."),
        "rules.would_undo_newer": Entry(
            zhTitle: "此版本会覆盖更新的版本", enTitle: "It would undo a newer version",
            zhDetail: "第 {version} 版（在第 {newer} 版之前编写）排期于 {effective_from} 生效，届时会取代较新的第 {newer} 版，使其修改失效。如需在那时采用第 {version} 版的内容，请把它（合并第 {newer} 版的修改）作为新版本上传（版本号大于 {latest}）并排期。",
            enDetail: "Version {version}, written before version {newer}, is scheduled for {effective_from} and would then replace the newer version {newer}, undoing its changes. To apply version {version}'s text then, upload it (with version {newer}'s changes) as a new version numbered above {latest} and schedule that."),
        "rules.already_active": Entry(
            zhTitle: "该版本已生效", enTitle: "Already active",
            zhDetail: "版本 {version} 已激活（已生效或已排定生效时间）。", enDetail: "Version {version} is already activated (in force, or scheduled to start)."),
        "rules.superseded": Entry(
            zhTitle: "该版本已被后续版本取代", enTitle: "Superseded by a later version",
            zhDetail: "版本 {version} 曾经生效，现在生效的是版本 {current}。如要恢复版本 {version} 的内容，请把它的文本作为新版本上传（版本号大于 {latest}）后再激活；如只是撤销版本 {current}，请使用回退。",
            enDetail: "Version {version} was in force before; version {current} governs now. To apply version {version}'s text again, upload it as a new version (numbered above {latest}) and activate that; to undo version {current}, roll it back."),
        "rules.version_unreadable": Entry(
            zhTitle: "该版本规则无法读取", enTitle: "Rule version cannot be read",
            zhDetail: "第 {version} 版规则已无法读取（{problem}），不能生效、试算或比较。请上传修正后的新版本。",
            enDetail: "Rule version {version} can no longer be read ({problem}); it cannot be activated, explained or compared. Upload a corrected version."),
        "rules.never_in_force": Entry(
            zhTitle: "该版本不会生效", enTitle: "This version would never be in force",
            zhDetail: "已激活的第 {governing} 版（已生效或已排期）从第 {version} 版生效之时起就会取代它，第 {version} 版激活后也不会被采用。请撤回第 {governing} 版，或上传生效时间更晚的新版本。",
            enDetail: "Version {governing}, activated (in force or scheduled), outranks version {version} from the moment it would take effect, so it would never apply. Withdraw version {governing}, or upload a new version with a later effective_from."),
        "rules.rollback_stale": Entry(
            zhTitle: "生效版本已变化", enTitle: "The version in force has changed",
            zhDetail: "您要撤回第 {version} 版，但它既不是现在生效的版本（现在生效的是第 {current} 版），也不是已排期、尚未生效的版本（可能有人已回滚或启用了其他版本）。请刷新后再决定。",
            enDetail: "You asked to withdraw version {version}, but it is neither the version in force (version {current} is) nor one scheduled to take effect later (someone may have rolled back or activated meanwhile). Reload and decide again."),
        "rules.nothing_to_roll_back": Entry(
            zhTitle: "无法回滚", enTitle: "Nothing to roll back",
            zhDetail: "没有更早的已生效版本可以回退。", enDetail: "There is no earlier activated version to return to."),
        "rules.valuation_failed": Entry(
            zhTitle: "无法估值", enTitle: "Cannot value",
            zhDetail: "按现行规则无法计算：{reason}", enDetail: "The rules cannot value this: {reason}"),
        "rules.active_version_unreadable": Entry(
            zhTitle: "生效的规则无法读取", enTitle: "Rules in force cannot be read",
            zhDetail: "本社区生效的规则（第 {version} 版）已无法读取（{problem}）。请组织者发布新版本或回滚到上一版。",
            enDetail: "This community's rules in force (version {version}) can no longer be read ({problem}). An organizer must activate another version or roll back."),
        "rules.no_active_version": Entry(
            zhTitle: "没有生效的规则", enTitle: "No rules in force",
            zhDetail: "本社区当前没有生效的规则版本。", enDetail: "This community has no rule version in force."),
        "webhook_endpoint.not_found": Entry(
            zhTitle: "推送地址不存在", enTitle: "Webhook endpoint not found",
            zhDetail: "找不到推送地址 {id}。", enDetail: "Webhook endpoint {id} was not found."),
        "webhook_message.not_found": Entry(
            zhTitle: "推送消息不存在", enTitle: "Webhook message not found",
            zhDetail: "找不到推送消息 {id}。", enDetail: "Webhook message {id} was not found."),
        "webhook.no_secret_to_rotate": Entry(
            zhTitle: "无密钥可轮换", enTitle: "No secret to rotate",
            zhDetail: "只有 standard 格式的推送地址使用 Linli 生成的签名密钥。",
            enDetail: "Only standard endpoints use a Linli-generated signing secret."),
        "webhook.message_already_pending": Entry(
            zhTitle: "消息正在等待发送", enTitle: "Message already pending",
            zhDetail: "该消息正在发送或马上就会发送，无需重发；可稍后查看它的投递记录。",
            enDetail: "This message is being sent or is due now; no resend is needed. Look at its attempts in a moment."),
        "webhook.endpoint_deleted": Entry(
            zhTitle: "推送地址已删除", enTitle: "Endpoint deleted",
            zhDetail: "推送地址 {endpoint_id} 已删除，消息不能再发送给它；如仍需要，请新建推送地址（新地址只接收之后的事件）。",
            enDetail: "Endpoint {endpoint_id} was deleted; its messages cannot be sent again. Create a new endpoint if you still need one (it receives events from then on)."),
        "webhook.endpoint_disabled": Entry(
            zhTitle: "推送地址已停用", enTitle: "Endpoint disabled",
            zhDetail: "请先启用该推送地址。", enDetail: "Enable the endpoint first."),
        "webhook.events_beyond_role": Entry(
            zhTitle: "这些事件超出您的权限", enTitle: "Events beyond your role",
            zhDetail: "推送地址订阅的 {events} 涉及个别居民的事项（举报、案件、纠纷、评分、积分往来等），您的角色在系统中也不能查看，因此不能订阅，也不能修改、删除订阅了它们的推送地址或查看其消息。请由管理员设置。“*”不包括这些事件：需要的话请逐一写明。",
            enDetail: "The endpoint's events {events} are about one resident's matters (reports, cases, disputes, ratings, points between members), which your role cannot read in Linli either: you cannot follow them, nor change, delete or read the messages of an endpoint that does. Ask an admin. `*` never includes them: name each one that is wanted."),
        "webhook.event_not_subscribed": Entry(
            zhTitle: "该推送地址已不接收此类事件", enTitle: "Endpoint no longer takes this event",
            zhDetail: "该推送地址现在的事件设置或群消息模板不包含“{event_type}”，不能重发。",
            enDetail: "The endpoint's events or chat templates no longer include {event_type}, so the message cannot be sent again."),
        "listing.not_found": Entry(
            zhTitle: "发布不存在", enTitle: "Listing not found",
            zhDetail: "找不到发布 {id}。", enDetail: "Listing {id} was not found."),
        "listing.invalid_transition": Entry(
            zhTitle: "当前状态不允许此操作", enTitle: "Not allowed in the current state",
            zhDetail: "发布当前状态为“{current_status}”，不能{event}。",
            enDetail: "The listing is {current_status}; {event} is not possible now."),
        "listing.not_editable": Entry(
            zhTitle: "当前状态不能修改", enTitle: "Listing cannot be edited now",
            zhDetail: "发布当前状态为“{current_status}”，不能修改内容。",
            enDetail: "The listing is {current_status}; its content cannot be changed."),
        "listing.open_bookings": Entry(
            zhTitle: "还有进行中的预约", enTitle: "Bookings are under way",
            zhDetail: "这项服务还有 {open} 个进行中的预约。预约结束或取消之前，不能修改影响结算的内容（时长、类别、强度、固定时间）；文字、照片和地点可以修改，已预约的邻居会收到通知。撤回这项服务只会停止新的预约，已有的预约照常进行和结算。",
            enDetail: "This offer has {open} booking(s) under way. Until they end or are cancelled, what they settle on cannot change (duration, category, intensity, a fixed time); the wording, photos and place can, and the neighbours booked are told. Withdrawing the offer only stops new bookings: those made run on and settle."),
        "listing.kind_immutable": Entry(
            zhTitle: "不能更改类型", enTitle: "Kind and direction are fixed",
            zhDetail: "发布的类型和方向创建后不能更改（当前 {direction}/{kind}），请另行发布。",
            enDetail: "A listing's direction and kind cannot change (currently {direction}/{kind}); create a new listing."),
        "listing.provider_not_verified": Entry(
            zhTitle: "需要实名认证", enTitle: "Verified provider required",
            zhDetail: "分类“{category}”只允许实名认证的成员提供服务，请先到服务站完成实名认证。",
            enDetail: "Category “{category}” needs a real-name-verified provider; verify at the service station first."),
        "listing.owner_inactive": Entry(
            zhTitle: "发布者账号不可用", enTitle: "Owner not active",
            zhDetail: "成员 {id} 已被暂停或封禁，不能发布。", enDetail: "Member {id} is suspended or banned and cannot post."),
        "listing.not_removed": Entry(
            zhTitle: "发布未被下架", enTitle: "Listing not removed",
            zhDetail: "这条发布现在的状态是 {status}，没有被下架，无需恢复。", enDetail: "The listing is {status}, not removed: there is nothing to reinstate."),
        "listing.removed_by_case": Entry(
            zhTitle: "由案件下架", enTitle: "Removed by a case",
            zhDetail: "这条发布是案件 {case_id} 的处理措施下架的，只能通过发布者对该措施的申诉撤销。",
            enDetail: "Case {case_id} removed this listing; only the owner's appeal of that action undoes it."),
        "review.owner_inactive": Entry(
            zhTitle: "发布者账号不可用", enTitle: "Owner not active",
            zhDetail: "发布者 {id} 目前被暂停或封禁，批准后没有人能申请这条发布。请驳回或要求修改，或等其账号恢复后再批准。",
            enDetail: "Owner {id} is suspended or banned: once published, nobody could request this listing. Reject it or request changes, or approve it once the account is active again."),
        "review.provider_not_verified": Entry(
            zhTitle: "提供方需要实名认证", enTitle: "Verified provider required",
            zhDetail: "分类“{category}”只允许实名认证的成员提供服务，发布者 {id} 目前未认证（认证可能在等待审核期间被撤销），批准后没有人能申请这条发布。请驳回或要求修改，或等其完成认证后再批准。",
            enDetail: "Category “{category}” needs a real-name-verified provider and owner {id} is not verified (a verification may have been revoked while this waited): once published, nobody could request it. Reject it or request changes, or approve it once the owner is verified."),
        "review.not_found": Entry(
            zhTitle: "审核项不存在", enTitle: "Review item not found",
            zhDetail: "找不到审核项 {id}。", enDetail: "Review item {id} was not found."),
        "review.claimed_by_other": Entry(
            zhTitle: "已被其他版主认领", enTitle: "Claimed by another moderator",
            zhDetail: "该审核项已由 {claimed_by_name}（{claimed_by}）认领，认领有效至 {until}。",
            enDetail: "This item is claimed by {claimed_by_name} ({claimed_by}) until {until}."),
        "review.not_claimed": Entry(
            zhTitle: "请先认领", enTitle: "Claim the item first",
            zhDetail: "处理审核项前需要先认领（或认领已过期）。",
            enDetail: "Claim the item before acting on it (or your claim has expired)."),
        "review.cancelled": Entry(
            zhTitle: "审核项已撤销", enTitle: "Review withdrawn",
            zhDetail: "该审核项已撤销：发布者撤回或替换了提交的内容，或发布已被下架，无需再处理。发布者的新修改会作为新的审核项出现在队列中。",
            enDetail: "This item is no longer to be decided: its owner withdrew or replaced what was submitted, or the listing was taken down. A new edit comes to the queue as a new item."),
        "review.already_decided": Entry(
            zhTitle: "审核项已处理", enTitle: "Already decided",
            zhDetail: "该审核项已处理（状态：{current_status}）。", enDetail: "This item was already handled (status {current_status})."),
        "review.photo_taken_down": Entry(
            zhTitle: "照片已被下架", enTitle: "Photo taken down",
            zhDetail: "第 {position} 张照片所在的发布已被审核员下架，批准会让它重新公开。请要求修改或驳回。",
            enDetail: "Photo {position} was taken down with a listing moderation removed; approving would show it to everyone again. Ask for changes or reject."),
        "review.own_listing": Entry(
            zhTitle: "不能审核自己的发布", enTitle: "Cannot review your own listing",
            zhDetail: "请由其他版主审核或下架您自己（或您代办的居民）的发布。",
            enDetail: "Another moderator must review or take down your own listing (or that of a resident you act for)."),
        "review.window_passed": Entry(
            zhTitle: "时段已经结束", enTitle: "The window has ended",
            zhDetail: "这条发布的时段已于 {ended_at} 结束，不能通过。请驳回，或退回修改让发布人改到以后的时间。",
            enDetail: "This listing's window ended at {ended_at}, so it cannot be approved. Reject it, or send it back for its author to choose a later time."),
        "review.correction_not_applicable": Entry(
            zhTitle: "不能在此更正估值", enTitle: "Correction not possible here",
            zhDetail: "估值更正只适用于新发布的审核项；修改审核通过后会重新估值。",
            enDetail: "Valuation corrections apply to review items of new listings; an approved edit is re-valued anyway."),
        "photo.not_found": Entry(
            zhTitle: "照片不存在", enTitle: "Photo not found",
            zhDetail: "找不到照片 {id}。", enDetail: "Photo {id} was not found."),
        "photo.too_large": Entry(
            zhTitle: "照片过大", enTitle: "Photo too large",
            zhDetail: "照片不能超过 {limit} 字节。", enDetail: "A photo must not exceed {limit} bytes."),
        "photo.unrecognized": Entry(
            zhTitle: "不是支持的图片", enTitle: "Not a supported image",
            zhDetail: "文件内容不是 JPEG、PNG 或 WebP 图片。", enDetail: "The file content is not a JPEG, PNG or WebP image."),
        "photo.type_mismatch": Entry(
            zhTitle: "图片类型不符", enTitle: "Image type mismatch",
            zhDetail: "声明的类型为 {declared}，但文件内容是 {actual}。",
            enDetail: "The declared type is {declared} but the content is {actual}."),
        "photo.dimensions_too_large": Entry(
            zhTitle: "图片尺寸过大", enTitle: "Image dimensions too large",
            zhDetail: "图片为 {width}×{height} 像素；每边最多 {max_side} 像素，总计最多 {max_megapixels} 百万像素。",
            enDetail: "The image is {width}×{height} pixels; at most {max_side} pixels a side and {max_megapixels} megapixels in all."),
        "photo.corrupt": Entry(
            zhTitle: "图片已损坏", enTitle: "Corrupt image",
            zhDetail: "文件以 {format} 开头，但结构不完整或已损坏。",
            enDetail: "The file starts like {format} but its structure is incomplete or corrupt."),
        "photo.unsupported_media_type": Entry(
            zhTitle: "不支持的图片类型", enTitle: "Unsupported image type",
            zhDetail: "请使用 Content-Type: image/jpeg、image/png 或 image/webp 上传原始图片数据。",
            enDetail: "Upload the raw image with Content-Type image/jpeg, image/png or image/webp."),
        "member.phone_change_limit": Entry(
            zhTitle: "更换手机号的次数已达上限", enTitle: "Too many phone changes",
            zhDetail: "今天更换手机号已多次未成功（每天最多 {limit} 次），请明天再试，或到社区服务站办理。",
            enDetail: "Your phone number changes were refused too often today (at most {limit} a day); try again tomorrow, or ask the service station."),
        "photo.storage_full": Entry(
            zhTitle: "照片空间已满", enTitle: "Photo storage full",
            zhDetail: "您上传的照片已占用 {used_mb} MB，再传这张会超过每人 {limit_mb} MB 的上限。删除不再需要的草稿或从发布中移除照片后，未被使用的照片会在 {orphan_days} 天后释放空间。",
            enDetail: "Your uploaded photos take {used_mb} MB, and this one would pass the {limit_mb} MB each member may hold. Delete drafts you no longer need or take photos out of listings; photos nothing uses are freed after {orphan_days} days."),
        "photo.daily_limit": Entry(
            zhTitle: "今天上传的照片已达上限", enTitle: "Daily photo limit reached",
            zhDetail: "每人每天最多上传 {limit} 张新照片，请明天再传；如需帮助请联系社区服务站。",
            enDetail: "A member may upload at most {limit} new photos a day; try again tomorrow, or ask the service station."),
        "photo.empty": Entry(
            zhTitle: "图片为空", enTitle: "Empty upload",
            zhDetail: "请求体中没有图片数据。", enDetail: "The request body contains no image data."),
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
        .repeated: ("在同一对象中出现了两次", "is given more than once in the same object"),
        .notApplicable: ("此处不适用（仅用于 {allowed}）", "does not apply here (only for {allowed})"),
    ]

    /// The same messages for an issue raised without the values its template names (a rule
    /// evaluation that knows only the field, a refusal with nothing to list): a client must
    /// never see a raw `{allowed}`.
    static let bareFieldEntries: [FieldIssueCode: (zh: String, en: String)] = [
        .wrongType: ("类型不对", "has the wrong type"),
        .tooShort: ("太短", "is too short"),
        .tooLong: ("太长", "is too long"),
        .outOfRange: ("超出允许范围", "is out of the allowed range"),
        .invalidValue: ("取值无效", "is not a valid value"),
        .invalidFormat: ("格式无效", "has an invalid format"),
        .notApplicable: ("此处不适用", "does not apply here"),
    ]

    /// Messages for specific reasons a field was refused (the issue's `reason` parameter), when a
    /// module has its own stable codes, e.g. webhook endpoint rules; the input checks' own reasons
    /// are in `inputReasonEntries`.
    static let reasonEntries: [String: (zh: String, en: String)] = inputReasonEntries.merging(moduleReasonEntries) { first, _ in first }

    static let moduleReasonEntries: [String: (zh: String, en: String)] = [
        "endpoint.url_invalid": ("不是有效的网址", "is not a valid URL"),
        "endpoint.scheme_not_allowed": ("只允许 https（standard 格式也可用 http）", "must use https (http only for standard endpoints)"),
        "endpoint.url_has_credentials": ("网址中不能带用户名或密码", "must not contain a user name or password"),
        "endpoint.url_too_long": ("网址过长", "is too long"),
        "endpoint.address_not_allowed": (
            "指向本机、内网或保留地址，推送不会送达（除非服务配置 webhooks.allow_private_cidrs 允许该网段）",
            "points at a local, private or reserved address, where deliveries are refused (unless webhooks.allow_private_cidrs allows it)"),
        "endpoint.chat_host_not_official": ("群机器人地址必须是官方域名", "must be the platform's official robot host"),
        "endpoint.chat_path_invalid": ("群机器人地址路径不正确", "has the wrong robot path"),
        "endpoint.chat_key_missing": ("群机器人地址缺少 key / access_token", "is missing the robot key or access token"),
        "endpoint.event_filter_invalid": ("事件类型格式不正确（如 listing.* 或 member.verified）", "is not an event pattern such as listing.* or member.verified"),
        "endpoint.event_unknown": (
            "Linli 不发送这种事件，这项订阅收不到任何消息（可能拼错了；事件类型列表见 README）",
            "matches no event type Linli sends, so nothing would ever arrive through it (a typo? the README lists the types)"),
        "endpoint.event_filter_empty": ("至少订阅一种事件", "must subscribe to at least one event type"),
        "endpoint.event_not_for_chat": (
            "没有群消息模板的事件不会发到群里，此项订阅收不到任何消息：请在 chat.templates 中为事件写一段文字，或改用 standard 格式的推送地址",
            "reaches no event with a chat text, so the group would receive nothing through it: add a template in chat.templates, or use a standard endpoint"),
        "endpoint.event_private": (
            "这是关于某一位居民的事件（举报、处理结果、申诉、风险信号、账号停用、站内通知、扣分或欠分、被驳回的发布、纠纷或爽约），只告诉本人，不发到任何群里（包括工作人员群）；程序接收请改用 standard 格式的推送地址",
            "is about one member (a report, a case outcome, an appeal, a fraud signal, a suspension, an inbox notice, a penalty or debt, a refused listing, a dispute or no-show): it is told to that member, never posted to a group, the staff's included; use a standard endpoint for a program"),
        "endpoint.description_too_long": ("说明过长", "is too long"),
        "endpoint.description_invalid": ("说明中不能含有控制字符", "must not contain control characters"),
        "endpoint.template_invalid": ("消息模板或样式无效", "is not a valid message template or style"),
        "endpoint.template_too_long": ("消息模板过长", "is too long"),
        "endpoint.secret_invalid": ("签名密钥无效", "is not a valid signing secret"),
        "endpoint.masked_value": (
            "这是 Linli 显示的打码值（含 ****），不能保存：请填写完整的真实值，或不传此项以保留原值",
            "is the masked form Linli shows (with ****) and cannot be saved: send the real value, or leave the field out to keep it"),
        "endpoint.mention_unsupported": (
            "这种消息样式无法这样 @ 人：企业微信文本消息可 @ 用户 ID 和手机号，markdown 只能 @ 用户 ID（不能 @所有人），图文卡片不能 @ 人；钉钉两者都可以；飞书只能 @ 用户 ID",
            "cannot be delivered in this message style: WeCom text takes user ids and mobiles, WeCom markdown only user ids (not @all), WeCom news no one; DingTalk takes both; Feishu only user ids"),
        "endpoint.mentions_too_many": ("一条消息最多 @ 50 人（用户 ID 和手机号合计）", "may mention at most 50 people (user ids and mobiles together)"),
        "endpoint.link_invalid": (
            "不是有效的链接模板：只有企业微信图文卡片（news）打开链接；应为 http 或 https 的完整地址，花括号占位符只能写在域名之后",
            "is not a valid link pattern: only WeCom news cards open a link; an absolute http or https URL, with brace placeholders only after the host"),
        "endpoint.mention_invalid": (
            "不是有效的手机号（5 到 20 位数字，可带 +）或用户 ID（1 到 64 字节，不含空格、引号和尖括号）",
            "is not a valid mobile number (5 to 20 digits, optionally after +) or user id (1 to 64 bytes, no spaces, quotes or angle brackets)"),
        "ledger.category_reserved": (
            "“{category}”类别由系统专用（举报核实后的奖励由服务自动发放），组织者不能手动发放",
            "is reserved: '{category}' rewards are paid by the service itself when a report is upheld"),
        "ledger.adjustment_amount": ("应为不等于 0 的整数，绝对值不超过 {max}", "must be a whole number other than 0, at most {max} either way"),
        "donation.below_one_point": ("折算后不足 1 积分（每元 {points_per_yuan} 积分）", "converts to less than 1 point ({points_per_yuan} points per yuan)"),
        "donation.above_max": ("折算后超过单笔上限 {max_points} 积分", "converts to more than the {max_points}-point limit of one transfer"),
        "exchange.absent_not_other_party": ("只能报告这次交换的另一方未到场", "must name the other party of this exchange"),
    ]

    /// Fuller details of a code for when the error carries a parameter (the first present wins;
    /// the title stays the code's): `query.invalid` with `allowed` lists the values the parameter
    /// takes, with `example` shows its form; without either it stays "has an invalid value".
    static let variantDetails: [String: [(parameter: String, zh: String, en: String)]] = [
        // A dispute decided by a refund: the exchange did not take place (helper 116: "resolved"
        // beside "a dispute settled with compensation can be rated" read as a contradiction).
        "rating.not_completed": [
            ("refunded", "这次交换的纠纷以退款结案，视为没有完成，不能评价。",
             "This exchange's dispute ended in a refund, so it did not take place and cannot be rated."),
        ],
        "exchange.helper_busy": [
            ("helper_accepting", "您在这个时间已经答应了另一项帮忙，不能再接受这次申请。请和对方商量换个时间，或谢绝本次申请。",
             "You have already agreed to help someone else at that time, so you cannot accept this one too. Agree another time with them, or decline this request."),
            ("payer_accepting", "来帮忙的这位邻居在这个时间已经答应了另一项帮忙，不能接受这次申请。可以谢绝本次申请，请对方换个时间再申请。",
             "The neighbour offering to help has already agreed to help someone else at that time, so this request cannot be accepted. Decline it, and they can ask again for another time."),
        ],
        "query.invalid": [
            ("allowed", "查询参数 {name} 的值无效，可选值：{allowed}。", "The query parameter {name} has an invalid value; it takes {allowed}."),
            ("example", "查询参数 {name} 的值无效，应写成 {example} 这样的形式。",
             "The query parameter {name} has an invalid value; write it like {example}."),
        ],
    ]

    /// Whether a code has catalog entries (used by tests to keep the catalog complete).
    public static func knows(_ code: String) -> Bool { entries[code] != nil }

    /// The localized title and detail for an error, its instants in `timeZoneID`'s local time
    /// (the caller's community's; Asia/Shanghai where none is known, e.g. before authentication).
    public static func message(
        for error: DomainError, in language: Language, timeZoneID: String = Community.defaultTimezone
    ) -> Message {
        message(
            code: error.code,
            parameters: LocalInstantText.shown(error.parameters, instants: error.instants, timeZoneID: timeZoneID, language: language),
            in: language)
    }

    public static func message(code: String, parameters: [String: String], in language: Language) -> Message {
        let entry = entries[code] ?? entries["internal"]!
        let variant = variantDetails[code]?.first { parameters[$0.parameter] != nil }
        let shown = ErrorTerms.localized(code: code, parameters: parameters, in: language)
        switch language {
        case .zhCN: return Message(title: entry.zhTitle, detail: fill(variant?.zh ?? entry.zhDetail, shown))
        case .en: return Message(title: entry.enTitle, detail: fill(variant?.en ?? entry.enDetail, shown))
        }
    }

    /// The localized message for one field issue, e.g. "最多 64 个字符"; instants as for errors.
    public static func message(
        for issue: FieldIssue, in language: Language, timeZoneID: String = Community.defaultTimezone
    ) -> String {
        let shown = LocalInstantText.shown(issue.parameters, instants: issue.instants, timeZoneID: timeZoneID, language: language)
        if let reason = issue.parameters["reason"], let entry = reasonEntries[reason] {
            return fill(language == .zhCN ? entry.zh : entry.en, shown)
        }
        guard let entry = fieldEntries[issue.code] else { return issue.code.rawValue }
        let template = language == .zhCN ? entry.zh : entry.en
        if let bare = bareFieldEntries[issue.code], !placeholders(in: template).isSubset(of: issue.parameters.keys) {
            return language == .zhCN ? bare.zh : bare.en
        }
        return fill(template, shown)
    }

    /// The `{name}`s a template asks for.
    static func placeholders(in template: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// Replaces each `{name}` of the template whose name is a parameter by its value, in one pass
    /// over the bytes: a value is never scanned again (so a value holding `{x}` stays as written,
    /// whatever the dictionary's order), and unknown names stay as they are. One
    /// `replacingOccurrences` per parameter was about 7 % of a created listing's request CPU
    /// (every pre-screen signal's explanation is filled).
    static func fill(_ template: String, _ parameters: [String: String]) -> String {
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        guard !parameters.isEmpty, template.utf8.contains(open) else { return template }
        let bytes = Array(template.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        var index = 0
        while index < bytes.count {
            if bytes[index] == open, let end = bytes[(index + 1)...].firstIndex(of: close),
                let value = parameters[String(decoding: bytes[(index + 1)..<end], as: UTF8.self)]
            {
                out.append(contentsOf: value.utf8)
                index = end + 1
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
