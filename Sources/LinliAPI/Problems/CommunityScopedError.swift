import LinliDomain

/// A domain error raised while serving an authenticated caller, with the time zone of the caller's
/// community, so its message shows instants in the residents' local time.
///
/// Why a wrapper: `ProblemMiddleware` sits outside `AuthMiddleware` (it answers refused
/// authentications too), and a request context is a value, so the principal that `AuthMiddleware`
/// sets on its copy never reaches the problem middleware's. The error carries what it needs.
struct CommunityScopedError: Error {
    let error: DomainError
    let timeZoneID: String
}
