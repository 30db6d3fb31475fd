import Foundation
import LinliDomain
import Testing

/// Found by review 10a (failed on 2a1c8e0): inbox texts that tell a resident they have a seat
/// name the place as well as the time.
@Suite struct EventNotificationTextFindingsTests {
    static let parameters = [
        "event_id": "cev_1", "title": "周末换物集市", "starts_at": "2026-12-05 09:00", "place": "中心广场", "state": "registered",
    ]

    /// Now: the message an elderly resident gets when station staff registered them at the desk
    /// (`event_registered_for_you`), and the one saying their waiting registration got a seat
    /// (`event_seat_granted`), name the event and its time but not the place, although the place is
    /// among the parameters and the kind's own comment says the resident "should know where they
    /// are expected". The day-before reminder (to seated people only) does name it. Should: both
    /// texts name the place, in both languages.
    @Test(arguments: [MemberNotification.Kind.eventRegisteredForYou, .eventSeatGranted], [Language.zhCN, .en])
    func aResidentToldTheyHaveASeatIsToldWhere(kind: MemberNotification.Kind, language: Language) {
        let notification = MemberNotification(
            id: NotificationID(trusted: "ntf_01JD5Q0Z6W8K3M2N4P5R6S7T8V"), communityID: CommunityID(trusted: "cmt_01JD5Q0Z6W8K3M2N4P5R6S7T8V"),
            memberID: MemberID(trusted: "mem_01JD5Q0Z6W8K3M2N4P5R6S7T8V"), kind: kind, subject: "event:cev_1", parameters: Self.parameters,
            createdAt: Date(timeIntervalSince1970: 0), readAt: nil)
        let text = notification.text(in: language)
        #expect(text.contains("中心广场"), "\(kind) \(language): \(text)")
    }
}
