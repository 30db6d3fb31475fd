import Foundation
import GRDB
import LinliDomain

/// Tells the people who manage webhooks (organizers, admins) in their inbox that an endpoint is
/// failing or was disabled (`webhook_endpoint_failing`), whenever `endpoint.failing` is raised.
///
/// Why: `endpoint.failing` is an event like any other, delivered only to endpoints that follow it.
/// A community with one chat group, the common case, learnt of a failing or disabled group
/// robot from nobody (helper 145: the messages used up their retries or were cancelled and only
/// polling the endpoint list showed it), while the config said "organizers are told". The inbox
/// reaches them whatever the webhooks do.
enum EndpointFailureNotices {
    static func tell(
        _ tx: Transaction, community: CommunityID, endpointID: String, description: String, maskedURL: String,
        reasonCode: String, reason: String, disabled: Bool
    ) throws {
        var parameters = [
            "endpoint_id": endpointID, "url": maskedURL, "reason_code": reasonCode, "reason": reason, "disabled": disabled ? "true" : "false",
        ]
        if !description.isEmpty { parameters["description"] = description }
        for member in try StaffWithPermission.active(tx, community: community, .webhooksManage) {
            try MemberNotifications.notify(
                tx, community: community, member: member.id, kind: .webhookEndpointFailing, subject: "endpoint:\(endpointID)",
                parameters: parameters)
        }
    }
}
