import Hummingbird
import LinliDomain
import LinliStore

/// `/v1/members` and `/v1/me`: the directory, registration, profile, role, verification, status.
struct MembersController {
    let dependencies: APIDependencies

    func register(on group: RouterGroup<LinliRequestContext>) {
        let store = dependencies.store
        let settings = dependencies.settings
        let limit = settings.maxBodyBytes
        let rules = dependencies.listings.rules

        group.get("/me") { _, context in
            let principal = try context.requirePrincipal()
            let member = try await store.read { db in
                try MemberCommands.fetch(db, community: principal.communityID, id: principal.memberID)
            }
            return try JSONResponse.make(MemberView(member, viewer: principal), version: member.version)
        }
        group.get("/members") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.memberRead)
            let page = try RequestParameters.page(request, settings: settings)
            let filter = MemberFilter(
                role: try RequestParameters.enumeration(request, "role"),
                status: try RequestParameters.enumeration(request, "status"),
                householdID: try RequestParameters.identifier(request, "household_id"),
                verified: try RequestParameters.bool(request, "verified"))
            let result = try await store.read { db in
                // Who lives with whom is for staff and the household itself (as the households
                // routes are): filtering by another household is 404, like reading it.
                if let household = filter.householdID { _ = try HouseholdCommands.fetchVisible(db, principal: principal, id: household) }
                return try MemberCommands.list(db, community: principal.communityID, filter: filter, page: page)
            }
            return try JSONResponse.make(PageView(result, for: request) { MemberView($0, viewer: principal) })
        }
        group.post("/members") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.memberCreate)
            let input = try await JSONBody.decode(NewMemberInput.self, from: request, limit: limit)
            let actor = try context.auditActor()
            let (member, namesakes) = try await store.transaction { tx in
                let member = try MemberCommands.create(tx, community: principal.communityID, input: input, principal: principal, actor: actor)
                return (member, try MemberCommands.namesakes(tx.db, of: member))
            }
            var view = MemberView(member, viewer: principal)
            view.warnings = WarningView.sameName(member, namesakes: namesakes, language: context.language)
            return try JSONResponse.make(view, status: .created, version: member.version, location: "/v1/members/\(member.id)")
        }
        group.get("/members/{id}") { request, context in
            let id: MemberID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            if id != principal.memberID { try principal.require(.memberRead) }
            let member = try await store.read { db in try MemberCommands.fetch(db, community: principal.communityID, id: id) }
            return try JSONResponse.make(MemberView(member, viewer: principal), version: member.version)
        }
        group.patch("/members/{id}") { request, context in
            let id: MemberID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            if id != principal.memberID { try principal.require(.memberUpdateOthers) }
            let patch = try await JSONBody.decode(MemberProfilePatch.self, from: request, limit: limit)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            let member = try await PhoneChangeRefusals.updateProfile(
                store: store, principal: principal, id: id, patch: patch, expectedVersion: version, actor: actor)
            return try JSONResponse.make(MemberView(member, viewer: principal), version: member.version)
        }
        group.put("/members/{id}/role") { request, context in
            let id: MemberID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.memberChangeRole)
            let input = try await JSONBody.decode(RoleChangeInput.self, from: request, limit: limit)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            let member = try await store.transaction { tx in
                try MemberCommands.changeRole(tx, principal: principal, id: id, input: input, expectedVersion: version, actor: actor)
            }
            return try JSONResponse.make(MemberView(member, viewer: principal), version: member.version)
        }
        group.put("/members/{id}/verification") { request, context in
            let id: MemberID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.memberVerify)
            let input = try await JSONBody.decode(VerificationInput.self, from: request, limit: limit)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            let member = try await store.transaction { tx in
                try MemberCommands.setVerification(
                    tx, principal: principal, id: id, input: input, expectedVersion: version, actor: actor, exchanges: dependencies.exchanges)
            }
            return try JSONResponse.make(MemberView(member, viewer: principal), version: member.version)
        }
        group.put("/members/{id}/status") { request, context in
            let id: MemberID = try RequestParameters.id(context)
            let principal = try context.requirePrincipal()
            try principal.require(.memberChangeStatus)
            let input = try await JSONBody.decode(StatusChangeInput.self, from: request, limit: limit)
            let version = try RequestParameters.expectedVersion(request)
            let actor = try context.auditActor()
            let member = try await store.transaction { tx in
                let moderation = try TrustPolicies.active(tx.db, community: principal.communityID, at: tx.now, rules: rules).moderation
                return try MemberCommands.changeStatus(
                    tx, principal: principal, id: id, input: input, expectedVersion: version, actor: actor,
                    maxSuspensionDays: moderation.maxSuspensionDays)
            }
            return try JSONResponse.make(MemberView(member, viewer: principal), version: member.version)
        }
    }
}
