/// Messages for residents' consents that a staff member acts for them (`ProxyConsent`). Read out
/// at the service desk as often as on a phone: they say whose consent it is and what to do.
extension ErrorCatalog {
    static let proxyEntries: [String: Entry] = [
        "proxy.not_found": Entry(
            zhTitle: "代办授权不存在", enTitle: "Consent not found",
            zhDetail: "找不到代办授权 {id}。", enDetail: "Consent {id} was not found."),
        "proxy.member_not_resident": Entry(
            zhTitle: "只能为居民办理代办授权", enTitle: "Only residents give this consent",
            zhDetail: "成员 {id} 担任社区工作角色，需本人办理自己的事务，不能授权他人代办。",
            enDetail: "Member {id} holds a staff role and handles their own affairs; they cannot consent to someone acting for them."),
        "proxy.member_inactive": Entry(
            zhTitle: "该居民暂不能办理代办授权", enTitle: "Resident cannot give consent now",
            zhDetail: "居民 {id} 已被暂停或封禁，期间任何人都不能代其办理，恢复后再登记。",
            enDetail: "Resident {id} is suspended or banned; nobody acts in their name meanwhile. Record the consent once they are reinstated."),
        "proxy.agent_cannot_act": Entry(
            zhTitle: "被授权的工作人员目前不能代办", enTitle: "The agent cannot act now",
            zhDetail: "这份授权的工作人员 {name} 目前不能代人办理（已被暂停、封禁或不再担任工作人员），不能为其续期。请在小程序中授权另一位工作人员，或到社区服务站办理。",
            enDetail: "{name}, the staff member this consent names, cannot act for anyone now (suspended, banned or no longer staff), so it is not renewed. Consent to another member of staff in the app, or at the service station."),
        "proxy.already_granted": Entry(
            zhTitle: "已有有效的代办授权", enTitle: "Consent already given",
            zhDetail: "该居民已授权这位工作人员代办（授权 {proxy_id}，有效至 {expires_at}）。如需延长，请为这份授权续期，不必撤销后重新授权（撤销会让这位工作人员暂时不能再代办）。",
            enDetail: "The resident has already consented to this staff member acting for them (consent {proxy_id}, until {expires_at}). To extend it, renew that consent rather than withdrawing it and giving a new one (a withdrawal turns this staff member away until she consents again)."),
        "proxy.withdrawn_by_member": Entry(
            zhTitle: "对您的代办授权曾被撤销", enTitle: "A consent naming you was withdrawn",
            zhDetail: "居民（或工作人员应她要求）曾于 {revoked_at} 撤销对您的代办授权。再次授权您代办，须由她本人在小程序中授权，或由另一位工作人员在她到场时登记。",
            enDetail: "The resident (or staff at her request) withdrew a consent naming you on {revoked_at}. A consent naming you again is given by her in the app, or recorded at the desk by another member of staff with her present."),
        "proxy.consent_withdrawn": Entry(
            zhTitle: "居民已撤回对您的代办授权", enTitle: "She withdrew her consent naming you",
            zhDetail: "这位居民于 {revoked_at} 撤回了对您的代办授权，您不能再以她的名义办理：新的发布、交换申请、活动报名、登录凭证，以及之前为她登记的发布和交换。请由服务站其他工作人员办理，或等她本人重新授权。",
            enDetail: "This resident withdrew her consent naming you on {revoked_at}, so you no longer act in her name: no new listings, exchange requests, event registrations or tokens, nor the listings and exchanges you registered for her before. Another member of the station's staff can, or she may give you her consent again."),
        "proxy.token_from_agent": Entry(
            zhTitle: "不能用对方办理的登录凭证授权", enTitle: "Not with a token the agent issued",
            zhDetail: "您于 {revoked_at} 撤回过对 {agent_name} 的代办授权，而现在使用的登录凭证是 {agent_name} 为您办理的，不能用它重新授权给 {agent_name}。如确实要再次授权，请用您自己的登录凭证，或到服务站请其他工作人员在您本人在场时登记。",
            enDetail: "You withdrew your consent naming {agent_name} on {revoked_at}, and the token in use now was issued for you by {agent_name}, so it cannot give {agent_name} your consent again. To do so, use a token of your own, or ask other staff at the service station to record it with you present."),
        "proxy.token_from_housemate": Entry(
            zhTitle: "不能用同户家人办理的登录凭证授权给他", enTitle: "Not with a token your housemate issued",
            zhDetail: "现在使用的登录凭证是 {agent_name} 为您办理的，而 {agent_name} 与您同住一户，不能用它把代办授权给 {agent_name}。请到服务站请其他工作人员在您本人在场时登记。",
            enDetail: "The token in use now was issued for you by {agent_name}, who lives in your household, so it cannot give {agent_name} your consent. Ask other staff at the service station to record it with you present."),
        "proxy.not_active": Entry(
            zhTitle: "代办授权已失效", enTitle: "Consent no longer in force",
            zhDetail: "代办授权 {id} 已撤销或已到期，无需再撤销。", enDetail: "Consent {id} was already withdrawn or has ended; there is nothing to withdraw."),
    ]
}
