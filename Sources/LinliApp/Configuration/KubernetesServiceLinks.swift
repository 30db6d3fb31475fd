/// The variables Kubernetes puts into every pod for each Service in its namespace ("service
/// links"): for a Service named `linli`, `LINLI_SERVICE_HOST`, `LINLI_SERVICE_PORT`,
/// `LINLI_PORT=tcp://10.0.0.1:8080`, `LINLI_PORT_8080_TCP_ADDR`… They share Linli's `LINLI_`
/// prefix, and an unknown `LINLI_*` variable stops the service (a typo must not fall back to a
/// default silently), so a pod beside a Service named `linli` crash-looped. These names are
/// ignored instead; every other unknown `LINLI_*` name is still refused. A Service whose name
/// makes one of Linli's own names (`linli-server` → `LINLI_SERVER_PORT`) cannot be told apart:
/// the README says to set `enableServiceLinks: false`.
enum KubernetesServiceLinks {
    /// Whether `name=value` is one of those. A bare `…_PORT` could be a misspelt setting
    /// (`LINLI_SERVR_PORT`), so it counts only with the URL Kubernetes gives it (`tcp://…`).
    /// Read once per start, so the patterns are built where they are used.
    static func isServiceLink(_ name: String, value: String) -> Bool {
        if name.wholeMatch(of: /LINLI(_[A-Z0-9_]+)?_SERVICE_(HOST|PORT(_[A-Z0-9_]+)?)/) != nil { return true }
        if name.wholeMatch(of: /LINLI(_[A-Z0-9_]+)?_PORT_[0-9]+_(TCP|UDP|SCTP)(_PROTO|_PORT|_ADDR)?/) != nil { return true }
        return name.wholeMatch(of: /LINLI(_[A-Z0-9_]+)?_PORT/) != nil
            && value.wholeMatch(of: /(tcp|udp|sctp):\/\/[^\s]+:[0-9]+/) != nil
    }
}
