/// What a chat platform's business error code (`errcode` / `code` in a 200 answer) means.
///
/// Codes not listed here are retried on the normal schedule: an unknown code is more likely a
/// transient platform problem than a permanent one, and the schedule is bounded.
enum ChatErrorCodes {
    enum Meaning {
        /// Platform rate limit: retry no sooner than the given seconds.
        case rateLimited(minimumDelay: Double)
        /// The robot key / token / signature is invalid: nothing to this endpoint can succeed.
        case endpointBroken
        /// This message is malformed or refused by content rules: final for the message.
        case messageRejected
        /// Transient platform failure.
        case transient
    }

    static func meaning(of code: Int64, format: EndpointFormat) -> Meaning? {
        switch format {
        case .standard: nil
        case .wecom: wecom[code]
        case .dingtalk: dingTalk[code]
        case .feishu: feishu[code]
        }
    }

    /// WeChat Work group robot.
    static let wecom: [Int64: Meaning] = [
        -1: .transient,                         // system busy
        45009: .rateLimited(minimumDelay: 60),  // api freq out of limit (20/min per robot)
        93000: .endpointBroken,                 // invalid webhook url / key
        93004: .endpointBroken,                 // robot removed from the group
        40008: .messageRejected,                // invalid message type
        40058: .messageRejected,                // invalid parameter (e.g. bad mention list)
        44004: .messageRejected,                // empty content
        45002: .messageRejected,                // content too long
        40035: .messageRejected,                // invalid parameter
    ]

    /// DingTalk custom robot. Over 20/min the robot is blocked for about ten minutes.
    /// (Helper 119 compared it with the codes DingTalk's custom-robot page and the public SDKs
    /// list: 410100, 400102, 400013 and 400106 were retried on the schedule, the content codes
    /// too, though resending the same text cannot pass.)
    static let dingTalk: [Int64: Meaning] = [
        -1: .transient,
        130101: .rateLimited(minimumDelay: 600),  // send too fast, over 20 a minute: blocked ten minutes
        410100: .rateLimited(minimumDelay: 600),  // send too fast, limited
        90030: .rateLimited(minimumDelay: 3600),  // webhook over limit (the organisation's call quota)
        300001: .endpointBroken,                // token does not exist
        400013: .endpointBroken,                // the group was dissolved
        400101: .endpointBroken,                // access_token does not exist
        400102: .endpointBroken,                // robot deactivated
        400106: .endpointBroken,                // robot does not exist
        400105: .messageRejected,               // message type not supported
        430101: .messageRejected,               // unsafe external link in the content
        430102: .messageRejected,               // inappropriate text
        430103: .messageRejected,               // inappropriate image
        430104: .messageRejected,               // inappropriate content
        // Keyword, signature or timestamp refused by the robot's security settings. A missing
        // keyword is per message; a wrong secret repeats on every message and is caught by the
        // endpoint's continuous-failure rule, so this is final for the message only.
        310000: .messageRejected,
        40035: .messageRejected,                // missing parameter
        43004: .messageRejected,                // invalid content type
        460101: .messageRejected,               // message too long
    ]

    /// Feishu / Lark custom bot.
    static let feishu: [Int64: Meaning] = [
        11232: .rateLimited(minimumDelay: 60),  // frequency limited
        9499: .messageRejected,                 // bad request
        19001: .messageRejected,                // param invalid
        19002: .messageRejected,                // content too long / invalid
        19024: .messageRejected,                // keyword not found
        19021: .endpointBroken,                 // sign match fail (secret wrong or clock off by an hour)
        19022: .endpointBroken,                 // source IP not allowed
        19007: .endpointBroken,                 // bot not enabled / removed
    ]
}
