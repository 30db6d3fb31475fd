import Foundation
import Hummingbird
import LinliDomain
import LinliStore

/// The caller's own inbox (`MemberNotification`): `GET /notifications` (newest first, `unread=true`
/// for unread only), `POST /notifications/{id}/read`, `POST /notifications/read-all` (`up_to`: the newest message the client showed). Nobody reads
/// another member's inbox, so no permission is involved: every lookup is by the caller's id.
struct NotificationsController {
    let dependencies: APIDependencies

    func register(on group: RouterGroup<LinliRequestContext>) {
        let store = dependencies.store
        let settings = dependencies.settings

        group.get("/notifications") { request, context in
            let principal = try context.requirePrincipal()
            let page = try RequestParameters.page(request, settings: settings)
            let unread = try RequestParameters.bool(request, "unread") ?? false
            let result = try await store.read { db in
                try MemberNotifications.list(db, principal: principal, unreadOnly: unread, page: page)
            }
            return try JSONResponse.make(PageView(result, for: request) { NotificationView($0, language: context.language) })
        }
        group.post("/notifications/{id}/read") { _, context in
            let id: NotificationID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            let notification = try await store.transaction { tx in try MemberNotifications.markRead(tx, principal: principal, id: id) }
            return try JSONResponse.make(NotificationView(notification, language: context.language))
        }
        group.post("/notifications/read-all") { request, context in
            let principal = try context.requirePrincipal()
            let upTo: NotificationID? = try RequestParameters.identifier(request, "up_to")
            let marked = try await store.transaction { tx in try MemberNotifications.markAllRead(tx, principal: principal, upTo: upTo) }
            return try JSONResponse.make(["marked": marked])
        }
    }
}

/// One inbox message with its text in the request's language.
struct NotificationView: Encodable {
    let id: String
    let kind: String
    let subject: String
    let text: String
    let parameters: [String: String]
    let createdAt: Date
    let readAt: Date?

    init(_ value: MemberNotification, language: Language) {
        id = value.id.rawValue
        kind = value.kind.rawValue
        subject = value.subject
        text = value.text(in: language)
        parameters = value.parameters
        createdAt = value.createdAt
        readAt = value.readAt
    }
}
