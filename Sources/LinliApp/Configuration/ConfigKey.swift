import LinliCurl

/// One configuration setting: its dotted name (config file), environment variable, default and
/// documentation. The table in `ConfigKey.all` is the single source for parsing, validation
/// messages, `linli config` output and the README's configuration section.
public struct ConfigKey: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case string
        case integer(ClosedRange<Int>)
        case boolean
        case choice([String])
        case list
    }

    /// Dotted name as written in the YAML config file, e.g. `server.port`.
    public let name: String
    public let kind: Kind
    /// Default as text ("" = unset).
    public let defaultValue: String
    public let help: String

    /// `LINLI_SERVER_PORT` for `server.port`.
    public var environmentName: String {
        "LINLI_" + name.uppercased().replacingOccurrences(of: ".", with: "_")
    }

    public static let all: [ConfigKey] = [
        ConfigKey(name: "server.host", kind: .string, defaultValue: "127.0.0.1",
                  help: "Address to listen on. Use 0.0.0.0 in containers."),
        ConfigKey(name: "server.port", kind: .integer(0...65535), defaultValue: "8080",
                  help: "TCP port (0 picks a free port and logs it)."),
        ConfigKey(name: "server.trusted_proxies", kind: .list, defaultValue: "127.0.0.0/8,::1/128",
                  help: "Comma-separated CIDRs of the reverse proxies whose X-Real-IP / X-Forwarded-For name the client (Docker's bridge, e.g. 172.16.0.0/12; a Kubernetes ingress's pod range)."),
        ConfigKey(name: "server.shutdown_grace_seconds", kind: .integer(1...300), defaultValue: "40",
                  help: "How long in-flight requests and webhook deliveries may take to finish after SIGTERM (at least 2 × webhooks.timeout_seconds + 5; a warning at start below that)."),
        ConfigKey(name: "database.path", kind: .string, defaultValue: "./linli.sqlite",
                  help: "SQLite database file (WAL mode). Created if missing by serve (with database.auto_migrate on), migrate and admin bootstrap; other commands refuse a missing file."),
        ConfigKey(name: "database.durability", kind: .choice(["normal", "full"]), defaultValue: "normal",
                  help: "normal: commits survive a crash of the service; full: also power loss, each commit waiting for the disk (slower)."),
        ConfigKey(name: "database.auto_migrate", kind: .boolean, defaultValue: "true",
                  help: "Apply pending migrations at start-up; if false, `serve` refuses to start until `linli migrate` ran."),
        ConfigKey(name: "rules.file", kind: .string, defaultValue: "",
                  help: "Rule file for new communities; empty = the embedded rules/default.yaml."),
        ConfigKey(name: "rules.directory", kind: .string, defaultValue: "",
                  help: "Hot reload: a directory of <community id>.yaml rule files, activated when they change; empty = off."),
        ConfigKey(name: "rules.reload_seconds", kind: .integer(1...3600), defaultValue: "5",
                  help: "How often the rules directory is checked for changes."),
        ConfigKey(name: "api.max_body_bytes", kind: .integer(1024...(16 << 20)), defaultValue: "65536",
                  help: "Largest accepted JSON request body."),
        ConfigKey(name: "api.default_page_size", kind: .integer(1...500), defaultValue: "20",
                  help: "Page size when a list request gives no limit."),
        ConfigKey(name: "api.max_page_size", kind: .integer(1...500), defaultValue: "100",
                  help: "Largest page a client may ask for."),
        ConfigKey(name: "api.idempotency_ttl_hours", kind: .integer(1...720), defaultValue: "24",
                  help: "How long a response stored under an Idempotency-Key is replayed."),
        ConfigKey(name: "photos.path", kind: .string, defaultValue: "./data/photos",
                  help: "Directory for uploaded listing photos (content-addressed files). Created if missing; back it up with the database."),
        ConfigKey(name: "photos.max_bytes", kind: .integer(1024...(32 << 20)), defaultValue: "5242880",
                  help: "Largest accepted photo upload, in bytes."),
        ConfigKey(name: "photos.daily_limit_per_member", kind: .integer(0...10_000), defaultValue: "30",
                  help: "New photos one member may upload in a local day (429 photo.daily_limit above; staff who register listings for residents are not counted; 0: no limit)."),
        ConfigKey(name: "photos.max_total_bytes_per_member", kind: .integer(0...(1 << 40)), defaultValue: "524288000",
                  help: "Bytes of photos one member may hold (every photo she uploaded that is still kept; 409 photo.storage_full above; staff who register listings for residents are not counted; 0: no limit)."),
        ConfigKey(name: "photos.orphan_days", kind: .integer(1...365), defaultValue: "7",
                  help: "Days an uploaded photo that no listing or report names is kept before the hourly sweep forgets it (and its file)."),
        ConfigKey(name: "log.level", kind: .choice(["trace", "debug", "info", "notice", "warning", "error", "critical"]),
                  defaultValue: "info", help: "Minimum log level."),
        ConfigKey(name: "log.format", kind: .choice(["text", "json"]), defaultValue: "text",
                  help: "text for terminals, json (one object per line) for log collectors."),
        ConfigKey(name: "webhooks.allow_private_cidrs", kind: .list, defaultValue: "",
                  help: "Comma-separated CIDRs webhook deliveries may reach despite SSRF protection (tests, on-premise receivers)."),
        ConfigKey(name: "webhooks.retry_schedule_seconds", kind: .list, defaultValue: "0,5,300,1800,7200,18000,36000,50400,72000,86400",
                  help: "Delay before each delivery attempt (Standard Webhooks schedule by default; ±10% jitter)."),
        ConfigKey(name: "webhooks.poll_interval_ms", kind: .integer(5...60_000), defaultValue: "100",
                  help: "How often the delivery worker looks for new events when idle."),
        ConfigKey(name: "webhooks.max_in_flight", kind: .integer(1...4096), defaultValue: "64",
                  help: "Most webhook requests in flight at once."),
        ConfigKey(name: "webhooks.timeout_seconds", kind: .integer(1...300), defaultValue: "15",
                  help: "Total time one delivery request may take once its transfer starts (connect timeout is 5 s); waiting for a free connection to the host adds at most as long again, with nothing sent."),
        ConfigKey(name: "webhooks.disable_after_days", kind: .integer(1...365), defaultValue: "5",
                  help: "Endpoints failing continuously this long are disabled and organizers told."),
        ConfigKey(name: "webhooks.retention_days", kind: .integer(0...3650), defaultValue: "90",
                  help: "Finished webhook messages (delivered, failed, cancelled) and their attempts are deleted this many days after they finished; 0 keeps them for ever. Recover reaches back as far."),
        ConfigKey(name: "webhooks.proxy", kind: .string, defaultValue: "",
                  help: "HTTP proxy for webhook deliveries; empty = none (the environment's proxy variables are ignored)."),
        ConfigKey(name: "webhooks.proxy_pinning", kind: .choice(ProxyPinning.allCases.map(\.rawValue)), defaultValue: "https",
                  help: "Which deliveries ask the proxy for the address Linli resolved and checked (CONNECT address:port) instead of the name, so the proxy cannot resolve it elsewhere: https (default), all (plain http tunnelled too: the proxy must allow CONNECT to port 80), off (for a proxy that allow-lists by name)."),
    ]

    public static func named(_ name: String) -> ConfigKey? { all.first { $0.name == name } }
}
