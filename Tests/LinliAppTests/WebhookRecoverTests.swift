import Foundation
import GRDB
import LinliApp
import LinliDelivery
import LinliDomain
import LinliStore
import Testing

/// Disabling an endpoint cancels its queued messages; recovering after re-enabling brings them
/// back, and resending is refused while the endpoint cannot deliver.
@Suite(.serialized) struct WebhookRecoverTests {
    static func setEnabled(_ setup: WebhookWorkerTests.Setup, _ id: WebhookEndpointID, _ enabled: Bool) throws {
        try setup.environment.store.transactionSync { tx in
            _ = try WebhookEndpointCommands.update(
                tx, principal: setup.admin, id: id, draft: EndpointDraft(enabled: enabled), expectedVersion: nil, actor: .commandLine)
        }
    }

    /// An endpoint with `count` messages fanned out to it.
    static func queued(_ setup: WebhookWorkerTests.Setup, count: Int) throws -> WebhookEndpointID {
        let created = try setup.endpoint("https://hooks.example.org/x")
        try setup.emit("member.verified", subject: "member:1", count: count)
        try setup.environment.store.transactionSync { tx in _ = try WebhookQueue.fanOut(tx, batch: 100) }
        return created.endpoint.id
    }

    static func recover(_ setup: WebhookWorkerTests.Setup, _ id: WebhookEndpointID, since: Date) throws -> Int {
        try setup.environment.store.transactionSync { tx in
            try WebhookMessageCommands.recover(tx, principal: setup.admin, endpoint: id, since: since, actor: .commandLine)
        }
    }

    @Test func recoverAfterReEnablingRequeuesTheCancelledBacklog() throws {
        let setup = try WebhookWorkerTests.Setup()
        let endpoint = try Self.queued(setup, count: 3)
        try Self.setEnabled(setup, endpoint, false)
        #expect(try setup.messages().map { $0["status"] as String } == ["cancelled", "cancelled", "cancelled"])
        try Self.setEnabled(setup, endpoint, true)
        #expect(try Self.recover(setup, endpoint, since: Date(timeIntervalSince1970: 0)) == 3)
        #expect(try setup.messages().map { $0["status"] as String } == ["pending", "pending", "pending"])
    }

    @Test func recoverKeepsToTheSinceWindow() throws {
        let setup = try WebhookWorkerTests.Setup()
        let endpoint = try Self.queued(setup, count: 2)
        try Self.setEnabled(setup, endpoint, false)
        try Self.setEnabled(setup, endpoint, true)
        #expect(try Self.recover(setup, endpoint, since: Date().addingTimeInterval(3_600)) == 0)
    }

    @Test func resendIsRefusedWhileTheEndpointIsDisabledOrDeleted() throws {
        let setup = try WebhookWorkerTests.Setup()
        let endpoint = try Self.queued(setup, count: 1)
        let store = setup.environment.store
        try Self.setEnabled(setup, endpoint, false)
        let id = WebhookMessageID(trusted: try #require(setup.messages().first)["id"] as String)
        func resend() throws -> WebhookMessageView {
            try store.transactionSync { tx in try WebhookMessageCommands.resend(tx, principal: setup.admin, id: id, actor: .commandLine) }
        }
        let disabled = DomainError(code: "webhook.endpoint_disabled", category: .conflict)
        #expect(throws: disabled) { try resend() }
        try Self.setEnabled(setup, endpoint, true)
        #expect(try resend().status == "pending")
        // Cancelled again by deleting the endpoint: no resend either.
        try store.transactionSync { tx in
            try WebhookEndpointCommands.delete(tx, principal: setup.admin, id: endpoint, actor: .commandLine)
        }
        #expect(try setup.messages().first?["status"] as String? == "cancelled")
        // Said as it is: a deleted endpoint cannot be enabled, so "enable it first" would mislead.
        #expect(throws: DomainError(code: "webhook.endpoint_deleted", category: .conflict, parameters: ["endpoint_id": endpoint.rawValue])) {
            try resend()
        }
    }
}
