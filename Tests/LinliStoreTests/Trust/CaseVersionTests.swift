import Foundation
import GRDB
import LinliDomain
import LinliTrust
import Testing
@testable import LinliStore

/// Helper 128: a case's version (its ETag) stayed put when a report joined it or a colleague added
/// a note, so a resolution sent with `If-Match` of what the moderator had read went through
/// without the new evidence. Now both move it on, and the stale resolution is a version conflict.
@Suite struct CaseVersionTests {
    func resolve(_ f: ListingFixture, _ id: CaseID, expectedVersion: Int) throws -> ModerationCase {
        try f.store.transactionSync { tx in
            try CaseCommands.resolve(
                tx, principal: f.moderatorA, id: id, input: CaseResolutionInput(actions: [.init(kind: .warn)], reason: "核实属实"),
                policies: TrustPolicies(), services: f.services, limits: .standard, expectedVersion: expectedVersion,
                actor: .member(f.moderatorA, requestID: nil))
        }.moderationCase
    }

    func version(_ f: ListingFixture, _ id: CaseID) throws -> Int {
        try f.base.database.readSync { db in try TrustCaseRows.fetchCase(db, community: f.resident.communityID, id: id).version }
    }

    @Test(arguments: ["report", "note"])
    func newEvidenceMakesAnEarlierETagStale(evidence: String) throws {
        let f = try ListingFixture()
        let id = try f.fileReport(about: f.neighbour.memberID, as: f.resident).id
        let claimed = try f.store.transactionSync { tx in
            try CaseCommands.claim(tx, principal: f.moderatorA, id: id, leaseSeconds: 900, actor: .member(f.moderatorA, requestID: nil))
        }
        let read = try version(f, id)
        #expect(read == claimed.version)
        if evidence == "report" {
            #expect(try f.fileReport(about: f.neighbour.memberID, as: f.staff, text: "其实是对方先动手的，我在场").id == id)
        } else {
            _ = try f.store.transactionSync { tx in
                try CaseCommands.addNote(tx, principal: f.moderatorB, id: id, text: "电话核实：双方各执一词", actor: .member(f.moderatorB, requestID: nil))
            }
        }
        #expect(try version(f, id) == read + 1)
        let stale = #expect(throws: DomainError.self) { try resolve(f, id, expectedVersion: read) }
        #expect(stale?.code == "version_conflict")
        #expect(try resolve(f, id, expectedVersion: read + 1).status == .resolved)
    }

    /// Helper 130: the claimant's own note is not news to her: claim, note, then resolve with the
    /// claim's ETag goes through.
    @Test func theClaimantsOwnNoteKeepsHerETag() throws {
        let f = try ListingFixture()
        let id = try f.fileReport(about: f.neighbour.memberID, as: f.resident).id
        let claimed = try f.store.transactionSync { tx in
            try CaseCommands.claim(tx, principal: f.moderatorA, id: id, leaseSeconds: 900, actor: .member(f.moderatorA, requestID: nil))
        }
        _ = try f.store.transactionSync { tx in
            try CaseCommands.addNote(tx, principal: f.moderatorA, id: id, text: "已电话联系双方", actor: .member(f.moderatorA, requestID: nil))
        }
        #expect(try resolve(f, id, expectedVersion: claimed.version).status == .resolved)
    }
}
