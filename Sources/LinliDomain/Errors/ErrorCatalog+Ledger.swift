/// Messages for the ledger's codes (errors and the near-limit warning). Amounts are named in the
/// text so a station-staff member can read the answer out to a resident as it is.
extension ErrorCatalog {
    static let ledgerEntries: [String: Entry] = [
        "ledger.unbalanced": Entry(
            zhTitle: "转账不平衡", enTitle: "Unbalanced transfer",
            zhDetail: "一笔转账的各分录之和必须为 0，实际为 {sum}。",
            enDetail: "The postings of a transfer must sum to zero; these sum to {sum}."),
        "ledger.invalid_shape": Entry(
            zhTitle: "转账账户不符合规则", enTitle: "Accounts do not fit the transfer kind",
            zhDetail: "{kind} 类转账的账户不符合规则：{detail}",
            enDetail: "The accounts do not fit a {kind} transfer: {detail}"),
        "ledger.amount_out_of_range": Entry(
            zhTitle: "积分数额无效", enTitle: "Invalid amount",
            zhDetail: "积分数额 {amount} 无效：须为非零整数，且绝对值不超过 {max}。",
            enDetail: "The amount {amount} is invalid: it must be a non-zero whole number of at most {max} points."),
        "ledger.credit_limit_exceeded": Entry(
            zhTitle: "积分不足", enTitle: "Credit limit exceeded",
            zhDetail: "当前余额 {balance} 积分，本次需要 {amount} 积分；余额最低只能到 -{limit}，目前还可用 {available} 积分。",
            enDetail: "The balance is {balance} points and this needs {amount}; the balance may not go below -{limit}, so {available} points are available."),
        "ledger.pool_insufficient": Entry(
            zhTitle: "账户余额不足", enTitle: "Insufficient balance",
            zhDetail: "{account} 的余额为 {balance} 积分，不足以支出 {amount} 积分。",
            enDetail: "{account} holds {balance} points and cannot pay out {amount}."),
        "ledger.idempotency_conflict": Entry(
            zhTitle: "幂等键已被使用", enTitle: "Idempotency key already used",
            zhDetail: "幂等键 {key} 已用于另一笔内容不同的转账（{transfer_id}）。",
            enDetail: "The idempotency key {key} was already used for a different transfer ({transfer_id})."),
        "ledger.hold_state": Entry(
            zhTitle: "预留单状态不允许此操作", enTitle: "Hold is in the wrong state",
            zhDetail: "预留单 {id} 当前状态为 {state}，不能执行 {action}。",
            enDetail: "Hold {id} is {state}; it cannot be {action}."),
        "ledger.not_reversible": Entry(
            zhTitle: "该转账不能冲正", enTitle: "Transfer cannot be reversed",
            zhDetail: "{kind} 类转账（{id}）不能冲正；预留与释放请通过预留单处理，冲正记录不能再次冲正。",
            enDetail: "A {kind} transfer ({id}) cannot be reversed; holds are settled through the hold, and reversals are not reversed again."),
        "ledger.already_reversed": Entry(
            zhTitle: "该转账已冲正", enTitle: "Transfer already reversed",
            zhDetail: "转账 {id} 已由 {reversal_id} 冲正。", enDetail: "Transfer {id} was already reversed by {reversal_id}."),
        "ledger.own_account": Entry(
            zhTitle: "不能处理自己的积分账户", enTitle: "Not on your own account",
            zhDetail: "工作人员不能给自己发放奖励、调整自己的余额，或冲正自己参与的转账；请由另一位工作人员办理。",
            enDetail: "Staff cannot reward themselves, adjust their own balance or reverse a transfer they were part of; another staff member must do it."),
        "ledger.own_household": Entry(
            zhTitle: "不能处理自己家庭成员的积分", enTitle: "Not for your own household",
            zhDetail: "成员 {member_id} 与您同住一户（{household_id}）。工作人员不能为同户成员发放奖励、调整余额、冲正其转账或指定其为补偿对象；请由另一位工作人员办理。",
            enDetail: "Member {member_id} lives in your household ({household_id}); staff cannot do a {action} for their own household; another staff member must do it."),
        "ledger.organizer_daily_cap_exceeded": Entry(
            zhTitle: "超出今日奖励发放上限", enTitle: "Daily reward cap reached",
            zhDetail: "您今天已发放 {granted_today} 积分奖励，每日上限 {cap}，本次 {amount}，今天最多还能发放 {remaining}。",
            enDetail: "You granted {granted_today} reward points today; the daily cap is {cap}, this grant is {amount}, {remaining} remain today."),
        "ledger.recipient_banned": Entry(
            zhTitle: "该成员已被永久禁用", enTitle: "The member is banned",
            zhDetail: "该成员已被永久禁用，不能再获得奖励。如果禁用有误，请先通过申诉或管理员恢复其状态。",
            enDetail: "This member is banned and cannot receive rewards. If the ban was a mistake, restore their status first (appeal or admin)."),
        "ledger.reward_daily_limit": Entry(
            zhTitle: "今日该奖励次数已满", enTitle: "Reward already granted today",
            zhDetail: "规则文件规定每位居民每天最多获得 {per_day} 次“{category_name_zh}”奖励，今天已经发满。",
            enDetail: "The rule file allows {per_day} grant(s) of “{category_name_en}” per member per day; this member already has them today."),
        "ledger.member_daily_reward_cap_exceeded": Entry(
            zhTitle: "超出该居民今日奖励上限", enTitle: "Member's daily reward cap reached",
            zhDetail: "该居民今天已获得 {received_today} 积分奖励，每日上限 {cap}，本次 {amount}，今天最多还能获得 {remaining}。",
            enDetail: "This member received {received_today} reward points today; the daily cap is {cap}, this grant is {amount}, {remaining} remain today."),
        "ledger.near_credit_limit": Entry(
            zhTitle: "积分余额偏低", enTitle: "Balance close to the credit limit",
            zhDetail: "余额为 {balance} 积分，已到提醒线 {threshold}；透支下限为 {limit}，目前还可用 {available} 积分。",
            enDetail: "The balance is {balance} points, at or below the warning line of {threshold}; the credit limit is {limit}, and {available} points can still be spent."),
        "transfer.not_found": Entry(
            zhTitle: "转账不存在", enTitle: "Transfer not found",
            zhDetail: "找不到转账 {id}。", enDetail: "Transfer {id} was not found."),
        "hold.not_found": Entry(
            zhTitle: "预留单不存在", enTitle: "Hold not found",
            zhDetail: "找不到预留单 {id}。", enDetail: "Hold {id} was not found."),
    ]
}
