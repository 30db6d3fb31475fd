import Foundation
import Testing
@testable import LinliDelivery

@Suite("Preparing an attempt")
struct PreparedAttemptTests {
    @Test func picksThePartTheMessageIsAtAndReportsBrokenTemplates() throws {
        var endpoint = try DeliveryPolicyTests.endpoint(.wecom)
        let event = OutboundEvent(id: "msg_1", type: "listing.published", communityID: "com_1", subject: "listing:1",
                                  occurredAt: DeliveryPolicyTests.start,
                                  payload: ["title": "长", "description": .string(String(repeating: "描述", count: 800))])
        var state = MessageState.new(at: DeliveryPolicyTests.start)
        state.partsDelivered = 1
        guard case .send(let request, let part, let partCount) = PreparedAttempt.prepare(
            event: event, endpoint: endpoint, state: state, now: DeliveryPolicyTests.start) else {
            Issue.record("expected a request")
            return
        }
        #expect(part == 1 && partCount == 3)
        let all = try DeliveryRenderer.render(event, for: endpoint, now: DeliveryPolicyTests.start)
        #expect(request == all[1])

        endpoint.chat.templates["listing.published"] = "{{#x}}"
        guard case .unrenderable(let reason) = PreparedAttempt.prepare(event: event, endpoint: endpoint, state: state,
                                                                       now: DeliveryPolicyTests.start) else {
            Issue.record("expected a render failure")
            return
        }
        #expect(reason.code == "render.template_invalid")

        // A text that names only what the event lacks renders to nothing: said as such, not sent
        // for the platform to refuse with a code of its own.
        endpoint.chat.templates["listing.published"] = "  {{data.nope}}\n"
        guard case .unrenderable(let empty) = PreparedAttempt.prepare(event: event, endpoint: endpoint, state: .new(at: DeliveryPolicyTests.start),
                                                                      now: DeliveryPolicyTests.start) else {
            Issue.record("expected a render failure")
            return
        }
        #expect(empty.code == "render.template_empty")
        #expect(empty.detail.contains("listing.published"))
    }
}
