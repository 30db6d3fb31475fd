import Hummingbird

/// Builds the router: public endpoints (health, metrics, OpenAPI) and the authenticated `/v1` API.
///
/// Middleware order matters and is fixed here: request id → access log → problem details →
/// (for /v1) authentication → query names → bodyless writes → device/address fingerprints →
/// idempotency → controller.
public enum LinliRouter {
    public static func build(_ dependencies: APIDependencies, document: OpenAPIDocument = .shipped) -> Router<LinliRequestContext> {
        // HEAD is answered wherever GET is (headers without the body), as HTTP expects of a server
        // and as monitors probing `/healthz` with HEAD assume.
        let router = Router(context: LinliRequestContext.self, options: .autoGenerateHeadEndpoints)
        let methods = RouteMethods()
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: AccessLogMiddleware(observer: dependencies.observer))
        router.add(middleware: ProblemMiddleware(methods: methods, maxBodyBytes: dependencies.settings.maxBodyBytes, clock: dependencies.store.clock))

        HealthController(dependencies: dependencies).register(on: router)
        OpenAPIController(document: document).register(on: router)

        let v1 = router.group("/v1")
            .add(middleware: AuthMiddleware(store: dependencies.store))
            .add(middleware: QueryNamesMiddleware(known: Self.queryNames(document)))
            .add(middleware: BodylessWritesMiddleware(bodyless: Self.bodylessWrites(document), limit: dependencies.settings.maxBodyBytes))
            .add(middleware: FingerprintMiddleware(store: dependencies.store, trustedProxies: dependencies.settings.trustedProxies))
            .add(middleware: IdempotencyMiddleware(store: dependencies.store, settings: dependencies.settings))
        CommunitiesController(dependencies: dependencies).register(on: v1)
        HouseholdsController(dependencies: dependencies).register(on: v1)
        MembersController(dependencies: dependencies).register(on: v1)
        TokensController(dependencies: dependencies).register(on: v1)
        AuditController(dependencies: dependencies).register(on: v1)
        RulesController(dependencies: dependencies, cache: dependencies.ruleSets).register(on: v1)
        WebhooksController(dependencies: dependencies).register(on: v1)
        LedgerController(dependencies: dependencies).register(on: v1)
        ListingsController(dependencies: dependencies).register(on: v1)
        PhotosController(dependencies: dependencies).register(on: v1)
        ReviewsController(dependencies: dependencies).register(on: v1)
        TrustController(dependencies: dependencies).register(on: v1)
        CasesController(dependencies: dependencies).register(on: v1)
        ExchangesController(dependencies: dependencies).register(on: v1)
        RatingsController(dependencies: dependencies).register(on: v1)
        NotificationsController(dependencies: dependencies).register(on: v1)
        NoShowContestsController(dependencies: dependencies).register(on: v1)
        EventsController(dependencies: dependencies).register(on: v1)
        ProxiesController(dependencies: dependencies).register(on: v1)
        methods.register(router.routes)
        return router
    }

    /// The writes that take no body, from the document (see `queryNames`).
    static func bodylessWrites(_ document: OpenAPIDocument) -> Set<String> {
        do {
            return try document.bodylessWrites()
        } catch {
            preconditionFailure("the OpenAPI document's operations cannot be read: \(error)")
        }
    }

    /// What each operation takes, from the document: one that cannot be read stops the start
    /// rather than switching the check off without a word (helper 147 #13). The shipped document
    /// is parsed at load already (`OpenAPIDocument.shipped`), so this fails only for a broken one.
    static func queryNames(_ document: OpenAPIDocument) -> [String: Set<String>] {
        do {
            return try document.queryParameters()
        } catch {
            preconditionFailure("the OpenAPI document's parameters cannot be read: \(error)")
        }
    }
}
