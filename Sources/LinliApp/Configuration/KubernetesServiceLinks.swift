/// The variables Kubernetes puts into every pod for each Service in its namespace ("service
/// links"): for a Service named `linli`, `LINLI_SERVICE_HOST`, `LINLI_SERVICE_PORT`,
/// `LINLI_PORT=tcp://10.0.0.1:8080`, `LINLI_PORT_8080_TCP_ADDR`… They share Linli's `LINLI_`
/// prefix, and an unknown `LINLI_*` variable stops the service (a typo must not fall back to a
/// default silently), so a pod beside a Service named `linli` crash-looped. These names are
/// ignored instead; every other unknown `LINLI_*` name is still refused. A Service whose name
/// makes one of Linli's own names (`linli-server` → `LINLI_SERVER_PORT`) cannot be told apart:
/// the README says to set `enableServiceLinks: false`.
enum KubernetesServiceLinks {
    /// Whether `name=value` is one of those, given the whole `environment`. Kubernetes always
    /// sets a Service's `<P>_PORT=tcp://address:port` beside its other names, so each counts only
    /// with that one present: `LINLI_SERVICE_PORT=9000` alone is a misspelt `LINLI_SERVER_PORT`
    /// and is refused, not ignored. Read once per start, so the patterns are built where used.
    static func isServiceLink(_ name: String, value: String, environment: [String: String]) -> Bool {
        func hasServiceURL(_ prefix: Substring) -> Bool {
            environment[String(prefix) + "_PORT"].map(isServiceURL) ?? false
        }
        if let match = name.wholeMatch(of: /(LINLI(?:_[A-Z0-9_]+)?)_SERVICE_(?:HOST|PORT(?:_[A-Z0-9_]+)?)/) {
            return hasServiceURL(match.1)
        }
        if let match = name.wholeMatch(of: /(LINLI(?:_[A-Z0-9_]+)?)_PORT_[0-9]+_(?:TCP|UDP|SCTP)(?:_PROTO|_PORT|_ADDR)?/) {
            return hasServiceURL(match.1)
        }
        return name.wholeMatch(of: /LINLI(_[A-Z0-9_]+)?_PORT/) != nil && isServiceURL(value)
    }

    static func isServiceURL(_ value: String) -> Bool {
        value.wholeMatch(of: /(tcp|udp|sctp):\/\/[^\s]+:[0-9]+/) != nil
    }
}
