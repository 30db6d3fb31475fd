import Foundation

public enum NotificationIDKind: IdentifierKind { public static let prefix = "ntf" }
public typealias NotificationID = Identifier<NotificationIDKind>

/// A message to one member about something a moderator or the service did that concerns them:
/// an action taken against them, the outcome of their report, compensation they received, their
/// appeal decided, their exchange's points frozen or released.
///
/// Why an inbox and not only webhooks: webhooks go to the community's chat groups, and a group
/// is no place to tell a member they were warned, nor to tell a reporter how their report ended
/// (that would expose who reported). The mini-program reads the inbox; a push integration can
/// follow the `member.notified` outbox event, which carries ids and the kind, never the text (and
/// is not raised for a report's outcome: `Kind.isAnnounced`).
public struct MemberNotification: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A case resolution took an action against the member (`action`, `days`, `points`, `case_id`,
        /// `reason`: the resolution's, `appeal_until`: the community's local time; `listing_title` of the
        /// listing a `remove_listing` took down; for a suspension, `until` its end, or `still` and
        /// `still_until` the heavier standing already in force that kept it from applying).
        case actionTaken = "action_taken"
        /// The member's report was handled (`outcome`: upheld / dismissed, `reward` points if any).
        case reportResolved = "report_resolved"
        /// Every action of a case the member reported was overturned on appeal, and the reward she
        /// was told of will not be paid (`case_id`, `reward`): helper 118, it was withdrawn silently.
        case reportRewardWithdrawn = "report_reward_withdrawn"
        /// The member received compensation from an offender (`points`, `case_id`).
        case compensationReceived = "compensation_received"
        /// A compensation the member had received went back to the offender, whose appeal against it
        /// was upheld by overturning the action (`points`, `case_id`).
        case compensationReturned = "compensation_returned"
        /// The member's appeal was decided (`status`: upheld / overturned, `action`; `still`:
        /// suspended / banned, with `still_until` and `still_reason`, when an overturned suspension
        /// or ban leaves her restricted by another decision).
        case appealDecided = "appeal_decided"
        /// The points held for the member's exchange are frozen pending a moderator (`exchange_id`, `case_id`).
        case exchangeFrozen = "exchange_frozen"
        /// The freeze was lifted (`exchange_id`).
        case exchangeUnfrozen = "exchange_unfrozen"
        /// The member's contest of a no-show was decided (`exchange_id`, `status`: upheld / overturned;
        /// `points` when overturned and the member, the provider, was paid; `note`: the moderator's).
        case noShowContestDecided = "no_show_contest_decided"
        /// To the other side of an exchange whose no-show record the absent member contested
        /// (`exchange_id`, `title`; not the contest's reason, which may be about her health or
        /// family and is the moderators' to read, helper 146 #8): the record they rely on is in
        /// question, and a moderator decides who pays (helper 144 #3: she heard of it only when
        /// her points were taken).
        case noShowContestedAgainstYou = "no_show_contested_against_you"
        /// To that other side: how the contest ended (`exchange_id`, `status`: upheld / overturned,
        /// `role`: the member's, payer / provider; `unpaid` when the item went to someone else
        /// since; `note`: the moderator's). `no_show_contested_against_you` promised it, and only a
        /// payer made to pay heard anything (helper 162 #1); that payer hears
        /// `no_show_payment_imposed` instead.
        case noShowContestDecidedForOther = "no_show_contest_decided_for_other"
        /// The member was recorded absent from an exchange (`exchange_id`, `penalty` points charged,
        /// `contest_days` to contest it): a mark and a penalty they would otherwise find only on
        /// their statement, after the window to contest had passed (helper 104, session 31).
        case noShowRecorded = "no_show_recorded"
        /// A moderator recorded that the other side of the member's exchange did not turn up
        /// (`exchange_id`, `points`, `role`: payer / provider): the exchange ended and, for the
        /// payer, the held points came back. Helper 118: she was not told, and learnt of it only
        /// when an overturned contest later made her pay.
        case otherSideNoShowRecorded = "other_side_no_show_recorded"
        /// The other side disputed the member's exchange (`exchange_id`, `kind`, `by`: the side that
        /// disputed, payer or provider): the held points
        /// wait for a moderator, and the member should not hear it first from the decision.
        case exchangeDisputed = "exchange_disputed"
        /// The other side withdrew the dispute of the member's exchange (`exchange_id`): it goes on
        /// as accepted, and no decision will come.
        case exchangeDisputeWithdrawn = "exchange_dispute_withdrawn"
        /// A no-show naming the other side was overturned and the member, the payer, paid them the
        /// exchange's points (`exchange_id`, `points`): points left their account on a moderator's
        /// decision, so they hear it from the service.
        case noShowPaymentImposed = "no_show_payment_imposed"
        /// A moderator decided the dispute of the member's exchange (`exchange_id`, `outcome`:
        /// compensate / refund, `points` compensated, `settled_points` paid to the provider): a
        /// decision that moves points and may cost credit is told to both sides.
        case disputeResolved = "dispute_resolved"
        /// A seat freed and the member's waiting registration moved up (`event_id`, `title`, `starts_at`).
        case eventSeatGranted = "event_seat_granted"
        /// Station staff or an organizer registered the member, who should know where they are
        /// expected (`event_id`, `title`, `starts_at`, `state`, `staff_name`; none before 0.38).
        case eventRegisteredForYou = "event_registered_for_you"
        /// An event the member registered for changed its time or place (`event_id`, `title`, `starts_at`, `place`).
        case eventChanged = "event_changed"
        /// Station staff or an organizer gave the member's registration up for them (`event_id`,
        /// `title`, `starts_at`, `place`, `reason` if given): nobody loses a seat without hearing it.
        case eventRegistrationCancelled = "event_registration_cancelled"
        /// Registration for an event closed while the member waits in line (`event_id`, `title`,
        /// `starts_at`, `place`, `waiting_position`): her place stands, and she should not expect a
        /// seat unless someone ahead gives theirs up.
        case eventRegistrationClosedWaiting = "event_registration_closed_waiting"
        /// An event the member registered for was cancelled (`event_id`, `title`, `reason`).
        case eventCancelled = "event_cancelled"
        /// To the staff member who registered a resident for an event: what her own inbox was told
        /// (`news`: changed, cancelled, seat_granted, reminder, registration_cancelled or
        /// registration_closed (with `waiting_position`);
        /// `resident_name`, `member_id`, `event_id`,
        /// `title`, `starts_at`, `ends_at`, `place`, `reason` of a cancellation), since she may
        /// never open it (`EventRegistrarNotices`).
        case eventNewsForRegistrar = "event_news_for_registrar"
        /// To the staff member who registered a resident's side of an exchange: a notice her inbox
        /// was told about it (`forwarded_kind` and its parameters, `resident_name`, `resident_id`),
        /// shown as she reads it, since she may never open it (`ExchangeRegistrarNotices`).
        case exchangeNewsForRegistrar = "exchange_news_for_registrar"
        /// The day before an event the member holds a seat at (`event_id`, `title`, `starts_at`, `place`).
        case eventReminder = "event_reminder"
        /// To moderators and admins: a case resolution brought a member to
        /// `moderation.strikes_before_suspension` standing strikes without suspending them, so a
        /// suspension is proposed for one of them to decide (`member_id`, `case_id`, `strikes`). It
        /// never names a reporter: the case does, to those who may read it.
        case suspensionProposed = "suspension_proposed"
        /// To organizers and admins (who may upload rule files): the rule file in force lists no
        /// public holiday of a year its time slots pay for (`year`, `stage`: `upcoming` from
        /// 1 December, `missing` once the year has begun; `version` in force, `last_listed`).
        case holidaysNeeded = "holidays_needed"
        /// To admins, once, at the upgrade to 0.38 (`WebhookRestrictedReview`): a `standard` endpoint
        /// named restricted event types (one member's matters, the moderators' queue) that someone
        /// who set it up may not follow, and they were removed from its filter, or it was disabled
        /// when nothing else was left (`endpoint_id`, `url` masked, `description` when it has one,
        /// `withdrawn` patterns, `disabled`, `set_up_by`: who created or edited it, empty when
        /// nobody is recorded): one who may follow them can name them again.
        case webhookEventsWithdrawn = "webhook_events_withdrawn"
        /// To organizers and admins (who manage webhooks): an endpoint is failing (a message used
        /// up its retries, or the receiver's answer gave it up) or was disabled (`endpoint_id`, `url`
        /// masked, `description` when it has one, `reason_code` and `reason` (shown in words,
        /// `WebhookFailureWords`), `disabled`), once per failing period
        /// as `endpoint.failing`: that event reaches only endpoints that follow it, and a community
        /// with one chat group had nobody told.
        case webhookEndpointFailing = "webhook_endpoint_failing"
        /// Someone else (station staff acting for her) edited, submitted or withdrew the member's
        /// listing in her name (`listing_id`, `title`, `step`: edited / submitted / withdrawn,
        /// `listing_status`, `staff_name`).
        case listingStepForYou = "listing_step_for_you"
        /// Someone else changed the member's name, phone or household (`changed`: a comma list of
        /// name, phone, household) or her real-name verification (`changed`: verification,
        /// `verified`, `reason` if given), `staff_name`.
        case profileChangedForYou = "profile_changed_for_you"
        /// A moderator or admin changed the member's standing by hand (not through a case, whose
        /// action is told as `action_taken`) (`status`: suspended / banned / active, `until` in
        /// the community's local time for a suspension with an end, `reason`): she could learn it
        /// only from 403 `auth.member_inactive` (helper 118).
        case standingChanged = "standing_changed"
        /// A consent that a staff member acts for her was given (`proxy_id`, `agent_name`,
        /// `expires_at`; `recorded_by_name` when staff recorded it at the desk): she hears it on her
        /// own phone (or her family does), so a consent she never gave does not go unnoticed.
        case proxyRecordedForYou = "proxy_recorded_for_you"
        /// A listing the member's request waits on changed (an edit approved by a moderator) before
        /// its owner accepted (`exchange_id`, `listing_id`, `title`, `previous_title` when it changed,
        /// `requested_points`, `current_points`): they should look again before the hand-over.
        case requestedListingChanged = "requested_listing_changed"
        /// A repeatable offer the member has booked (accepted, not yet ended) changed its wording,
        /// photos or place (an edit approved by a moderator; what the booking settles on cannot
        /// change) (`exchange_id`, `listing_id`, `title`, `previous_title` when it changed).
        case bookedListingChanged = "booked_listing_changed"
        /// A moderator took down the listing of an exchange the member is party to and that goes
        /// on (accepted or disputed) (`exchange_id`, `listing_id`, `title`, `reason_code`): she
        /// decides whether to go on with it, knowing why (helper 118: the payer of a reserved item
        /// taken down as commercial was not told, and could confirm and pay for it).
        case bookedListingRemoved = "booked_listing_removed"
        /// Someone other than the member withdrew her consent (the staff member giving it up, or
        /// staff at her request at the desk, `withdrawn_by_name` and their `reason`) (`proxy_id`,
        /// `agent_name`, `reason` if given), or a role change ended it (`cause`: `agent_left_staff`, `member_took_staff_role`);
        /// `cause: agent_gave_up` when the staff member gave it up.
        case proxyRevoked = "proxy_revoked"
        /// For the agent: the resident (or staff at her request) withdrew a consent naming them
        /// (`proxy_id`, `resident_name`; `withdrawn_by_name` for staff at the desk): the work they registered for her stops being theirs to
        /// carry on, and they learnt it only from a refusal at the next step (helper 140 #10).
        /// Her reason is not passed on: it was given for the record, not to them.
        case proxyWithdrawnForAgent = "proxy_withdrawn_for_agent"
        /// Her consent's end was moved later (`proxy_id`, `agent_name`, `expires_at`,
        /// `previous_expires_at`; `recorded_by_name` when staff renewed it at the desk): she hears
        /// of every renewal, as of every consent (helper 144 #14).
        case proxyRenewed = "proxy_renewed"
        /// For the agent, when someone else renewed a consent naming them (`proxy_id`,
        /// `resident_name`, `expires_at`).
        case proxyRenewedForAgent = "proxy_renewed_for_agent"
        /// Her consent ends within `ProxyConsentLimits.reminderDays` (`proxy_id`, `agent_name`,
        /// `expires_at`), once per end: a year's consent lapsed unnoticed, and the next morning's
        /// walk to the clinic could not be confirmed for her (helper 144 #14).
        case proxyExpiring = "proxy_expiring"
        /// The same reminder for the agent (`proxy_id`, `resident_name`, `expires_at`), who is the
        /// one likely to see her at the desk before it ends.
        case proxyExpiringForAgent = "proxy_expiring_for_agent"
        /// Someone else issued a sign-in token for the member (station staff for a resident
        /// without a phone of her own), other than her first (`token_id`, `issued_by_name`,
        /// `expires_at`): whoever holds it uses her account, so a token she did not ask for must
        /// not go unnoticed.
        case tokenIssuedForYou = "token_issued_for_you"
        /// The new community's hand-over token minted a token for her (`token_id`, `token_name`:
        /// its label, or its id when it has none; `minted_at`, local time) and was revoked. Normally her own
        /// step; if not, someone who saw the hand-over secret minted first, and this is how she
        /// learns which token to revoke (helper 153 #1).
        case handOverTokenUsed = "hand_over_token_used"
        /// A sign-in token someone else issued for the member was revoked because its issuer was
        /// banned or took a role that no longer issues tokens (`token_id`, `issued_by_name`,
        /// `cause`: `banned` or `role_changed`; none before session 27, meaning banned): the
        /// service station issues her a new one. Also
        /// when someone else revoked one of her tokens by hand (`token_id`, `revoked_by_name`,
        /// `tokens`: how many stopped working, those minted through it included).
        case tokenRevokedForYou = "token_revoked_for_you"
        /// Station staff created a listing in the member's name (`listing_id`, `title`,
        /// `registered_by_name`, `listing_status`): it is shown as hers and its exchanges move her points,
        /// so she hears of it as of a consent recorded for her.
        case listingRegisteredForYou = "listing_registered_for_you"
        /// Station staff asked for an exchange in the member's name (`exchange_id`, `listing_id`,
        /// `title`, `points`, `starts_at`, `requested_by_name`; `pays` is `yes` when she pays the
        /// points): the other side will expect her at that time.
        case exchangeRequestedForYou = "exchange_requested_for_you"
        /// Station staff wrote an appeal in the member's name at the desk (`case_id`, `action`,
        /// `action_id`, `staff_name`, `note`): each action is appealed once, so she hears that
        /// hers is spent, and that a moderator will decide it.
        case appealFiledForYou = "appeal_filed_for_you"
        /// A revaluation under rules the community adopted moved the points of the member's live
        /// listing (`listing_id`, `title`, `previous_points`, `points`, `rule_set_version`): what
        /// she offers or asks for is now worth that, and she may withdraw it if it no longer suits.
        case listingRevalued = "listing_revalued"
        /// A moderator refused the member's listing or sent it back for changes, or did so to her
        /// edit of a published one (`listing_id`, `title`, `decision`: rejected / changes_requested,
        /// `subject`: listing / edit, `message` if given): she should not learn it only by opening
        /// the listing (helper 106).
        /// (`decision: removed`, with `reason_code` and `open_exchanges` when some go on: a
        /// moderator took the published listing down; helper 118: the owner was not told.)
        /// (`decision: approved`, with `points` and `original_points` when a moderator corrected
        /// the value: the listing or edit is up; helper 131: the owner waited without a word.)
        case listingReviewed = "listing_reviewed"
        /// An organizer granted the member a reward the rule file names (`transfer_id`, `points`,
        /// `category`, `reward_name_zh`, `reward_name_en`, `reason`): points that arrive unexplained
        /// look like a mistake, and thanking the helper is what the reward is for.
        case pointsRewarded = "points_rewarded"
        /// An administrator credited or debited the member's account (`transfer_id`, `points`,
        /// `direction` credit / debit, `balance` after, `reason`). Points are the community's shared
        /// trust: a resident must never find her balance moved by staff without a word.
        case balanceAdjusted = "balance_adjusted"
        /// An administrator reversed a transfer that moved the member's points (`transfer_id` of
        /// the original, `reversal_id`, `points`, `direction` credit / debit for her, `balance`
        /// after, `reason`). Both sides of a reversed exchange are told.
        case transferReversed = "transfer_reversed"
        /// The member's balance reached the soft warning threshold with this transfer (`balance`,
        /// `limit` the lowest allowed, `available` what is left to spend, `transfer_id`), however
        /// her points moved: the warning in an answer reaches only whoever made the request.
        case nearCreditLimit = "near_credit_limit"
        /// The confirmation period ended without a word from the payer, so the service confirmed
        /// the exchange and settled it (`exchange_id`, `title`, `points` settled, `held`, `role`
        /// payer or provider): points moved that neither side moved.
        case exchangeAutoConfirmed = "exchange_auto_confirmed"
        /// An exchange of the member's was called off (`exchange_id`, `title`, `by`: `other_side`,
        /// or `staff_for_you` with `staff_name` when station staff did it in her name; `reason`;
        /// `starts_at`, her `role` payer / provider, and `refunded` when held points went back:
        /// helper 131, an elder with two exchanges could not tell which was off or where her points went).
        case exchangeCancelled = "exchange_cancelled"
        /// The member's request was closed without an exchange (`exchange_id`, `title`, `cause`:
        /// `owner` declined, `time_passed` before anyone accepted, `listing_unavailable`).
        case exchangeDeclined = "exchange_declined"
        /// Station staff took a step of an exchange in the member's name (`exchange_id`, `title`,
        /// `staff_name`, `step`: accepted / completed / minutes_reported / disputed /
        /// no_show_reported / declined, `points`, `role`: payer / provider, `minutes` for a report):
        /// her points were held, paid or frozen by someone else's hand, and an elder cannot notice
        /// that on a statement she never opens (helpers 114, 117).
        case exchangeStepForYou = "exchange_step_for_you"
        /// A neighbour asked for the member's listing, or offered to help with her request
        /// (`exchange_id`, `listing_id`, `title`, `requester_name`, `points`, `starts_at`, `pays`:
        /// `yes` when she, the owner, pays): she answers it, and an elder does not look at a
        /// list of requests she was never told of (helper 127).
        case exchangeRequested = "exchange_requested"
        /// The owner accepted the member's request (`exchange_id`, `title`, `points`, `starts_at`,
        /// `pays`: `yes` when she pays, the points now held from her account): she is expected
        /// then, and her points moved (helper 127).
        case exchangeAccepted = "exchange_accepted"
        /// The payer confirmed the member's exchange done and its points were paid to her
        /// (`exchange_id`, `title`, `points` paid; `held` when fewer were paid than held, `minutes`
        /// confirmed for time): helper 131, points arrived without a word.
        case exchangeCompleted = "exchange_completed"
        /// The provider of the member's time exchange reported how long it took (`exchange_id`,
        /// `title`, `minutes`; `floor`, the fewest she may confirm: no more than the booking):
        /// she confirms what was done, and pays for that
        /// (helper 187 #3: unaware of the report, a payer confirmed the whole hour booked for
        /// half an hour's help, and paid for it).
        case exchangeMinutesReported = "exchange_minutes_reported"
        /// The one-off listing the member asked for was promised to another neighbour
        /// (`exchange_id` of her request, `title`): her request stays open in case that exchange
        /// falls through, and she may cancel it (helper 131).
        case exchangeListingPromised = "exchange_listing_promised"

        /// Whether the message is also announced on the outbox (`member.notified`) for push
        /// integrations. Not a report's outcome: announced at the moment of the resolution, next
        /// to `case.resolved`, the event named each reporter of the case to whoever follows
        /// `member.*` on a webhook endpoint (organizers manage endpoints, and a reported member may
        /// be one). The reporter reads the outcome in their inbox. Nor a case's compensation, paid
        /// or returned: its victim is often the reporter, and the message's subject is the case.
        /// Nor a reporter's withdrawn reward (helper 123: it named the reporter of the case).
        public var isAnnounced: Bool {
            ![.reportResolved, .reportRewardWithdrawn, .compensationReceived, .compensationReturned].contains(self)
        }
    }

    public var id: NotificationID
    public var communityID: CommunityID
    public var memberID: MemberID
    public var kind: Kind
    /// What it is about, as `type:id` (e.g. `case:cas_…`, `exchange:exc_…`).
    public var subject: String
    public var parameters: [String: String]
    public var createdAt: Date
    public var readAt: Date?

    public init(
        id: NotificationID, communityID: CommunityID, memberID: MemberID, kind: Kind, subject: String, parameters: [String: String],
        createdAt: Date, readAt: Date?
    ) {
        self.id = id
        self.communityID = communityID
        self.memberID = memberID
        self.kind = kind
        self.subject = subject
        self.parameters = parameters
        self.createdAt = createdAt
        self.readAt = readAt
    }

    /// The message in the reader's language.
    public func text(in language: Language) -> String {
        if kind == .exchangeNewsForRegistrar, let forwarded = parameters["forwarded_kind"].flatMap(Kind.init(rawValue:)),
            !Self.unforwardable.contains(forwarded)
        {
            let original = MemberNotification(
                id: id, communityID: communityID, memberID: memberID, kind: forwarded, subject: subject, parameters: parameters,
                createdAt: createdAt, readAt: readAt)
            let name = parameters["resident_name"] ?? ""
            return language == .zhCN
                ? "转告 \(name)（本人可能看不到手机上的通知，请转告本人）：\(original.text(in: language))"
                : "For \(name), who may not see the notice on a phone (please pass it on): \(original.text(in: language))"
        }
        var values = parameters
        if let action = parameters["action"] {
            values["action"] = kind == .actionTaken || kind == .appealFiledForYou
                ? Self.actionDetail(action, days: parameters["days"], points: parameters["points"], language)
                : Self.actionName(action, language)
        }
        // A note or reason typed with its own full stop would read "…身份证。。" where the
        // template ends the sentence itself (helper 141).
        for key in ["note", "reason", "correction_reason", "comment"] {
            if let value = values[key] { values[key] = String(value.reversed().drop { "。.．".contains($0) }.reversed()) }
        }
        if let outcome = parameters["outcome"] { values["outcome"] = Self.outcomeName(outcome, language) }
        if let status = parameters["status"] { values["status"] = Self.appealName(status, language) }
        if kind == .listingReviewed || kind == .bookedListingRemoved, let code = parameters["reason_code"] {
            values["reason"] = RejectReason(rawValue: code)?.label(in: language) ?? code
        }
        if kind == .listingReviewed, let fields = parameters["fields"] {
            values["fields_words"] = ListingFieldLabel.list(fields.split(separator: ",").map(String.init), in: language)
        }
        if kind == .transferReversed, let original = parameters["original_kind"].flatMap(TransferKind.init(rawValue:)) {
            // The entry as her statement reads it: the reversal credits her when it debited her.
            values["original_what"] = original.label(amount: parameters["direction"] == "credit" ? -1 : 1, language: language)
        }
        if kind == .profileChangedForYou, let changed = parameters["changed"] {
            let words: [String: (String, String)] = ["name": ("姓名", "name"), "phone": ("手机号", "phone number"), "household": ("所属住户", "household")]
            let names = changed.split(separator: ",").map { words[String($0)].map { language == .zhCN ? $0.0 : $0.1 } ?? String($0) }
            values["changed_words"] = names.joined(separator: language == .zhCN ? "、" : ", ")
        }
        if kind == .webhookEndpointFailing, let code = parameters["reason_code"] {
            values["reason"] = WebhookFailureWords.text(code: code, detail: parameters["reason"] ?? "", in: language)
        }
        if kind == .pointsRewarded {
            values["reward_name"] = parameters[language == .zhCN ? "reward_name_zh" : "reward_name_en"] ?? parameters["category"]
        }
        let credited = parameters["direction"] == "credit"
        var template: String
        switch (kind, language) {
        case (.actionTaken, .zhCN):
            let standing = switch parameters["still"] {
            case "suspended" where parameters["still_until"] == nil: "（您的账号已因另一项处理暂停，暂无结束时间，这次的暂停记录在案）"
            case "suspended": "（您的账号已因另一项处理暂停至 {still_until}，这次的暂停包含在内）"
            case "banned": "（您的账号已因另一项处理停用，这次的暂停记录在案）"
            default: parameters["until"] == nil ? "" : "（至 {until}）"
            }
            template = "审核员处理了案件 {case_id}，对您采取了措施：{action}" + standing + (parameters["listing_title"] == nil ? "" : "“{listing_title}”")
                + (parameters["reason"] == nil ? "。" : "（理由：{reason}）。")
                + (parameters["appeal_until"] == nil ? "如有异议，可在申诉期内申诉。" : "如有异议，可在 {appeal_until} 前申诉。")
        case (.actionTaken, .en):
            let standing = switch parameters["still"] {
            case "suspended" where parameters["still_until"] == nil:
                " (your account is already suspended by another decision, with no end date yet; this suspension is on record)"
            case "suspended": " (your account is already suspended until {still_until} by another decision, which covers this one)"
            case "banned": " (your account is already closed by another decision; this suspension is on record)"
            default: parameters["until"] == nil ? "" : " (until {until})"
            }
            template = "A moderator resolved case {case_id} with an action concerning you: {action}" + standing + (parameters["listing_title"] == nil ? "" : " “{listing_title}”")
                + (parameters["reason"] == nil ? "." : " (reason: {reason}).")
                + (parameters["appeal_until"] == nil ? " You may appeal within the appeal window." : " You may appeal until {appeal_until}.")
        case (.reportResolved, .zhCN): template = parameters["reward"] == nil ? "您的举报已处理，结果：{outcome}。感谢您守护社区。" : "您的举报已处理，结果：{outcome}，奖励 {reward} 积分将于次日到账。感谢您守护社区。"
        case (.reportResolved, .en): template = parameters["reward"] == nil ? "Your report was handled: {outcome}. Thank you for looking after the community." : "Your report was handled: {outcome}; your reward of {reward} points arrives tomorrow. Thank you for looking after the community."
        case (.reportRewardWithdrawn, .zhCN):
            template = "您举报的案件 {case_id} 经申诉复核，处理已全部撤销，原定的 {reward} 积分奖励不再发放。感谢您的举报，它仍有助于审核员了解情况。"
        case (.reportRewardWithdrawn, .en):
            template = "Every action of case {case_id}, which you reported, was overturned on appeal, so the reward of {reward} points you were told of will not be paid. Thank you for reporting all the same: it helps moderators see what goes on."
        case (.compensationReceived, .zhCN): template = "案件 {case_id} 处理后，您获得 {points} 积分补偿。"
        case (.compensationReceived, .en): template = "Following case {case_id}, you received {points} points in compensation."
        case (.compensationReturned, .zhCN): template = "案件 {case_id} 的补偿经申诉复核后撤销，您收到的 {points} 积分已退回对方。"
        case (.compensationReturned, .en): template = "The compensation of case {case_id} was overturned on appeal; the {points} points you received went back to the other party."
        case (.appealFiledForYou, .zhCN):
            template = "工作人员 {staff_name} 以您的名义对案件 {case_id} 中的“{action}”提出了申诉" + (parameters["note"] == nil ? "" : "（依据：{note}）")
                + (parameters["text"] == nil ? "" : "，申诉内容：“{text}”")
                + "，审核员复核后会通知您结果。每项处理只能申诉一次；如内容不对，您可以在裁决前自己重新提交申诉来替换它；如不是您本人的意思，请联系社区服务站。"
        case (.appealFiledForYou, .en):
            template = "Staff member {staff_name} appealed “{action}” of case {case_id} in your name" + (parameters["note"] == nil ? "" : " (on record: {note})")
                + (parameters["text"] == nil ? "" : ", saying: “{text}”")
                + "; a moderator will review it and tell you the outcome. Each action can be appealed once: if it does not say what you mean, file your own appeal before it is decided and it replaces this one; if you did not ask for this, tell the service station."
        // With the decider's reason (helper 128: the appellant cannot read the appeal itself).
        case (.appealDecided, .zhCN):
            template = "您对“{action}”的申诉已处理，结果：{status}" + (parameters["reason"] == nil ? "。" : "（理由：{reason}）。")
            switch parameters["still"] {
            case "suspended":
                template += "但您的账号因另一项处理仍处于暂停状态" + (parameters["still_until"] == nil ? "" : "，至 {still_until} 为止")
                    + (parameters["still_reason"] == nil ? "。" : "（原因：{still_reason}）。")
            case "banned": template += "但您的账号因另一项处理仍处于停用状态" + (parameters["still_reason"] == nil ? "。" : "（原因：{still_reason}）。")
            default: break
            }
        case (.appealDecided, .en):
            template = "Your appeal against “{action}” was decided: {status}" + (parameters["reason"] == nil ? "." : " (reason: {reason}).")
            switch parameters["still"] {
            case "suspended":
                template += " Your account is still suspended by another decision" + (parameters["still_until"] == nil ? "" : " until {still_until}")
                    + (parameters["still_reason"] == nil ? "." : " (reason: {still_reason}).")
            case "banned": template += " Your account is still closed by another decision" + (parameters["still_reason"] == nil ? "." : " (reason: {still_reason}).")
            default: break
            }
        case (.exchangeFrozen, .zhCN): template = "交换 {exchange_id} 预留的积分因风险核查被冻结、暂不结算，审核员处理案件 {case_id} 后恢复。"
        case (.exchangeFrozen, .en): template = "The points held for exchange {exchange_id} are frozen for a safety check until a moderator resolves case {case_id}."
        case (.exchangeUnfrozen, .zhCN):
            template = parameters["state"] == "disputed" ? "交换 {exchange_id} 的积分已解除冻结，审核员现在可以处理这次纠纷。"
                : "交换 {exchange_id} 的积分已解除冻结，交换按原流程继续。"
        case (.exchangeUnfrozen, .en):
            template = parameters["state"] == "disputed" ? "The points of exchange {exchange_id} are no longer frozen; a moderator can now decide its dispute."
                : "The points of exchange {exchange_id} are no longer frozen; the exchange goes on as before."
        case (.noShowContestDecided, .zhCN):
            let returned = parameters["no_penalty"] == nil ? "，扣分已退回" : ""
            template = parameters["status"] != "overturned" ? "您对交换 {exchange_id} 爽约记录的申诉未获支持，记录保留。"
                : parameters["unpaid"] == "item_exchanged_since" ? "您对交换 {exchange_id} 爽约记录的申诉成立：记录作废\(returned)。该物品此后已交换给另一位邻居，因此本次交换不再由原对方付积分。"
                : parameters["points"] == nil ? "您对交换 {exchange_id} 爽约记录的申诉成立：记录作废\(returned)。"
                : "您对交换 {exchange_id} 爽约记录的申诉成立：记录作废\(returned)，本次交换的 {points} 积分已支付给您。"
            if parameters["note"] != nil { template += "审核员说明：{note}" }
        case (.noShowContestDecided, .en):
            let returned = parameters["no_penalty"] == nil
            template = parameters["status"] != "overturned" ? "Your contest of the no-show in exchange {exchange_id} was not upheld; the mark stands."
                : parameters["unpaid"] == "item_exchanged_since" ? "Your contest of the no-show in exchange {exchange_id} succeeded: the mark is void" + (returned ? " and the penalty was returned" : "") + ". The item went to another neighbour since, so the first requester does not pay for it."
                : parameters["points"] == nil ? "Your contest of the no-show in exchange {exchange_id} succeeded: the mark is void" + (returned ? " and the penalty was returned" : "") + "."
                : "Your contest of the no-show in exchange {exchange_id} succeeded: the mark is void" + (returned ? ", the penalty was returned" : "") + " and you were paid the exchange's {points} points."
            if parameters["note"] != nil { template += " The moderator's note: {note}" }
        case (.otherSideNoShowRecorded, .zhCN):
            template = "审核员记录了交换 {exchange_id} 的对方未按约到场，这次交换已结束。"
                + (parameters["role"] == "payer" ? "为它预留的 {points} 积分已退回您的账户。" : "")
                + "对方可在申诉期内提出异议，由另一位审核员决定。"
        case (.otherSideNoShowRecorded, .en):
            template = "A moderator recorded that the other side of exchange {exchange_id} did not turn up, and the exchange has ended."
                + (parameters["role"] == "payer" ? " The {points} points held for it are back in your account." : "")
                + " They may contest it within the window, for another moderator to decide."
        case (.noShowContestedAgainstYou, .zhCN):
            template = "交换 {exchange_id} 中对方被登记为爽约，对方提出了申辩。审核员会复核，复核结果可能改变这次交换的积分结算，结果会通知您。如您有补充情况，请尽快告诉审核员或社区服务站。"
        case (.noShowContestedAgainstYou, .en):
            template = "The other side of exchange {exchange_id}, recorded as absent, contests it. A moderator will review it, which may change how the exchange's points settle; you will be told the outcome. If you have more to say, tell a moderator or the service station soon."
        case (.noShowContestDecidedForOther, .zhCN):
            template = parameters["status"] != "overturned"
                ? "交换 {exchange_id} 中对方对爽约记录的申辩未获支持，记录保留，这次交换的积分结算不变。"
                : parameters["unpaid"] == "item_exchanged_since"
                ? "交换 {exchange_id} 中对方对爽约记录的申辩成立：对方当时按时到场，记录作废。该物品此后已交换给另一位邻居，您无需为这次交换付积分。"
                : parameters["role"] == "provider"
                ? "交换 {exchange_id} 中对方对爽约记录的申辩成立：记录作废\(parameters["no_penalty"] == nil ? "，对方的扣分已退回" : "")。这次交换没有进行，积分结算不变。"
                : "交换 {exchange_id} 中对方对爽约记录的申辩成立：记录作废\(parameters["no_penalty"] == nil ? "，对方的扣分已退回" : "")。"
            if parameters["note"] != nil { template += "审核员说明：{note}" }
        case (.noShowContestDecidedForOther, .en):
            template = parameters["status"] != "overturned"
                ? "The other side's contest of the no-show in exchange {exchange_id} was not upheld: the mark stands and the exchange's points settle as they did."
                : parameters["unpaid"] == "item_exchanged_since"
                ? "The other side's contest of the no-show in exchange {exchange_id} succeeded: they were there on time and the mark is void. The item went to another neighbour since, so you do not pay for it."
                : parameters["role"] == "provider"
                ? "The other side's contest of the no-show in exchange {exchange_id} succeeded: the mark is void\(parameters["no_penalty"] == nil ? " and their penalty was returned" : ""). The exchange did not take place, so its points settle as they did."
                : "The other side's contest of the no-show in exchange {exchange_id} succeeded: the mark is void\(parameters["no_penalty"] == nil ? " and their penalty was returned" : "")."
            if parameters["note"] != nil { template += " The moderator's note: {note}" }
        case (.noShowRecorded, .zhCN):
            let who = parameters["recorded_by"] == "moderator" ? "审核员" : "对方"
            template = parameters["penalty"].map { $0 == "0" } ?? true
                ? "交换 {exchange_id} 中您被\(who)登记为爽约。如您当时按时到场，可在 {contest_days} 天内提出申辩，由审核员复核。"
                : "交换 {exchange_id} 中您被\(who)登记为爽约，已扣除 {penalty} 积分。如您当时按时到场，可在 {contest_days} 天内提出申辩，由审核员复核，申辩成立会退回扣分。"
            // The payer marked absent hears that her held points came back too (helper 131).
            if parameters["refunded"] != nil { template += "为这次交换预留的 {refunded} 积分已退回您的账户。" }
            if parameters["reason"] != nil { template += "登记时的说明：{reason}。" }
        case (.noShowRecorded, .en):
            let who = parameters["recorded_by"] == "moderator" ? "A moderator recorded you" : "The other side recorded you"
            template = parameters["penalty"].map { $0 == "0" } ?? true
                ? who + " absent from exchange {exchange_id}. If you were there on time, you can contest it within {contest_days} days for a moderator to review."
                : who + " absent from exchange {exchange_id} and {penalty} points were charged. If you were there on time, you can contest it within {contest_days} days; a moderator reviews it, and the penalty is returned if you are right."
            if parameters["refunded"] != nil { template += " The {refunded} points held for it went back to your account." }
            if parameters["reason"] != nil { template += " What was said when it was recorded: {reason}." }
        case (.exchangeDisputed, .zhCN) where parameters["by"] == "provider":
            template = "交换 {exchange_id} 的提供方对这次交换提出了纠纷：预留的积分暂不结算，等待审核员处理，处理结果会通知您。"
        case (.exchangeDisputed, .en) where parameters["by"] == "provider":
            template = "The provider of exchange {exchange_id} opened a dispute about it: the held points wait for a moderator, and you will be told the decision."
        case (.exchangeDisputed, .zhCN):
            template = (parameters["kind"] ?? "item") == "item"
                ? "交换 {exchange_id} 的对方对物品提出了纠纷：预留的积分暂不结算，等待审核员处理，处理结果会通知您。"
                : "交换 {exchange_id} 的对方对服务提出了纠纷：预留的积分暂不结算，等待审核员处理，处理结果会通知您。"
        case (.exchangeDisputed, .en):
            template = (parameters["kind"] ?? "item") == "item"
                ? "The other side disputed the item of exchange {exchange_id}: the held points wait for a moderator, and you will be told the decision."
                : "The other side disputed the service of exchange {exchange_id}: the held points wait for a moderator, and you will be told the decision."
        case (.exchangeDisputeWithdrawn, .zhCN):
            template = parameters["case_id"] == nil
                ? "交换 {exchange_id} 的对方已撤回纠纷，交换恢复为已接受：付款方确认后完成，或在确认期满时自动确认。"
                : "交换 {exchange_id} 的对方已撤回纠纷，交换恢复为已接受；其积分仍因风险核查冻结，审核员处理案件 {case_id} 后恢复。"
        case (.exchangeDisputeWithdrawn, .en):
            template = parameters["case_id"] == nil
                ? "The other side withdrew the dispute of exchange {exchange_id}; the exchange is accepted again: it completes when the payer confirms it, or automatically when the confirmation period ends."
                : "The other side withdrew the dispute of exchange {exchange_id}; the exchange is accepted again, but its points stay frozen for a safety check until a moderator resolves case {case_id}."
        case (.noShowPaymentImposed, .zhCN):
            template = "交换 {exchange_id} 的爽约记录经审核员复核不成立：对方按时到场，本次交换的 {points} 积分已从您的账户支付给对方。"
                + (parameters["note"] == nil ? "" : "审核员说明：{note}。") + "如有异议，请联系管理员。"
        case (.noShowPaymentImposed, .en):
            template = "A moderator found that the other side of exchange {exchange_id} did turn up, so the no-show was overturned and the exchange's {points} points were paid to them from your account."
                + (parameters["note"] == nil ? "" : " The moderator's note: {note}.") + " Please contact a moderator if you disagree."
        case (.disputeResolved, .zhCN) where parameters["role"] != nil:
            let payer = parameters["role"] == "payer"
            let item = (parameters["kind"] ?? "item") == "item"
            if parameters["outcome"] == "refund" {
                template = "交换“{title}”（{exchange_id}）的纠纷已由审核员处理："
                    + (item ? "物品不能正常使用，" : "服务未按约定提供，")
                    + (payer ? "预留的 {held} 积分已全部退回您的账户" + (item ? "，请把物品还给对方。" : "。")
                        : "对方预留的积分已全部退回对方" + (item ? "，物品会还给您" : "") + "；这次纠纷会计入您的信用记录。")
            } else {
                let paidPart = parameters["settled_points"] != parameters["held"] && parameters["held"] != nil
                template = "交换“{title}”（{exchange_id}）的纠纷已由审核员处理："
                    + (item ? "瑕疵不影响使用，" : "服务已提供但有不足，")
                    + (payer ? "您预留的积分中 {settled_points} 积分付给了对方" + (paidPart ? "，其余已退回您的账户" : "")
                        : "您获得 {settled_points} 积分")
                    + (parameters["points"] == nil || parameters["points"] == "0" ? "，无需另行补偿。"
                        : (payer ? "，对方另向您补偿 {points} 积分。" : "，并从您的账户向对方补偿 {points} 积分。"))
            }
            template += "处理说明：{note}"
        case (.disputeResolved, .en) where parameters["role"] != nil:
            let payer = parameters["role"] == "payer"
            let item = (parameters["kind"] ?? "item") == "item"
            if parameters["outcome"] == "refund" {
                template = "A moderator decided the dispute of “{title}” (exchange {exchange_id}): "
                    + (item ? "the item was not usable, so " : "the service was not given as agreed, so ")
                    + (payer ? "the {held} points held went back to your account" + (item ? "; please return the item to the other side." : ".")
                        : "the points held went back to the other side" + (item ? " and the item comes back to you" : "") + "; the dispute counts on your credit record.")
            } else {
                let paidPart = parameters["settled_points"] != parameters["held"] && parameters["held"] != nil
                template = "A moderator decided the dispute of “{title}” (exchange {exchange_id}): "
                    + (item ? "the defect does not affect use, so " : "the service was given but fell short, so ")
                    + (payer ? "{settled_points} of your held points were paid to the other side" + (paidPart ? " and the rest came back to you" : "")
                        : "you were paid {settled_points} points")
                    + (parameters["points"] == nil || parameters["points"] == "0" ? ", with no compensation on top."
                        : (payer ? ", and the other side compensates you {points} points." : ", and you compensate the other side {points} points from your account."))
            }
            template += " Note: {note}"
        // Notices stored before the reader's `role` was recorded.
        case (.disputeResolved, .zhCN):
            // Notices stored before `kind` was recorded were all about items.
            switch (parameters["outcome"] == "refund", (parameters["kind"] ?? "item") == "item") {
            case (true, true):
                template = "交换 {exchange_id} 的纠纷已由审核员处理：物品不能正常使用，预留的积分已全部退回付款方，物品退回提供方。处理说明：{note}"
            case (true, false):
                template = "交换 {exchange_id} 的纠纷已由审核员处理：服务未按约定提供，预留的积分已全部退回付款方。处理说明：{note}"
            case (false, true):
                template = "交换 {exchange_id} 的纠纷已由审核员处理：瑕疵不影响使用，提供方获得 {settled_points} 积分，并向付款方补偿 {points} 积分。处理说明：{note}"
            case (false, false):
                template = "交换 {exchange_id} 的纠纷已由审核员处理：服务已提供但有不足，提供方获得 {settled_points} 积分，并向付款方补偿 {points} 积分。处理说明：{note}"
            }
        case (.disputeResolved, .en):
            switch (parameters["outcome"] == "refund", (parameters["kind"] ?? "item") == "item") {
            case (true, true):
                template = "A moderator decided the dispute of exchange {exchange_id}: the item was not usable, so the held points went back to the payer and the item goes back to the provider. Note: {note}"
            case (true, false):
                template = "A moderator decided the dispute of exchange {exchange_id}: the service was not given as agreed, so the held points went back to the payer. Note: {note}"
            case (false, true):
                template = "A moderator decided the dispute of exchange {exchange_id}: the defect does not affect use, so the provider was paid {settled_points} points and compensates the payer {points} points. Note: {note}"
            case (false, false):
                template = "A moderator decided the dispute of exchange {exchange_id}: the service was given but fell short, so the provider was paid {settled_points} points and compensates the payer {points} points. Note: {note}"
            }
        case (.eventSeatGranted, .zhCN) where parameters["under_way"] != nil:
            template = "有名额空出，您已从候补转为正式报名：{title}，{starts_at} 开始，地点 {place}。活动已经开始，如能参加请尽快到场；如不能参加，请取消报名，把名额留给邻居。"
        case (.eventSeatGranted, .en) where parameters["under_way"] != nil:
            template = "A seat freed up and your waiting registration for {title} (from {starts_at}, {place}) now has one. It has already begun: come now if you can; if you cannot, please cancel so a neighbour can take it."
        case (.eventRegistrationClosedWaiting, .zhCN):
            template = "活动“{title}”（{starts_at}，{place}）已停止报名。您仍在候补第 {waiting_position} 位，只有前面有人取消报名才能补上，补上时会通知您。"
        case (.eventRegistrationClosedWaiting, .en):
            template = "Registration for “{title}” ({starts_at}, {place}) has closed. You are still number {waiting_position} on the waiting line and get a seat only if someone gives theirs up; you will be told if so."
        case (.eventSeatGranted, .zhCN): template = "有名额空出，您已从候补转为正式报名：{title}，时间 {starts_at}，地点 {place}。如不能参加，请取消报名，把名额留给邻居。"
        case (.eventSeatGranted, .en): template = "A seat freed up and your waiting registration for {title} ({starts_at}, {place}) now has one. If you cannot come, please cancel so a neighbour can take it."
        case (.exchangeNewsForRegistrar, .zhCN):
            template = "{resident_name} 的交换 {exchange_id} 有新消息，请转告本人。"
        case (.exchangeNewsForRegistrar, .en):
            template = "There is news of {resident_name}'s exchange {exchange_id}: please pass it on."
        case (.eventNewsForRegistrar, .zhCN):
            template = switch parameters["news"] {
            case "cancelled": "您为 {resident_name} 报名的活动“{title}”（原定 {starts_at}，{place}）已取消，原因：{reason}。"
            case "seat_granted" where parameters["under_way"] != nil:
                "您为 {resident_name} 登记候补的活动“{title}”（{starts_at} 开始，{place}）有名额空出，已转为正式报名。活动已经开始，请尽快联系本人到场；如不能参加，请代为取消报名。"
            case "seat_granted": "您为 {resident_name} 登记候补的活动“{title}”（{starts_at}，{place}）有名额空出，已转为正式报名；如本人不能参加，请代为取消报名。"
            case "reminder": "提醒：您为 {resident_name} 报名的活动“{title}”将于 {starts_at} 在 {place} 开始。"
            case "registration_closed":
                "您为 {resident_name} 登记候补的活动“{title}”（{starts_at}，{place}）已停止报名。{resident_name} 仍在候补第 {waiting_position} 位，只有前面有人取消报名才能补上，补上时会再通知您。"
            case "registration_cancelled": "您为 {resident_name} 报名的活动“{title}”（{starts_at}，{place}）已由他人代为取消报名" + (parameters["reason"] == nil ? "。" : "，原因：{reason}。")
            default: "您为 {resident_name} 报名的活动“{title}”有变更：现在是 {starts_at} 至 {ends_at}，地点 {place}。"
                + (parameters["check_in_again"] == nil ? "" : "{resident_name} 之前在入口的签到因时间变更已取消，到场后需要重新签到。")
            }
            template += "{resident_name} 可能看不到手机上的通知，请转告本人。"
        case (.eventNewsForRegistrar, .en):
            template = switch parameters["news"] {
            case "cancelled": "“{title}” ({starts_at}, {place}), which you registered {resident_name} for, was cancelled: {reason}."
            case "seat_granted" where parameters["under_way"] != nil:
                "A seat freed up at “{title}” (from {starts_at}, {place}), and {resident_name}, whom you put on its waiting line, now has it. It has already begun: please call {resident_name} to come now, or cancel it if that is not possible."
            case "seat_granted": "A seat freed up at “{title}” ({starts_at}, {place}), and {resident_name}, whom you put on its waiting line, now has it; if that seat cannot be used, cancel it on their behalf."
            case "reminder": "Reminder: “{title}”, which you registered {resident_name} for, begins at {starts_at}, {place}."
            case "registration_closed":
                "Registration for “{title}” ({starts_at}, {place}) has closed. {resident_name}, whom you put on its waiting line, is still number {waiting_position} in line and gets a seat only if someone gives theirs up; you will be told if so."
            case "registration_cancelled": "{resident_name}'s registration for “{title}” ({starts_at}, {place}), which you made, was given up by someone else" + (parameters["reason"] == nil ? "." : ": {reason}.")
            default: "“{title}”, which you registered {resident_name} for, changed: now {starts_at} to {ends_at}, {place}."
                + (parameters["check_in_again"] == nil ? "" : " {resident_name}'s check-in at the door was for the old time: they must check in again when they come.")
            }
            template += " {resident_name} may not see the notice on a phone: please pass it on."
        case (.eventRegisteredForYou, .zhCN) where parameters["staff_name"] != nil:
            template = "工作人员 {staff_name} 已为您报名活动：{title}，时间 {starts_at}，地点 {place}。"
                + (parameters["state"] == "waitlisted" ? "目前名额已满，您在候补名单中，有名额时会通知您。" : "")
                + "如不是您本人的意思，请联系社区服务站。"
        case (.eventRegisteredForYou, .en) where parameters["staff_name"] != nil:
            template = "Staff member {staff_name} registered you for {title} ({starts_at}, {place})."
                + (parameters["state"] == "waitlisted" ? " It is full for now, so you are on the waiting list; you will be told when a seat frees." : "")
                + " If you did not ask for this, tell the service station."
        case (.eventRegisteredForYou, .zhCN):
            template = parameters["state"] == "waitlisted" ? "工作人员已为您报名活动：{title}，时间 {starts_at}，地点 {place}。目前名额已满，您在候补名单中，有名额时会通知您。" : "工作人员已为您报名活动：{title}，时间 {starts_at}，地点 {place}。"
        case (.eventRegisteredForYou, .en):
            template = parameters["state"] == "waitlisted" ? "Staff registered you for {title} ({starts_at}, {place}). It is full for now, so you are on the waiting list; you will be told when a seat frees." : "Staff registered you for {title} ({starts_at}, {place})."
        case (.eventChanged, .zhCN) where parameters["changed"] != nil:
            template = switch parameters["changed"] {
            case "time": "您报名的活动“{title}”改了时间：现在是 {starts_at} 至 {ends_at}（原定 {previous_starts_at} 至 {previous_ends_at}），地点不变：{place}。"
            case "place": "您报名的活动“{title}”换了地点：现在在 {place}（原定 {previous_place}），时间不变：{starts_at} 至 {ends_at}。"
            default: "您报名的活动“{title}”改了时间和地点：现在是 {starts_at} 至 {ends_at}，在 {place}（原定 {previous_starts_at} 至 {previous_ends_at}，在 {previous_place}）。"
            }
            if parameters["check_in_again"] != nil { template += "您之前在入口的签到因时间变更已取消，请按新的时间到场后重新签到。" }
        case (.eventChanged, .en) where parameters["changed"] != nil:
            template = switch parameters["changed"] {
            case "time": "The time of “{title}”, which you registered for, changed: now {starts_at} to {ends_at} (it was {previous_starts_at} to {previous_ends_at}); same place, {place}."
            case "place": "The place of “{title}”, which you registered for, changed: now {place} (it was {previous_place}); same time, {starts_at} to {ends_at}."
            default: "The time and place of “{title}”, which you registered for, changed: now {starts_at} to {ends_at} at {place} (it was {previous_starts_at} to {previous_ends_at} at {previous_place})."
            }
            if parameters["check_in_again"] != nil { template += " Your check-in at the door was for the old time: please check in again when you come." }
        // Notices stored before what changed was recorded.
        case (.eventChanged, .zhCN):
            // Notices stored before the end was recorded name the start alone.
            template = (parameters["ends_at"] == nil ? "您报名的活动有变更：{title}，现在的时间 {starts_at}，地点 {place}。"
                : "您报名的活动有变更：{title}，现在的时间 {starts_at} 至 {ends_at}，地点 {place}。")
                + (parameters["check_in_again"] == nil ? "" : "您之前在入口的签到因时间变更已取消，请按新的时间到场后重新签到。")
        case (.eventChanged, .en):
            template = (parameters["ends_at"] == nil ? "An event you registered for changed: {title}, now at {starts_at}, {place}."
                : "An event you registered for changed: {title}, now {starts_at} to {ends_at}, {place}.")
                + (parameters["check_in_again"] == nil ? "" : " Your check-in at the door was for the old time: please check in again when you come.")
        // Which one, by its time and place (helper 133: a market held every month under one title).
        case (.eventCancelled, .zhCN):
            template = parameters["starts_at"] == nil ? "您报名的活动已取消：{title}。原因：{reason}"
                : "您报名的活动已取消：{title}（原定 {starts_at}，{place}）。原因：{reason}"
        case (.eventCancelled, .en):
            template = parameters["starts_at"] == nil ? "An event you registered for was cancelled: {title}. Reason: {reason}"
                : "An event you registered for was cancelled: {title} ({starts_at}, {place}). Reason: {reason}"
        case (.eventRegistrationCancelled, .zhCN) where parameters["staff_name"] != nil:
            template = "工作人员 {staff_name} 已取消您对活动的报名：{title}，时间 {starts_at}。" + (parameters["reason"] == nil ? "" : "原因：{reason}。")
                + "如有疑问，请联系社区服务站。"
        case (.eventRegistrationCancelled, .en) where parameters["staff_name"] != nil:
            template = "Staff member {staff_name} cancelled your registration for {title} ({starts_at})."
                + (parameters["reason"] == nil ? "" : " Reason: {reason}.") + " Please ask at the service station if this is unexpected."
        case (.eventRegistrationCancelled, .zhCN):
            template = parameters["reason"] == nil ? "工作人员已取消您对活动的报名：{title}，时间 {starts_at}。如有疑问，请联系社区服务站。" : "工作人员已取消您对活动的报名：{title}，时间 {starts_at}。原因：{reason}。如有疑问，请联系社区服务站。"
        case (.eventRegistrationCancelled, .en):
            template = parameters["reason"] == nil ? "Staff cancelled your registration for {title} ({starts_at}). Please ask at the service station if this is unexpected." : "Staff cancelled your registration for {title} ({starts_at}). Reason: {reason}. Please ask at the service station if this is unexpected."
        case (.eventReminder, .zhCN): template = "活动提醒：{title} 将于 {starts_at} 在 {place} 举行。如不能参加，请取消报名。"
        case (.eventReminder, .en): template = "Reminder: {title} starts at {starts_at} at {place}. If you cannot come, please cancel your registration."
        case (.standingChanged, .zhCN):
            switch parameters["status"] {
            case "banned": template = "您的账号已被管理员停用。"
            case "suspended": template = parameters["until"] == nil ? "您的账号已被暂停使用，暂无结束时间。" : "您的账号已被暂停使用，至 {until} 为止。"
            default: template = "您的账号已恢复正常使用。"
            }
            if parameters["status"] != "active" {
                template += (parameters["reason"] == nil ? "" : "原因：{reason}。") + "账号受限期间仍可查看消息、积分余额和明细，可对进行中的交换提出纠纷或报告对方爽约，并可撤回代办授权。如有异议，请联系社区服务站。"
            }
        case (.standingChanged, .en):
            switch parameters["status"] {
            case "banned": template = "Your account was closed by an admin."
            case "suspended": template = parameters["until"] == nil ? "Your account was suspended, with no end date yet." : "Your account was suspended until {until}."
            default: template = "Your account is active again."
            }
            if parameters["status"] != "active" {
                template += (parameters["reason"] == nil ? "" : " Reason: {reason}.")
                    + " While your account is restricted you can still read your messages, your points balance and statement, dispute an exchange under way or report the other side absent, and withdraw consents for staff to act for you. Ask at the service station if you disagree."
            }
        case (.suspensionProposed, .zhCN):
            template = parameters["member_name"] == nil
                ? "案件 {case_id} 处理后，成员 {member_id} 在统计期内的有效违规已达 {strikes} 次，建议暂停其使用，请审核员决定。"
                : "案件 {case_id} 处理后，成员 {member_name}（{member_id}）在统计期内已有 {strikes} 个案件认定违规，建议暂停其使用，请审核员决定。"
        case (.suspensionProposed, .en):
            template = parameters["member_name"] == nil
                ? "After case {case_id}, member {member_id} has {strikes} standing strikes within the window: a suspension is proposed for a moderator to decide."
                : "After case {case_id}, {member_name} ({member_id}) has {strikes} cases with standing strikes within the window: a suspension is proposed for a moderator to decide."
        case (.holidaysNeeded, .zhCN) where parameters["scheduled_version"] != nil:
            template = "1月1日起施行的第 {scheduled_version} 版规则已列出 {year} 年的法定节假日，但现行第 {version} 版没有：现在发布的、在 {year} 年节假日当天提供的服务仍按平日计分。请上传一个列出这些日期、立即生效的版本，并写上 supersedes: {scheduled_version}（它会替代尚未生效的第 {scheduled_version} 版，第 {scheduled_version} 版的其他改动请一并写入）。"
        case (.holidaysNeeded, .en) where parameters["scheduled_version"] != nil:
            template = "Version {scheduled_version}, in force from 1 January, lists {year}'s public holidays, but version {version}, in force now, does not: services posted now for a {year} holiday are still paid as ordinary days. Please upload a version listing those dates that takes effect now, with supersedes: {scheduled_version} (it replaces version {scheduled_version} before it starts: carry over that version's other changes)."
        case (.holidaysNeeded, .zhCN):
            template = (parameters["stage"] == "missing"
                ? "{year}年已开始，现行规则（第 {version} 版）仍没有列出该年的法定节假日，节假日时段正按平日计分。"
                : "现行规则（第 {version} 版）没有列出 {year} 年的法定节假日，{year}年1月1日起节假日时段将按平日计分。")
                + (parameters["last_listed"] == nil ? "" : "最后列出的节假日是 {last_listed}。")
                + "请按国务院办公厅通知补上节假日，上传并启用新版本。"
        case (.holidaysNeeded, .en):
            template = (parameters["stage"] == "missing"
                ? "{year} has begun and the rules in force (version {version}) still list none of its public holidays: holiday time slots are being paid as ordinary days."
                : "The rules in force (version {version}) list no public holiday of {year}: from 1 January {year}, holiday time slots will be paid as ordinary days.")
                + (parameters["last_listed"] == nil ? "" : " The last holiday listed is {last_listed}.")
                + " Please add the year's dates from the State Council's notice, then upload and activate a new version."
        case (.webhookEndpointFailing, .zhCN):
            template = "推送地址 {endpoint_id}（" + (parameters["description"] == nil ? "" : "“{description}”，") + "{url}）"
                + (parameters["disabled"] == "true"
                    ? "已停用，原因：{reason}。发往它的消息已取消，社区群收不到新的通知了。请检查接收方（如群机器人是否被移除、地址是否变了），修好后重新启用，再重发需要的消息。"
                    : "推送失败，有消息没能送达，原因：{reason}。请检查接收方（如群机器人是否被移除、地址是否变了）；恢复后可以重发失败的消息。")
        case (.webhookEndpointFailing, .en):
            template = "Webhook endpoint {endpoint_id} (" + (parameters["description"] == nil ? "" : "“{description}”, ") + "{url}) "
                + (parameters["disabled"] == "true"
                    ? "was disabled: {reason}. Its messages were cancelled, so the group it feeds hears nothing new. Check the receiver (a robot removed from the group, an address changed), enable the endpoint again once it is mended, then resend the messages still needed."
                    : "is failing: a message could not be delivered: {reason}. Check the receiver (a robot removed from the group, an address changed); once it works again, the failed messages can be resent.")
        case (.webhookEventsWithdrawn, .zhCN):
            template = "为保护居民隐私，本次升级已从 Webhook 端点 {endpoint_id}（" + (parameters["description"] == nil ? "" : "“{description}”，")
                + "{url}）的订阅中移除以下事件类型：{withdrawn}，因为"
                + (parameters["set_up_by"]?.isEmpty ?? true ? "没有记录是谁设置了它。" : "设置它的人（{set_up_by}）中有人无权查看这些事件。")
                + (parameters["disabled"] == "true" ? "它已没有其他可订阅的事件，因此已停用。" : "它的其他事件照常推送。")
                + "如确需接收，请由有权查看这些事件的管理员重新添加。"
        case (.webhookEventsWithdrawn, .en):
            template = "To protect residents' privacy, the upgrade removed these event types from webhook endpoint {endpoint_id} ("
                + (parameters["description"] == nil ? "" : "“{description}”, ") + "{url}): {withdrawn}. "
                + (parameters["set_up_by"]?.isEmpty ?? true ? "Nobody is recorded as having set it up." : "Not everyone who set it up ({set_up_by}) may read them.")
                + (parameters["disabled"] == "true" ? " It had nothing else to follow, so it is disabled." : " Its other events are delivered as before.")
                + " If they are needed, an admin, who may read them, can add them again."
        case (.requestedListingChanged, .zhCN) where parameters["cause"] == "rules":
            template = "社区估值规则有更新，您申请的“{title}”积分由 {requested_points} 变为 {current_points}。积分升高时对方无法按原积分接受，如仍需要请取消后重新申请；降低时按新积分预留（交换 {exchange_id}）。"
        case (.requestedListingChanged, .en) where parameters["cause"] == "rules":
            template = "The community's valuation rules changed: “{title}”, which you asked for, is now {current_points} points instead of {requested_points}. If that is more, the owner cannot accept at the old figure: cancel and ask again if you still want it; if less, the new figure is held (exchange {exchange_id})."
        case (.requestedListingChanged, .zhCN):
            let price = parameters["requested_points"] == parameters["current_points"] ? "" : "积分由 {requested_points} 变为 {current_points}，"
            let named = parameters["previous_title"] == nil ? "您申请的“{title}”内容有更新，" : "您申请的“{previous_title}”内容有更新（现为“{title}”），"
            template = named + price + "请在对方接受前再看一下是否仍合适；如不合适，可以取消申请（交换 {exchange_id}）。"
        case (.requestedListingChanged, .en):
            let price = parameters["requested_points"] == parameters["current_points"] ? "" : " (points {requested_points} → {current_points})"
            let named = parameters["previous_title"] == nil ? "“{title}”, which you asked for, has changed" : "“{previous_title}”, which you asked for, has changed (now “{title}”)"
            template = named + price + ". Please look at it again before the owner accepts; if it no longer suits you, cancel your request (exchange {exchange_id})."
        case (.bookedListingChanged, .zhCN):
            let named = parameters["previous_title"] == nil ? "您已预约的“{title}”内容有更新，" : "您已预约的“{previous_title}”内容有更新（现为“{title}”），"
            template = named + "请再看一下说明和地点；积分按预约时的约定结算。如不合适，可以和对方商量或取消预约（交换 {exchange_id}）。"
        case (.bookedListingChanged, .en):
            let named = parameters["previous_title"] == nil ? "“{title}”, which you have booked, has changed" : "“{previous_title}”, which you have booked, has changed (now “{title}”)"
            template = named + ". Please look at the description and place again; the points stay as agreed. If it no longer suits you, talk to the provider or cancel the booking (exchange {exchange_id})."
        case (.proxyRecordedForYou, .zhCN) where parameters["recorded_by_name"] == nil:
            template = "您已授权 {agent_name} 代您办理交换和发布的物品、服务，有效至 {expires_at}。如不是您本人操作，请立即撤销授权并联系社区服务站。"
        case (.proxyRecordedForYou, .en) where parameters["recorded_by_name"] == nil:
            template = "You consented that {agent_name} acts for you in your exchanges and listings, until {expires_at}. If you did not do this, withdraw it at once and tell the service station."
        case (.proxyRecordedForYou, .zhCN):
            template = "工作人员 {recorded_by_name} 已为您登记代办授权：{agent_name} 可代您办理交换和发布的物品、服务，有效至 {expires_at}。如不是您本人的意思，请随时撤销授权或联系社区服务站。"
        case (.proxyRecordedForYou, .en):
            template = "{recorded_by_name} of the service station recorded your consent that {agent_name} acts for you in your exchanges and listings, until {expires_at}. If you did not agree to this, withdraw it at any time or ask at the service station."
        case (.proxyRenewed, .zhCN) where parameters["recorded_by_name"] == nil:
            template = "您对 {agent_name} 的代办授权已续期，有效至 {expires_at}（原到期 {previous_expires_at}）。如不是您本人操作，请立即撤销授权并联系社区服务站。"
        case (.proxyRenewed, .en) where parameters["recorded_by_name"] == nil:
            template = "You renewed your consent that {agent_name} acts for you: it now ends {expires_at} (it was to end {previous_expires_at}). If you did not do this, withdraw it at once and tell the service station."
        case (.proxyRenewed, .zhCN):
            template = "工作人员 {recorded_by_name} 已为您续期代办授权：{agent_name} 可继续代您办理交换和发布的物品、服务，有效至 {expires_at}（原到期 {previous_expires_at}）。如不是您本人的意思，请随时撤销授权或联系社区服务站。"
        case (.proxyRenewed, .en):
            template = "{recorded_by_name} of the service station renewed your consent that {agent_name} acts for you in your exchanges and listings: it now ends {expires_at} (it was to end {previous_expires_at}). If you did not agree to this, withdraw it at any time or ask at the service station."
        case (.proxyRenewedForAgent, .zhCN):
            template = "{resident_name} 对您的代办授权（{proxy_id}）已续期，有效至 {expires_at}。"
        case (.proxyRenewedForAgent, .en):
            template = "{resident_name}'s consent that you act for them ({proxy_id}) was renewed; it now ends {expires_at}."
        case (.proxyExpiring, .zhCN):
            template = "您对 {agent_name} 的代办授权将于 {expires_at} 到期，到期后 {agent_name} 不能再代您办理交换和发布。如仍需要，请在小程序中续期，或到社区服务站请工作人员为您续期；不需要则不必理会。"
        case (.proxyExpiring, .en):
            template = "Your consent that {agent_name} acts for you ends {expires_at}; after that, {agent_name} can no longer act in your exchanges and listings. If you still want the help, renew it in the app or at the service station; if not, there is nothing to do."
        case (.proxyExpiringForAgent, .zhCN):
            template = "{resident_name} 对您的代办授权（{proxy_id}）将于 {expires_at} 到期，到期后您不能再代其办理。如本人仍需帮助，请本人在小程序中续期，或在本人到场时由工作人员登记续期。"
        case (.proxyExpiringForAgent, .en):
            template = "{resident_name}'s consent that you act for them ({proxy_id}) ends {expires_at}; after that you can no longer act for them. If they still need help, they renew it in the app, or staff record the renewal with them present."
        case (.proxyWithdrawnForAgent, .zhCN) where parameters["withdrawn_by_name"] != nil:
            template = "{withdrawn_by_name} 应 {resident_name} 的要求，在服务站撤回了其对您的代办授权（{proxy_id}）：您不能再代其办理交换、发布和活动报名，之前为其登记、尚未完成的事项也不能再代办。"
        case (.proxyWithdrawnForAgent, .en) where parameters["withdrawn_by_name"] != nil:
            template = "{withdrawn_by_name} withdrew, at {resident_name}'s request at the service station, their consent that you act for them ({proxy_id}): you can no longer act in their exchanges, listings and event registrations, nor carry on what you registered for them."
        case (.proxyWithdrawnForAgent, .zhCN):
            template = "{resident_name} 的代办授权（{proxy_id}）已撤回：您不能再代其办理交换、发布和活动报名，之前为其登记、尚未完成的事项也不能再代办。如本人仍需帮助，可由本人重新授权，或请其他工作人员办理。"
        case (.proxyWithdrawnForAgent, .en):
            template = "{resident_name}'s consent that you act for them ({proxy_id}) was withdrawn: you can no longer act in their exchanges, listings and event registrations, nor carry on what you registered for them. If they still need help, they can consent again, or another member of staff can help."
        case (.proxyRevoked, .zhCN) where parameters["cause"] == "agent_left_staff":
            template = "{agent_name} 已不再担任社区工作人员，您对其的代办授权已结束。如仍需有人代办，请重新授权一位工作人员。"
        case (.proxyRevoked, .en) where parameters["cause"] == "agent_left_staff":
            template = "{agent_name} no longer holds a staff role, so your consent that they act for you has ended. If you still need someone to act for you, give your consent to another staff member."
        case (.proxyRevoked, .zhCN) where parameters["cause"] == "member_took_staff_role":
            template = "您已担任社区工作人员，您对 {agent_name} 的代办授权已结束。"
        case (.proxyRevoked, .en) where parameters["cause"] == "member_took_staff_role":
            template = "You now hold a staff role, so your consent that {agent_name} acts for you has ended."
        case (.proxyRevoked, .zhCN) where parameters["cause"] == "agent_gave_up":
            template = "{agent_name} 结束了您对其的代办授权，今后不能再代您办理。" + (parameters["reason"] == nil ? "" : "原因：{reason}。")
                + "如仍需有人代办，请重新授权一位工作人员。"
        case (.proxyRevoked, .en) where parameters["cause"] == "agent_gave_up":
            template = "{agent_name} gave up your consent that they act for you and can no longer act for you."
                + (parameters["reason"] == nil ? "" : " Reason: {reason}.") + " If you still need someone to act for you, give your consent to another staff member."
        case (.proxyRevoked, .zhCN) where parameters["withdrawn_by_name"] != nil:
            template = "工作人员 {withdrawn_by_name} 应您的要求撤销了您对 {agent_name} 的代办授权，对方不能再代您办理。依据：{reason}。如不是您本人的意思，请联系社区服务站。"
        case (.proxyRevoked, .en) where parameters["withdrawn_by_name"] != nil:
            template = "Staff member {withdrawn_by_name} withdrew, at your request, your consent that {agent_name} acts for you; they can no longer act for you. On record: {reason}. If you did not ask for this, tell the service station."
        case (.proxyRevoked, .zhCN):
            template = parameters["reason"] == nil ? "您对 {agent_name} 的代办授权已撤销，对方不能再代您办理。" : "您对 {agent_name} 的代办授权已撤销，对方不能再代您办理。原因：{reason}"
        case (.proxyRevoked, .en):
            template = parameters["reason"] == nil ? "Your consent that {agent_name} acts for you was withdrawn; they can no longer act for you." : "Your consent that {agent_name} acts for you was withdrawn; they can no longer act for you. Reason: {reason}"
        case (.handOverTokenUsed, .zhCN):
            template = "社区交接令牌已用于创建登录凭证“{token_name}”（{minted_at}），交接令牌随即作废。如果这不是您本人创建的，说明有人用过交接令牌：请立即在您的令牌列表中撤销这个凭证。"
        case (.handOverTokenUsed, .en):
            template = "The community's hand-over token was used to create the sign-in token “{token_name}” ({minted_at}) and is now revoked. If you did not create it, someone else used the hand-over token: revoke that token in your token list at once."
        case (.tokenIssuedForYou, .zhCN):
            template = (parameters["by"] == "command_line" ? "社区管理员在服务器上" : "{issued_by_name} ") + "为您的账户办理了一个登录凭证，有效至 {expires_at}。"
                + (parameters["note"] == nil ? "" : "办理依据：{note}。")
                + "持有它的人可以用您的账户办理交换和积分；如不是您本人的要求，请联系社区服务站撤销。"
        case (.tokenIssuedForYou, .en):
            template = (parameters["by"] == "command_line" ? "An administrator, on the server," : "{issued_by_name}")
                + " issued a sign-in token for your account, valid until {expires_at}."
                + (parameters["note"] == nil ? "" : " On record: {note}.")
                + " Whoever holds it can use your account for exchanges and points; if you did not ask for it, ask the service station to revoke it."
        case (.tokenRevokedForYou, .zhCN) where parameters["revoked_by_name"] != nil:
            template = (parameters["tokens"] == "1"
                ? "{revoked_by_name} 停用了您的一个登录凭证。"
                : "{revoked_by_name} 停用了您的一个登录凭证，通过它办理的凭证也一并停用（共 {tokens} 个）。")
                + (parameters["reason"] == nil ? "" : "原因：{reason}。") + "如不是您本人的要求，请联系社区服务站。"
        case (.tokenRevokedForYou, .en) where parameters["revoked_by_name"] != nil:
            template = (parameters["tokens"] == "1"
                ? "{revoked_by_name} revoked one of your sign-in tokens."
                : "{revoked_by_name} revoked one of your sign-in tokens, and the tokens made with it stopped working too ({tokens} in all).")
                + (parameters["reason"] == nil ? "" : " Reason: {reason}.") + " If you did not ask for this, tell the service station."
        case (.tokenRevokedForYou, .zhCN) where parameters["cause"] == "role_changed":
            template = "{issued_by_name} 为您办理的登录凭证已停用：办理人已不再负责为居民办理凭证。请到社区服务站重新办理一个。"
        case (.tokenRevokedForYou, .en) where parameters["cause"] == "role_changed":
            template = "The sign-in token {issued_by_name} issued for you no longer works: they no longer issue tokens for residents. Ask the service station for a new one."
        case (.tokenRevokedForYou, .zhCN):
            template = "{issued_by_name} 为您办理的登录凭证已停用：办理人的账号已被封禁。请到社区服务站重新办理一个。"
        case (.tokenRevokedForYou, .en):
            template = "The sign-in token {issued_by_name} issued for you no longer works: their account was banned. Ask the service station for a new one."
        case (.profileChangedForYou, .zhCN) where parameters["changed"] == "verification":
            template = (parameters["verified"] == "true" ? "工作人员 {staff_name} 为您完成了实名认证。"
                : "工作人员 {staff_name} 取消了您的实名认证" + (parameters["reason"] == nil ? "" : "（原因：{reason}）") + "，这会影响您的信用分。")
                + "如不是您本人的意思，请联系社区服务站。"
        case (.profileChangedForYou, .en) where parameters["changed"] == "verification":
            template = (parameters["verified"] == "true" ? "{staff_name} of the service station verified your real name."
                : "{staff_name} of the service station withdrew your real-name verification" + (parameters["reason"] == nil ? "" : " (reason: {reason})") + "; this lowers your credit score.")
                + " If you did not ask for this, tell the service station."
        case (.profileChangedForYou, .zhCN):
            template = "工作人员 {staff_name} 修改了您的账户资料" + (parameters["changed"] == nil ? "" : "：{changed_words}") + "。如不是您本人的意思，请联系社区服务站。"
        case (.profileChangedForYou, .en):
            template = "{staff_name} of the service station changed your account's " + (parameters["changed"] == nil ? "details" : "{changed_words}")
                + ". If you did not ask for this, tell the service station."
        case (.listingStepForYou, .zhCN):
            let done = switch parameters["step"] {
            case "submitted": "把您的发布“{title}”提交审核了，通过后邻居们就能看到"
            case "withdrawn": "撤下了您的发布“{title}”，邻居们不再能申请它"
            default: "修改了您的发布“{title}”" + (parameters["listing_status"] == "published" ? "（修改如需审核，通过后生效）" : "")
            }
            template = "工作人员 {staff_name} 以您的名义" + done + "。"
            // A need of hers made dearer names the points and the desk's word (helper 143).
            if parameters["step"] == "edited", parameters["raised_points"] != nil { template += "由您支付的积分由 {previous_points} 变为 {raised_points}。" }
            if parameters["step"] == "edited", parameters["note"] != nil { template += "办理依据：{note}。" }
            template += "如不是您本人的意思，请联系社区服务站。"
        case (.listingStepForYou, .en):
            let done = switch parameters["step"] {
            case "submitted": "submitted your listing “{title}” for review in your name; neighbours see it once it passes"
            case "withdrawn": "withdrew your listing “{title}” in your name; neighbours can no longer ask for it"
            default: "edited your listing “{title}” in your name" + (parameters["listing_status"] == "published" ? " (an edit that needs review applies once approved)" : "")
            }
            template = "{staff_name} of the service station " + done + "."
            if parameters["step"] == "edited", parameters["raised_points"] != nil { template += " What you pay goes from {previous_points} to {raised_points} points." }
            if parameters["step"] == "edited", parameters["note"] != nil { template += " On record: {note}." }
            template += " If you did not ask for this, tell the service station."
        case (.listingRegisteredForYou, .zhCN):
            template = "工作人员 {registered_by_name} 以您的名义登记了“{title}”。它会显示为您发布的，"
                + (parameters["direction"] == "offer"
                    ? "邻居预约后，需要您按约定的时间提供，完成后积分归您；不能去时请及时告诉对方或服务站。"
                    : "有邻居帮忙时，积分从您的账户支付。")
                + (parameters["note"] == nil ? "" : "办理依据：{note}。") + "如不是您本人的意思，请联系社区服务站。"
        case (.listingRegisteredForYou, .en):
            template = "{registered_by_name} of the service station registered “{title}” in your name. It is shown as yours; "
                + (parameters["direction"] == "offer"
                    ? "when a neighbour books it, you are expected to provide it at the agreed time and earn the points; if you cannot go, tell them or the service station in time."
                    : "when a neighbour helps, the points are paid from your account.")
                + (parameters["note"] == nil ? "" : " On record: {note}.") + " If you did not ask for this, tell the service station."
        case (.exchangeRequested, .zhCN) where parameters["pays"] == "yes":
            template = "邻居 {requester_name} 愿意帮您完成“{title}”（交换 {exchange_id}），时间 {starts_at}。您接受后，将从您的账户预留 {points} 积分，完成后付给对方。请在“我的交换”中接受或婉拒。"
        case (.exchangeRequested, .en) where parameters["pays"] == "yes":
            template = "{requester_name} offered to help with your “{title}” (exchange {exchange_id}) at {starts_at}. If you accept, {points} points are held from your account and paid once it is done. Accept or decline it under your exchanges."
        case (.exchangeRequested, .zhCN):
            template = "邻居 {requester_name} 申请了您的“{title}”（交换 {exchange_id}），时间 {starts_at}，完成后您将获得 {points} 积分。请在“我的交换”中接受或婉拒。"
        case (.exchangeRequested, .en):
            template = "{requester_name} asked for your “{title}” (exchange {exchange_id}) at {starts_at}; you earn {points} points once it is done. Accept or decline it under your exchanges."
        case (.exchangeAccepted, .zhCN) where parameters["pays"] == "yes":
            template = "“{title}”的发布人接受了您的申请（交换 {exchange_id}），时间 {starts_at}。已从您的账户预留 {points} 积分，您确认完成后付给对方。"
        case (.exchangeAccepted, .en) where parameters["pays"] == "yes":
            template = "The owner of “{title}” accepted your request (exchange {exchange_id}) for {starts_at}. {points} points are held from your account and paid once you confirm it is done."
        case (.exchangeAccepted, .zhCN):
            template = "“{title}”的发布人接受了您的帮助（交换 {exchange_id}），时间 {starts_at}，完成后您将获得 {points} 积分。"
        case (.exchangeAccepted, .en):
            template = "The owner of “{title}” accepted your offer to help (exchange {exchange_id}) for {starts_at}; you earn {points} points once it is done."
        case (.exchangeListingPromised, .zhCN):
            template = "您申请的“{title}”已由发布人先答应给另一位邻居。您的申请（交换 {exchange_id}）仍然保留：如那次交换没有完成，发布人还可以接受您的申请；您也可以随时取消，没有积分变动。"
        case (.exchangeListingPromised, .en):
            template = "“{title}”, which you asked for, was promised to another neighbour first. Your request (exchange {exchange_id}) stays open in case that exchange falls through; you may also cancel it, and no points have moved."
        case (.exchangeMinutesReported, .zhCN):
            template = "对方报告“{title}”（交换 {exchange_id}）实际用了 {minutes} 分钟。请在确认完成时按实际时长填写"
                + (parameters["floor"] == nil ? "" : "（不少于 {floor} 分钟）") + "，积分按确认的时长结算；如有异议，可以提出争议。"
        case (.exchangeMinutesReported, .en):
            template = "The other side reported that “{title}” (exchange {exchange_id}) took {minutes} minutes. When you confirm it done, give the time it took"
                + (parameters["floor"] == nil ? "" : " (no fewer than {floor} minutes)") + ": the points are settled on what you confirm. If you disagree, open a dispute."
        case (.exchangeCompleted, .zhCN):
            template = "对方已确认“{title}”完成（交换 {exchange_id}），{points} 积分已付给您"
                + (parameters["held"] == nil ? "。" : (parameters["minutes"] == nil ? "（预留 {held} 积分）。" : "（按确认的 {minutes} 分钟计，预留 {held} 积分）。"))
                + "感谢您的帮助！"
        case (.exchangeCompleted, .en):
            template = "The other side confirmed “{title}” done (exchange {exchange_id}): {points} points were paid to you"
                + (parameters["held"] == nil ? "." : (parameters["minutes"] == nil ? " (of {held} held)." : " (for the {minutes} minutes confirmed, of {held} held)."))
                + " Thank you for your help!"
        case (.exchangeRequestedForYou, .zhCN) where parameters["pays"] == "yes":
            template = "工作人员 {requested_by_name} 以您的名义申请了“{title}”，时间 {starts_at}，对方接受后将从您的账户预留 {points} 积分。"
                + (parameters["note"] == nil ? "" : "办理依据：{note}。") + "如不是您本人的意思，请联系社区服务站取消。"
        case (.exchangeRequestedForYou, .en) where parameters["pays"] == "yes":
            template = "{requested_by_name} of the service station asked for “{title}” in your name, for {starts_at}; once the other side accepts, {points} points are held from your account."
                + (parameters["note"] == nil ? "" : " On record: {note}.") + " If you did not ask for this, tell the service station to cancel it."
        case (.exchangeRequestedForYou, .zhCN):
            // The desk's note is hers whichever way the points go (helper 162 #8: only the paying
            // variants showed it).
            template = "工作人员 {requested_by_name} 以您的名义申请了“{title}”，时间 {starts_at}，完成后您将获得 {points} 积分。"
                + (parameters["note"] == nil ? "" : "办理依据：{note}。") + "如不是您本人的意思，请联系社区服务站取消。"
        case (.exchangeRequestedForYou, .en):
            template = "{requested_by_name} of the service station asked for “{title}” in your name, for {starts_at}; you earn {points} points when it is done."
                + (parameters["note"] == nil ? "" : " On record: {note}.") + " If you did not ask for this, tell the service station to cancel it."
        case (.listingReviewed, .zhCN) where parameters["decision"] == "removed":
            template = "您的发布“{title}”已被审核员下架，原因：{reason}" + (parameters["message"] == nil ? "。" : "（审核说明：{message}）。")
                + (parameters["open_exchanges"] == nil ? "" : "已在进行的 {open_exchanges} 笔交换不受影响，按原来的步骤继续（有纠纷的由审核员处理）。")
                + "如有疑问，请联系社区服务站。"
        case (.listingReviewed, .en) where parameters["decision"] == "removed":
            template = "A moderator took down your listing “{title}”: {reason}" + (parameters["message"] == nil ? "." : " (note: {message}).")
                + (parameters["open_exchanges"] == nil ? "" : " The {open_exchanges} exchange(s) already under way go on as before (a disputed one is for a moderator to decide).")
                + " Ask at the service station if this is unexpected."
        case (.bookedListingRemoved, .zhCN):
            template = "您正在进行的交换（{exchange_id}）所涉及的“{title}”已被审核员下架，原因：{reason}。"
                + (parameters["state"] == "disputed" ? "交换没有被取消，您提出或收到的纠纷仍由审核员处理。"
                    : "交换没有被取消：如您不想继续，开始前可以直接取消，开始后可与对方商量；如已出现问题，可以申请纠纷处理。")
        case (.bookedListingRemoved, .en):
            template = "“{title}”, the listing of your exchange {exchange_id}, was taken down by a moderator: {reason}."
                + (parameters["state"] == "disputed" ? " The exchange was not cancelled, and its dispute is still for a moderator to decide."
                    : " The exchange was not cancelled: if you no longer want to go on, cancel it before it starts, or agree with the other side after; open a dispute if something went wrong.")
        case (.listingReviewed, .zhCN) where parameters["decision"] == "reinstated":
            template = "审核员撤销了对您的发布“{title}”的下架，"
                + (parameters["status"] == "changes_requested" ? "它回到您手中，修改后可再提交审核。"
                    : parameters["status"] == "published" ? "邻居们又可以看到它了。" : "它恢复到下架前的状态。")
                + "说明：{message}"
        case (.listingReviewed, .en) where parameters["decision"] == "reinstated":
            template = "A moderator undid the takedown of your listing “{title}”: "
                + (parameters["status"] == "changes_requested" ? "it is back with you to edit and submit again."
                    : parameters["status"] == "published" ? "neighbours can see it again." : "it is back as it was before.")
                + " Note: {message}"
        case (.listingReviewed, .zhCN) where parameters["decision"] == "approved":
            template = parameters["subject"] == "edit"
                ? (parameters["previous_points"] == nil ? "您对“{title}”的修改已通过审核，发布已更新，估值 {points} 积分。"
                    : "您对“{title}”的修改已通过审核，发布已更新，估值由 {previous_points} 积分变为 {points} 积分。")
                : (parameters["original_points"] == nil ? "您的发布“{title}”已通过审核，邻居们现在可以看到了，估值 {points} 积分。"
                    : "您的发布“{title}”已通过审核，邻居们现在可以看到了。审核员核对后，估值由 {original_points} 积分调整为 {points} 积分"
                        + (parameters["correction_reason"] == nil ? "。" : "，理由：{correction_reason}。"))
            if parameters["message"] != nil { template += "审核说明：{message}" }
        case (.listingReviewed, .en) where parameters["decision"] == "approved":
            template = parameters["subject"] == "edit"
                ? (parameters["previous_points"] == nil ? "A moderator approved your edit of “{title}”: the listing is updated, valued at {points} points."
                    : "A moderator approved your edit of “{title}”: the listing is updated, and its value changed from {previous_points} to {points} points.")
                : (parameters["original_points"] == nil ? "A moderator approved your listing “{title}”: neighbours can see it now, valued at {points} points."
                    : "A moderator approved your listing “{title}”: neighbours can see it now. The moderator corrected its value from {original_points} to {points} points"
                        + (parameters["correction_reason"] == nil ? "." : " ({correction_reason})."))
            if parameters["message"] != nil { template += " Note: {message}" }
        case (.listingReviewed, .zhCN):
            let edit = parameters["subject"] == "edit"
            var base = parameters["decision"] == "changes_requested"
                ? (edit ? "您对“{title}”的修改需要调整后再提交，发布保持原样。" : "您的发布“{title}”需要修改后再提交审核。")
                : (edit ? "您对“{title}”的修改未通过审核，发布保持原样。" : "您的发布“{title}”未通过审核。")
            if parameters["reason_code"] != nil { base += "原因：{reason}。" }
            if parameters["fields"] != nil { base += "需要修改：{fields_words}。" }
            template = parameters["message"] == nil ? base : base + "审核说明：{message}"
        case (.listingReviewed, .en):
            let edit = parameters["subject"] == "edit"
            var base = parameters["decision"] == "changes_requested"
                ? (edit ? "A moderator asked for changes to your edit of “{title}”; the listing stays as it was." : "A moderator asked for changes to your listing “{title}” before it can be published.")
                : (edit ? "A moderator did not accept your edit of “{title}”; the listing stays as it was." : "A moderator did not accept your listing “{title}”.")
            if parameters["reason_code"] != nil { base += " Reason: {reason}." }
            if parameters["fields"] != nil { base += " To change: {fields_words}." }
            template = parameters["message"] == nil ? base : base + " Note: {message}"
        case (.pointsRewarded, .zhCN):
            template = "感谢您的付出！您获得 {points} 积分奖励：{reward_name}。说明：{reason}"
        case (.pointsRewarded, .en):
            template = "Thank you for your help! You received {points} points as a reward: {reward_name}. Note: {reason}"
        case (.balanceAdjusted, .zhCN):
            template = (credited ? "社区管理员为您的账户增加了 {points} 积分" : "社区管理员从您的账户扣减了 {points} 积分")
                + "，现在余额 {balance} 积分。如有疑问，请联系社区服务站。原因：{reason}"
        case (.balanceAdjusted, .en):
            template = (credited ? "A community administrator added {points} points to your account" : "A community administrator took {points} points from your account")
                + "; your balance is now {balance} points. If you have questions, ask the service station. Reason: {reason}"
        case (.transferReversed, .zhCN) where parameters["original_kind"] != nil:
            template = "社区管理员撤销了您 {original_at} 的一笔“{original_what}”（{transfer_id}），"
                + (credited ? "您的账户因此退回 {points} 积分" : "您的账户因此扣回 {points} 积分")
                + "，现在余额 {balance} 积分。如有疑问，请联系社区服务站。原因：{reason}"
        case (.transferReversed, .en) where parameters["original_kind"] != nil:
            template = "A community administrator reversed your “{original_what}” entry of {original_at} ({transfer_id}): "
                + (credited ? "{points} points were returned to your account" : "{points} points were taken back from your account")
                + "; your balance is now {balance} points. If you have questions, ask the service station. Reason: {reason}"
        case (.transferReversed, .zhCN):
            template = "社区管理员撤销了一笔积分记录（{transfer_id}），" + (credited ? "您的账户因此退回 {points} 积分" : "您的账户因此扣回 {points} 积分")
                + "，现在余额 {balance} 积分。如有疑问，请联系社区服务站。原因：{reason}"
        case (.transferReversed, .en):
            template = "A community administrator reversed a points entry ({transfer_id}): " + (credited ? "{points} points were returned to your account" : "{points} points were taken back from your account")
                + "; your balance is now {balance} points. If you have questions, ask the service station. Reason: {reason}"
        case (.exchangeDeclined, .zhCN):
            switch parameters["cause"] {
            case "time_passed": template = "您申请的“{title}”（交换 {exchange_id}）在约定时间前未获接受，申请已自动关闭，没有积分变动。"
            case "listing_unavailable": template = "您申请的“{title}”（交换 {exchange_id}）已不再提供，申请已自动关闭，没有积分变动。"
            default:
                template = "“{title}”的发布人谢绝了您的申请（交换 {exchange_id}）" + (parameters["reason"] == nil ? "" : "，说明：{reason}")
                    + "。没有积分变动，可以看看其他发布。"
            }
        case (.exchangeDeclined, .en):
            switch parameters["cause"] {
            case "time_passed": template = "Your request for “{title}” (exchange {exchange_id}) was not accepted before its time, so it was closed; no points moved."
            case "listing_unavailable": template = "“{title}”, which you asked for (exchange {exchange_id}), is no longer offered, so your request was closed; no points moved."
            default:
                template = "The owner of “{title}” declined your request (exchange {exchange_id})" + (parameters["reason"] == nil ? "" : ", saying: {reason}")
                    + "; no points moved. Other listings may suit you."
            }
        case (.exchangeStepForYou, .zhCN):
            let done: String
            switch (parameters["step"], parameters["role"]) {
            case ("completed", _): done = "确认交换“{title}”（{exchange_id}）已完成，从您的账户付给对方 {points} 积分"
            case ("minutes_reported", _): done = "报告了交换“{title}”（{exchange_id}）的实际时长 {minutes} 分钟，付款方将据此确认"
            case ("disputed", _): done = "对交换“{title}”（{exchange_id}）提出了纠纷，预留的 {points} 积分等审核员处理"
            case ("no_show_reported", _):
                done = "登记了交换“{title}”（{exchange_id}）的对方爽约" + (parameters["refunded"] == nil ? "" : "，为它预留的 {refunded} 积分已退回您的账户")
            case ("declined", _):
                done = "谢绝了交换“{title}”（{exchange_id}）的申请" + (parameters["reason"] == nil ? "" : "，并告诉对方：{reason}") + "，没有积分变动"
            case ("reported", _): done = "就交换“{title}”（{exchange_id}）向审核员举报了对方，处理结果会告诉您"
            case ("dispute_withdrawn", _): done = "撤回了交换“{title}”（{exchange_id}）的纠纷，交换照常进行，确认完成（或到期自动确认）后按原约定结算 {points} 积分"
            case ("rated", _):
                done = "给交换“{title}”（{exchange_id}）的对方打了 {stars} 星" + (parameters["comment"] == nil ? "" : "，评语：{comment}")
                    + "。这次交换的评价只能有一次，已用掉"
            case ("no_show_contested", _): done = "对交换“{title}”（{exchange_id}）的爽约记录提出了申辩（理由：{reason}），审核员处理后会告诉您结果"
            case (_, "provider"): done = "接受了交换“{title}”（{exchange_id}），对方的 {points} 积分已预留，完成后付给您"
            default: done = "接受了交换“{title}”（{exchange_id}），您的 {points} 积分已预留，完成后付给对方"
            }
            template = "工作人员 {staff_name} 以您的名义" + done + "。如不是您本人的意思，请联系社区服务站。"
        case (.exchangeStepForYou, .en):
            let done: String
            switch (parameters["step"], parameters["role"]) {
            case ("completed", _): done = "confirmed “{title}” (exchange {exchange_id}) as done in your name, and {points} points were paid from your account"
            case ("minutes_reported", _): done = "reported {minutes} minutes worked on “{title}” (exchange {exchange_id}) in your name; the payer confirms on that"
            case ("disputed", _): done = "disputed “{title}” (exchange {exchange_id}) in your name; the {points} points held wait for a moderator"
            case ("no_show_reported", _):
                done = "recorded the other side of “{title}” (exchange {exchange_id}) as absent in your name"
                    + (parameters["refunded"] == nil ? "" : "; the {refunded} points held for it are back in your account")
            case ("declined", _):
                done = "declined the request for “{title}” (exchange {exchange_id}) in your name" + (parameters["reason"] == nil ? "" : ", telling them: {reason}")
                    + "; no points moved"
            case ("reported", _): done = "reported the other side of “{title}” (exchange {exchange_id}) to the moderators in your name; you will be told the outcome"
            case ("dispute_withdrawn", _):
                done = "withdrew the dispute of “{title}” (exchange {exchange_id}) in your name; the exchange goes on, and its {points} points settle as agreed once it is confirmed (or confirmed automatically)"
            case ("rated", _):
                done = "rated the other side of “{title}” (exchange {exchange_id}) {stars} stars in your name" + (parameters["comment"] == nil ? "" : ", saying: {comment}")
                    + "; each side rates an exchange once, so this was your rating"
            case ("no_show_contested", _):
                done = "contested the no-show recorded against you in “{title}” (exchange {exchange_id}) in your name (reason: {reason}); you will be told the outcome"
            case (_, "provider"): done = "accepted “{title}” (exchange {exchange_id}) in your name; the other side's {points} points are held and come to you when it is done"
            default: done = "accepted “{title}” (exchange {exchange_id}) in your name; {points} of your points are held and go to the other side when it is done"
            }
            template = "{staff_name} of the service station " + done + ". If you did not ask for this, tell the service station."
        case (.exchangeCancelled, .zhCN) where parameters["role"] != nil:
            let points = switch (parameters["refunded"] != nil, parameters["role"] == "payer") {
            case (true, true): "为它预留的 {refunded} 积分已退回您的账户"
            case (true, false): "对方为它预留的 {refunded} 积分已退回对方，不再付给您"
            case (false, _): "没有积分变动"
            }
            template = parameters["by"] == "verification_revoked"
                ? "原定 {starts_at} 的交换“{title}”（{exchange_id}）已取消：这一类需要提供方实名认证，而提供方的实名认证已被撤销。" + points + "。"
                : parameters["by"] == "staff_for_you"
                ? "工作人员 {staff_name} 以您的名义取消了原定 {starts_at} 的交换“{title}”（{exchange_id}），" + points + "。如不是您本人的意思，请联系社区服务站。"
                : "对方取消了原定 {starts_at} 的交换“{title}”（{exchange_id}），" + points + "。"
            if parameters["reason"] != nil { template += "原因：{reason}" }
        case (.exchangeCancelled, .en) where parameters["role"] != nil:
            let points = switch (parameters["refunded"] != nil, parameters["role"] == "payer") {
            case (true, true): "the {refunded} points held for it went back to your account"
            case (true, false): "the {refunded} points held from the other side went back to them, so none are paid to you"
            case (false, _): "no points moved"
            }
            template = parameters["by"] == "verification_revoked"
                ? "“{title}” (exchange {exchange_id}, {starts_at}) was cancelled: it needs a verified provider, and the provider's real-name verification was revoked; " + points + "."
                : parameters["by"] == "staff_for_you"
                ? "{staff_name} of the service station cancelled “{title}” (exchange {exchange_id}, {starts_at}) in your name; " + points + ". If you did not ask for this, tell the service station."
                : "The other side cancelled “{title}” (exchange {exchange_id}, {starts_at}); " + points + "."
            if parameters["reason"] != nil { template += " Reason: {reason}" }
        // Notices stored before the time, role and points were recorded.
        case (.exchangeCancelled, .zhCN):
            let base = parameters["by"] == "staff_for_you"
                ? "工作人员 {staff_name} 以您的名义取消了交换“{title}”（{exchange_id}），预留的积分（如有）已退回。如不是您本人的意思，请联系社区服务站。"
                : "对方取消了交换“{title}”（{exchange_id}），预留的积分（如有）已退回付款一方。"
            template = parameters["reason"] == nil ? base : base + "原因：{reason}"
        case (.exchangeCancelled, .en):
            let base = parameters["by"] == "staff_for_you"
                ? "{staff_name} of the service station cancelled “{title}” (exchange {exchange_id}) in your name; any points held went back. If you did not ask for this, tell the service station."
                : "The other side cancelled “{title}” (exchange {exchange_id}); any points held went back to the payer."
            template = parameters["reason"] == nil ? base : base + " Reason: {reason}"
        case (.exchangeAutoConfirmed, .zhCN):
            let refund = parameters["held"] != parameters["points"] && parameters["role"] == "payer" ? "（预留的 {held} 积分中其余已退回）" : ""
            template = parameters["role"] == "payer"
                ? "“{title}”（交换 {exchange_id}）确认期已过，系统已自动确认，向对方支付 {points} 积分" + refund + "。如有问题请联系审核员。"
                : "“{title}”（交换 {exchange_id}）确认期已过，系统已自动确认，您收到 {points} 积分。"
        case (.exchangeAutoConfirmed, .en):
            let refund = parameters["held"] != parameters["points"] && parameters["role"] == "payer" ? " (the rest of the {held} points held went back to you)" : ""
            template = parameters["role"] == "payer"
                ? "The confirmation period of “{title}” (exchange {exchange_id}) ended, so it was confirmed automatically and {points} points were paid" + refund + ". If something was wrong, ask a moderator."
                : "The confirmation period of “{title}” (exchange {exchange_id}) ended, so it was confirmed automatically and you received {points} points."
        case (.nearCreditLimit, .zhCN):
            template = parameters["available"] == "0"
                ? "您的积分余额现为 {balance}，已到可透支的下限 {limit}，暂时不能再用积分换取物品或服务。为邻居提供帮助就能把积分挣回来。"
                : "您的积分余额现为 {balance}，已接近可透支的下限 {limit}，还可使用 {available} 积分。为邻居提供帮助就能把积分挣回来。"
        case (.nearCreditLimit, .en):
            template = parameters["available"] == "0"
                ? "Your points balance is now {balance}, at the lowest allowed ({limit}): you cannot spend points until you earn some back by helping a neighbour."
                : "Your points balance is now {balance}, close to the lowest allowed ({limit}); {available} points are left to spend. Helping a neighbour earns points back."
        case (.listingRevalued, .zhCN):
            template = "社区估值规则（第 {rule_set_version} 版）已更新，您发布的“{title}”积分由 {previous_points} 变为 {points}。如不合适，可以修改或撤下这条发布。"
        case (.listingRevalued, .en):
            template = "Under the community's valuation rules (version {rule_set_version}), your listing “{title}” is now {points} points instead of {previous_points}. If that no longer suits you, edit or withdraw it."
        }
        let named = Self.namingTheOtherSide(template, named: values["other_name"] != nil, language)
        let titled = values["title"] != nil
        // The exchange's time stands in for its id, unless the text gives the time already.
        let timed = values["exchange_starts_at"] != nil && !named.contains("{starts_at}")
        return ErrorCatalog.fill(
            Self.withoutExchangeID(Self.namingTheExchange(named, titled: titled, language), titled: titled, timed: timed), values)
    }

    /// An exchange named by its id alone ("交换 {exchange_id}") is named by its listing's title too
    /// when the notice carries one (`MemberNotifications.notify` adds it to every exchange notice;
    /// helper 144 #3, #9): "交换“帮我取药”（exc_…）". A text that names the title itself is left as
    /// it is, and so are notices stored before, which have none.
    static func namingTheExchange(_ template: String, titled: Bool, _ language: Language) -> String {
        guard titled, !template.contains("{title}") else { return template }
        switch language {
        case .zhCN:
            return template.replacingOccurrences(of: "交换 {exchange_id} ", with: "交换“{title}”（{exchange_id}）")
                .replacingOccurrences(of: "交换 {exchange_id}", with: "交换“{title}”（{exchange_id}）")
        case .en:
            return template.replacingOccurrences(of: "exchange {exchange_id}", with: "exchange “{title}” ({exchange_id})")
                .replacingOccurrences(of: "Exchange {exchange_id}", with: "Exchange “{title}” ({exchange_id})")
        }
    }

    /// An exchange named by its listing's title is not also named by its id: "交换“帮我取药”
    /// （exc_01KDVDNA00000000000000001E）" put 29 letters and digits an elder cannot read in
    /// every notice (helper 144 #12). The notice's `subject` still carries the id for the client
    /// to open the exchange; a notice without a title (stored before) keeps its id.
    ///
    /// `timed`: the notice carries the exchange's time (`exchange_starts_at`) and does not give it
    /// already; it stands where the id stood, "交换“帮我取药”（2026-12-09 09:00）", which tells two
    /// exchanges of one repeatable offer apart (helper 147 #11).
    static func withoutExchangeID(_ template: String, titled: Bool, timed: Bool = false) -> String {
        guard titled else { return template }
        var text = template
        let (zh, en) = timed ? ("（{exchange_starts_at}）", " ({exchange_starts_at})") : ("", "")
        for (id, replacement) in [
            // An id closing a sentence ("可以取消申请（交换 {exchange_id}）。") is dropped: a time
            // there would read as a deadline (helper 148 #1).
            ("（交换 {exchange_id}）。", "。"), (" (exchange {exchange_id}).", "."),
            ("（交换 {exchange_id}，", "（"), ("(exchange {exchange_id}, ", "("),
            ("（交换 {exchange_id}）", zh), (" (exchange {exchange_id})", en), ("(exchange {exchange_id})", en),
            ("（{exchange_id}）", zh), (" ({exchange_id})", en), ("your exchange {exchange_id}", "your exchange" + (timed ? " of {exchange_starts_at}" : "")),
        ] {
            text = text.replacingOccurrences(of: id, with: replacement)
        }
        return text
    }

    /// A notice to one side of an exchange names the other where it first says "对方" / "the other
    /// side", when it carries `other_name` (`MemberNotifications.notify` adds it to every notice to
    /// a side; helper 144 #9: "对方取消了交换" left an elder with two exchanges that week guessing
    /// who had cancelled). A text that names them itself is left as it is, and so are notices
    /// stored before, which have no name.
    static func namingTheOtherSide(_ template: String, named: Bool, _ language: Language) -> String {
        guard named, !template.contains("{other_name}"), !template.contains("{requester_name}") else { return template }
        var text = template
        switch language {
        case .zhCN:
            guard let first = text.range(of: "对方") else { return template }
            text.insert(contentsOf: "（{other_name}）", at: first.upperBound)
        case .en:
            guard let first = text.range(of: "the other side", options: .caseInsensitive) else { return template }
            if text[first.upperBound...].hasPrefix("'s") {
                text.replaceSubrange(first, with: "{other_name}")
            } else {
                text.insert(contentsOf: " ({other_name})", at: first.upperBound)
            }
        }
        return text
    }

    /// Kinds a forwarded notice does not render as (itself: no forwarding of a forward).
    static let unforwardable: Set<Kind> = [.exchangeNewsForRegistrar]

    static func actionName(_ raw: String, _ language: Language) -> String {
        let zh = ["warn": "警告", "remove_listing": "下架发布", "deduct_credit": "扣减信用", "suspend": "暂停使用", "ban": "封禁",
                  "compensate": "向受害方补偿积分", "dismiss": "不予处理"]
        let en = ["warn": "a warning", "remove_listing": "listing removed", "deduct_credit": "credit deducted", "suspend": "suspension",
                  "ban": "ban", "compensate": "compensation to the other party", "dismiss": "no action"]
        return (language == .zhCN ? zh[raw] : en[raw]) ?? raw
    }

    /// The action with how long and how much, for the member it was taken against: "suspension"
    /// alone did not say for how long, nor "compensation" how many points (session 28 review).
    static func actionDetail(_ raw: String, days: String?, points: String?, _ language: Language) -> String {
        let name = actionName(raw, language)
        switch (raw, days, points) {
        case ("suspend", let days?, _):
            return language == .zhCN ? "\(name) \(days) 天" : "suspension for \(days) day\(days == "1" ? "" : "s")"
        case ("compensate", _, let points?):
            return language == .zhCN ? "向受害方补偿 \(points) 积分" : "compensation of \(points) points to the other party"
        default: return name
        }
    }

    static func outcomeName(_ raw: String, _ language: Language) -> String {
        let zh = ["upheld": "属实", "dismissed": "不成立"]
        let en = ["upheld": "upheld", "dismissed": "not upheld"]
        return (language == .zhCN ? zh[raw] : en[raw]) ?? raw
    }

    /// An appeal is "upheld" when the action stands, the opposite of a report's "upheld".
    static func appealName(_ raw: String, _ language: Language) -> String {
        let zh = ["upheld": "维持原处理", "overturned": "撤销原处理"]
        let en = ["upheld": "the action stands", "overturned": "the action is overturned"]
        return (language == .zhCN ? zh[raw] : en[raw]) ?? raw
    }
}
