/// Messages for the trust capability's codes: reports, cases, appeals and stored fraud signals.
extension ErrorCatalog {
    static let trustEntries: [String: Entry] = [
        "notification.not_found": Entry(
            zhTitle: "消息不存在", enTitle: "Notification not found",
            zhDetail: "找不到消息 {id}。", enDetail: "Notification {id} was not found."),
        "case.not_found": Entry(
            zhTitle: "案件不存在", enTitle: "Case not found",
            zhDetail: "找不到案件 {id}。", enDetail: "Case {id} was not found."),
        "case_action.not_found": Entry(
            zhTitle: "处理措施不存在", enTitle: "Action not found",
            zhDetail: "找不到处理措施 {id}。", enDetail: "Action {id} was not found."),
        "appeal.not_found": Entry(
            zhTitle: "申诉不存在", enTitle: "Appeal not found",
            zhDetail: "找不到申诉 {id}。", enDetail: "Appeal {id} was not found."),
        "fraud_signal.not_found": Entry(
            zhTitle: "风险信号不存在", enTitle: "Fraud signal not found",
            zhDetail: "找不到风险信号 {id}。", enDetail: "Fraud signal {id} was not found."),
        "report.rate_limited": Entry(
            zhTitle: "举报过于频繁", enTitle: "Too many reports",
            zhDetail: "每人每天最多举报 {limit} 次，请明天再试。",
            enDetail: "A member may file at most {limit} reports per day; try again tomorrow."),
        "report.own_target": Entry(
            zhTitle: "不能举报自己", enTitle: "Cannot report yourself",
            zhDetail: "不能举报自己或自己发布的信息。", enDetail: "You cannot report yourself or your own listing."),
        "device_id.invalid": Entry(
            zhTitle: "设备标识无效", enTitle: "Invalid device id",
            zhDetail: "请求头 X-Linli-Device 须为 8 至 {max} 个可见 ASCII 字符（例如安装时生成的 UUID）。",
            enDetail: "The X-Linli-Device header must be 8 to {max} visible ASCII characters (for example a UUID generated at install)."),
        "report.not_a_party": Entry(
            zhTitle: "只能举报自己参与的交换", enTitle: "Not your exchange",
            zhDetail: "只有交换的双方（或代办的站点工作人员）可以举报这次交换。",
            enDetail: "Only the two sides of an exchange (or the station staff acting for one) may report it."),
        "case.claimed_by_other": Entry(
            zhTitle: "案件已被认领", enTitle: "Case claimed by someone else",
            zhDetail: "该案件正由 {claimed_by_name}（{claimed_by}）处理（至 {until}）。",
            enDetail: "This case is being handled by {claimed_by_name} ({claimed_by}) until {until}."),
        "case.not_claimed": Entry(
            zhTitle: "请先认领案件", enTitle: "Claim the case first",
            zhDetail: "处理案件前需要先认领，且认领未过期。", enDetail: "Resolving a case needs a live claim of your own."),
        "case.already_resolved": Entry(
            zhTitle: "案件已处理", enTitle: "Case already resolved",
            zhDetail: "该案件已经处理完毕。", enDetail: "This case has already been resolved."),
        "case.own": Entry(
            zhTitle: "不能处理与自己有关的案件", enTitle: "Your own case",
            zhDetail: "审核员不能处理针对自己的案件。", enDetail: "Moderators do not handle cases about themselves."),
        "moderation.own_household": Entry(
            zhTitle: "不能处理同户成员的事项", enTitle: "Not for your own household",
            zhDetail: "成员 {member_id} 与您同住一户（{household_id}）。与其有关的审核与处理（案件、申诉、风险信号、账户状态、发布审核、评价、身份核验、住户登记、以自己为代办人的授权登记）须由与双方无关的工作人员办理，请交给另一位工作人员。",
            enDetail: "Member {member_id} lives in your household ({household_id}); a {decision} about them must be handled by staff with no stake in it. Hand it to another member of staff."),
        "case.compensation_needs_admin": Entry(
            zhTitle: "补偿超出审核员权限", enTitle: "Compensation beyond a moderator's authority",
            zhDetail: "审核员最多可判补偿 {max} 积分（社区规则中的欠分上限）；{points} 积分须由管理员决定。",
            enDetail: "A moderator may order at most {max} points of compensation (the community's credit limit); {points} points is an admin's decision."),
        "case.compensation_past_credit_limit": Entry(
            zhTitle: "补偿超出欠分上限", enTitle: "Compensation past the credit limit",
            zhDetail: "成员 {member_id} 现有 {balance} 积分；审核员判的补偿最多使其降到欠分上限 -{limit}，即最多 {max} 积分。{points} 积分须由管理员决定。",
            enDetail: "Member {member_id} has {balance} points; a moderator's compensation may take them down to the credit limit (-{limit}) at most, that is {max} points. {points} points is an admin's decision."),
        "moderation.registered_for_member": Entry(
            zhTitle: "不能处理您代为登记的事项", enTitle: "Not for work you registered",
            zhDetail: "您曾以成员 {member_id} 的名义登记了这条发布或这次交换。与此有关的案件、申诉和处理须由与此无关的工作人员办理，请交给另一位工作人员。",
            enDetail: "You registered this listing or exchange in the name of member {member_id}; a {decision} about it must be handled by staff with no stake in it. Hand it to another member of staff."),
        "case.reported_by_someone_you_act_for": Entry(
            zhTitle: "举报人是您代办的居民", enTitle: "Reported by someone you act for",
            zhDetail: "这个案件的举报人中有您（曾）代办的居民。请交给与此无关的审核员处理；您仍可查看案件、添加备注。",
            enDetail: "A resident you act, or acted, for reported this case. Hand it to a moderator with no stake in it; you may still read it and add notes."),
        "moderation.acts_for_member": Entry(
            zhTitle: "不能处理您代办过的成员的事项", enTitle: "Not for someone you act for",
            zhDetail: "您是（或曾是）成员 {member_id} 的代办人。与其有关的审核与处理（案件、申诉、风险信号、账户状态、评价）须由与其无关的工作人员办理，请交给另一位工作人员。",
            enDetail: "You act, or acted, for member {member_id}; a {decision} about them must be handled by staff with no stake in it. Hand it to another member of staff."),
        "case.own_report": Entry(
            zhTitle: "不能处理自己家举报的案件", enTitle: "Reported from your household",
            zhDetail: "您或同户成员举报了该案件。举报人不做裁决（维持举报还会给举报人奖励积分），请交给另一位审核员。",
            enDetail: "You or someone in your household reported this case. Whoever reports does not decide (an upheld case also rewards its reporters): hand it to another moderator."),
        "moderation.reported_by_you": Entry(
            zhTitle: "您这一方举报的事项请在案件中处理", enTitle: "Reported from your side",
            zhDetail: "您、同户成员或您（曾）代办的居民举报了此事，案件 {case_id} 尚未处理完。举报一方不做处理（下架或变更账户状态也不行），请由另一位审核员在该案件中处理。",
            enDetail: "You, someone in your household or a resident you act (or acted) for reported this, and case {case_id} is still open. The reporting side does not decide, by hand ({decision}) either: another moderator decides it in that case."),
        "case.frozen_exchange_party": Entry(
            zhTitle: "案件冻结了您家庭参与的交换", enTitle: "The case holds your household's exchange",
            zhDetail: "该案件冻结的交换中，一方是 {member_id}（您本人或同户成员）。处理案件会解冻这些积分，须由另一位审核员办理。",
            enDetail: "An exchange this case holds frozen has {member_id} (you or a housemate) as one side. Deciding the case releases those points, so another moderator must handle it."),
        "appeal.not_appellant": Entry(
            zhTitle: "只能申诉针对自己的处理", enTitle: "Not your action to appeal",
            zhDetail: "只有被处理的成员本人可以申诉；居民不便使用手机的，可由社区服务站工作人员代她填写。",
            enDetail: "Only the member the action was taken against may appeal it; for a resident who cannot use the app, the service station's staff may write it for her."),
        "appeal.desk_decides": Entry(
            zhTitle: "裁决申诉的人不代填申诉", enTitle: "Deciders do not file for members",
            zhDetail: "您有权裁决申诉，不能代居民填写（否则这份申诉可能无人能裁决）。请由服务站其他工作人员代填。",
            enDetail: "You decide appeals, so you do not write one for a member (it might be left with nobody to decide it): another member of the station's staff writes it."),
        "appeal.desk_reported": Entry(
            zhTitle: "不能代填针对自己举报的申诉", enTitle: "You reported this case",
            zhDetail: "您、同户成员或您（曾）代办的居民举报了案件 {case_id}，不能代被处理的居民申诉（每项处理只能申诉一次）。请由服务站其他工作人员代填。",
            enDetail: "You, someone in your household or a resident you act (or acted) for reported case {case_id}, so you do not write the appeal against it (each action is appealed once): another member of the station's staff writes it."),
        "appeal.consent_withdrawn": Entry(
            zhTitle: "居民已撤回对您的代办授权", enTitle: "She withdrew her consent naming you",
            zhDetail: "这位居民撤回过对您的代办授权，您不能以她的名义申诉。请由服务站其他工作人员代填。",
            enDetail: "This resident withdrew a consent naming you, so you do not appeal in her name: another member of the station's staff writes it."),
        "appeal.filed_by_you": Entry(
            zhTitle: "不能裁决自己代填的申诉", enTitle: "You filed this appeal",
            zhDetail: "这份申诉是您代居民填写的，须由另一位审核员裁决。",
            enDetail: "You wrote this appeal for the member: another moderator decides it."),
        "appeal.not_appealable": Entry(
            zhTitle: "该处理不可申诉", enTitle: "Not appealable",
            zhDetail: "驳回举报不是针对成员的处理，不能申诉。", enDetail: "A dismissal is not an action against a member."),
        "appeal.window_closed": Entry(
            zhTitle: "申诉期已过", enTitle: "Appeal window closed",
            zhDetail: "这项处理可申诉至 {appeal_until}，现已超过期限。", enDetail: "This action could be appealed until {appeal_until}; that time has passed."),
        "appeal.already_filed": Entry(
            zhTitle: "已经申诉过", enTitle: "Already appealed",
            zhDetail: "每项处理只能申诉一次。", enDetail: "Each action can be appealed once."),
        "appeal.same_moderator": Entry(
            zhTitle: "需由其他审核员裁决", enTitle: "Another moderator must decide",
            zhDetail: "申诉必须由作出原处理以外的审核员裁决。",
            enDetail: "An appeal is decided by a moderator other than the one who took the action."),
        "appeal.already_decided": Entry(
            zhTitle: "申诉已裁决", enTitle: "Appeal already decided",
            zhDetail: "该申诉已经有了结论。", enDetail: "This appeal has already been decided."),
        "fraud_signal.already_dismissed": Entry(
            zhTitle: "信号已驳回", enTitle: "Signal already dismissed",
            zhDetail: "该风险信号已被驳回。", enDetail: "This fraud signal has already been dismissed."),
    ]
}
