import Foundation
import LinliAPI
import LinliCurl
import LinliDelivery
import LinliStore
import Logging

/// The validated configuration the service runs with.
public struct LinliConfiguration: Sendable, Equatable {
    /// The longest delay `webhooks.retry_schedule_seconds` may give one retry: a week.
    static let maximumRetryDelaySeconds: Double = 604_800

    public var host: String
    public var port: Int
    public var shutdownGraceSeconds: Int
    /// The shortest grace that lets a webhook delivery in flight finish and be recorded: it may
    /// wait up to the timeout for a connection, then take the timeout itself, plus up to 5 s of
    /// name lookup behind a proxy.
    public var shutdownGraceNeeded: Int { 2 * webhookTimeoutSeconds + 5 }
    /// What `serve` logs at start and `linli config` prints when the grace is below that; nil
    /// when it is not.
    public var shutdownGraceWarning: String? {
        guard shutdownGraceSeconds < shutdownGraceNeeded else { return nil }
        return "server.shutdown_grace_seconds (\(shutdownGraceSeconds)) is below 2 × webhooks.timeout_seconds + 5 "
            + "(\(shutdownGraceNeeded)): a stop may cancel webhook deliveries in flight (they are sent again at the next start)"
    }
    public var databasePath: String
    /// Where `database.path` was set (nil: its default), so "no database at PATH" can say which
    /// setting to fix (helper 145 #7).
    public var databasePathOrigin: ConfigurationOrigin?
    /// `database.durability`: how long a commit waits for the disk.
    public var durability: DatabaseDurability
    public var autoMigrate: Bool
    /// nil = the embedded default rule file.
    public var rulesFile: String?
    /// Hot-reload directory of `<community id>.yaml` files; nil = off.
    public var rulesDirectory: String?
    public var rulesReloadSeconds: Int
    public var api: APISettings
    public var logLevel: Logger.Level
    public var logFormat: String
    public var webhookAllowedCIDRs: [String]
    public var webhookProxy: String?
    /// `webhooks.proxy_pinning`: which deliveries ask the proxy for the checked address, not the name.
    public var webhookProxyPinning: ProxyPinning
    public var webhookRetryDelays: [TimeInterval]
    public var webhookPollMilliseconds: Int
    public var webhookMaxInFlight: Int
    public var webhookTimeoutSeconds: Int
    public var webhookDisableAfterDays: Int
    /// Days finished webhook messages are kept (`WebhookRetentionCommands`); 0 = for ever.
    public var webhookRetentionDays: Int
    public var photosPath: String
    public var photoMaxBytes: Int
    public var photoDailyLimitPerMember: Int
    public var photoMaxTotalBytesPerMember: Int
    public var photoOrphanDays: Int

    /// Builds the typed configuration from resolved text values, collecting every problem. Each
    /// problem starts with where its value was set (`origins`: the file position, environment
    /// variable or flag); a value left at its default is named by its key alone.
    init(values: [String: String], origins: [String: ConfigurationOrigin] = [:]) throws(ConfigurationError) {
        var problems: [String] = []
        func problem(_ names: String..., message: String) {
            let places = names.compactMap { origins[$0]?.citation }
            problems.append(places.isEmpty ? message : places.joined(separator: ", ") + ": " + message)
        }
        func text(_ name: String) -> String { values[name] ?? ConfigKey.named(name)!.defaultValue }
        func integer(_ name: String) -> Int {
            let key = ConfigKey.named(name)!
            guard case .integer(let range) = key.kind, let value = Int(text(name)), range.contains(value) else {
                if case .integer(let range) = key.kind {
                    problem(name, message: "\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), got \"\(text(name))\"")
                }
                return Int(key.defaultValue) ?? 0
            }
            return value
        }
        func boolean(_ name: String) -> Bool {
            switch text(name).lowercased() {
            case "true": return true
            case "false": return false
            default:
                problem(name, message: "\(name) must be true or false, got \"\(text(name))\"")
                return false
            }
        }
        func choice(_ name: String) -> String {
            guard case .choice(let options) = ConfigKey.named(name)!.kind else { return text(name) }
            if !options.contains(text(name)) {
                problem(name, message: "\(name) must be one of \(options.joined(separator: ", ")), got \"\(text(name))\"")
            }
            return text(name)
        }

        host = text("server.host")
        if host.isEmpty { problem("server.host", message: "server.host must not be empty") }
        port = integer("server.port")
        shutdownGraceSeconds = integer("server.shutdown_grace_seconds")
        databasePath = text("database.path")
        databasePathOrigin = origins["database.path"]
        if databasePath.isEmpty { problem("database.path", message: "database.path must not be empty") }
        durability = DatabaseDurability(rawValue: choice("database.durability")) ?? .normal
        autoMigrate = boolean("database.auto_migrate")
        let rules = text("rules.file")
        rulesFile = rules.isEmpty ? nil : rules
        if let rulesFile, let reason = TextFile.problem(rulesFile) {
            problem("rules.file", message: "rules.file \(TextFile.Unreadable(path: rulesFile, reason: reason))")
        }
        let directory = text("rules.directory")
        rulesDirectory = directory.isEmpty ? nil : directory
        var isDirectory: ObjCBool = false
        if let rulesDirectory, let blocked = PathReach.blockingDirectory(of: rulesDirectory) {
            problem("rules.directory", message: "rules.directory \(rulesDirectory) cannot be reached: the directory \(blocked) may not be entered by this user")
        } else if let rulesDirectory, !FileManager.default.fileExists(atPath: rulesDirectory, isDirectory: &isDirectory) || !isDirectory.boolValue {
            problem("rules.directory", message: "rules.directory \(rulesDirectory) is not a directory")
        } else if let rulesDirectory, (try? FileManager.default.contentsOfDirectory(atPath: rulesDirectory)) == nil {
            // Listed as empty, the watcher would never see a file (helper 116).
            problem("rules.directory", message: "rules.directory \(rulesDirectory) cannot be read by this user (permission denied)")
        }
        rulesReloadSeconds = integer("rules.reload_seconds")
        api = APISettings(
            maxBodyBytes: integer("api.max_body_bytes"), defaultPageSize: integer("api.default_page_size"),
            maxPageSize: integer("api.max_page_size"), idempotencyTTL: TimeInterval(integer("api.idempotency_ttl_hours") * 3600))
        let proxies = text("server.trusted_proxies").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        api.trustedProxies = proxies.compactMap(IPNetwork.init)
        for cidr in proxies where IPNetwork(cidr) == nil {
            problem("server.trusted_proxies", message: "server.trusted_proxies: \"\(cidr)\" is not a CIDR such as 172.16.0.0/12 or ::1/128")
        }
        if api.defaultPageSize > api.maxPageSize {
            problem(
                "api.default_page_size", "api.max_page_size",
                message: "api.default_page_size (\(api.defaultPageSize)) must not exceed api.max_page_size (\(api.maxPageSize))")
        }
        logLevel = Logger.Level(rawValue: choice("log.level")) ?? .info
        logFormat = choice("log.format")
        webhookAllowedCIDRs = text("webhooks.allow_private_cidrs").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        // Parsed by the same code `serve` builds its address policy with, so `linli config` never
        // calls valid what the service would then refuse.
        for cidr in webhookAllowedCIDRs where (try? AddressPolicy(allowing: [cidr])) == nil {
            problem("webhooks.allow_private_cidrs", message: "webhooks.allow_private_cidrs: \"\(cidr)\" is not a CIDR such as 127.0.0.0/8 or ::1/128")
        }
        let delays = text("webhooks.retry_schedule_seconds").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        // Finite and at most a week each: "inf" and "1e400" read as numbers, and an infinite delay
        // scheduled the next attempt at a date the worker could not sleep until (a trap).
        webhookRetryDelays = delays.compactMap { Double($0) }.filter { $0 >= 0 && $0 <= Self.maximumRetryDelaySeconds }
        if webhookRetryDelays.isEmpty || webhookRetryDelays.count != delays.count || webhookRetryDelays.count > 30 {
            problem("webhooks.retry_schedule_seconds", message: "webhooks.retry_schedule_seconds must be 1 to 30 numbers of seconds from 0 to 604800 (a week), got \"\(text("webhooks.retry_schedule_seconds"))\"")
            webhookRetryDelays = [0]
        } else if webhookRetryDelays[0] != 0 {
            // The first attempt goes as soon as the event is fanned out; a first value other than 0
            // would read as a delay the worker never applies.
            problem("webhooks.retry_schedule_seconds", message: "webhooks.retry_schedule_seconds must start with 0 (the first attempt goes at once; the others are the delays before each retry), got \"\(text("webhooks.retry_schedule_seconds"))\"")
        }
        webhookPollMilliseconds = integer("webhooks.poll_interval_ms")
        webhookMaxInFlight = integer("webhooks.max_in_flight")
        webhookTimeoutSeconds = integer("webhooks.timeout_seconds")
        webhookDisableAfterDays = integer("webhooks.disable_after_days")
        webhookRetentionDays = integer("webhooks.retention_days")
        photosPath = text("photos.path")
        if photosPath.isEmpty { problem("photos.path", message: "photos.path must not be empty") }
        photoMaxBytes = integer("photos.max_bytes")
        photoDailyLimitPerMember = integer("photos.daily_limit_per_member")
        photoMaxTotalBytesPerMember = integer("photos.max_total_bytes_per_member")
        photoOrphanDays = integer("photos.orphan_days")
        let proxy = text("webhooks.proxy")
        webhookProxy = proxy.isEmpty ? nil : proxy
        if !proxy.isEmpty, let message = ProxyAddress.problem(proxy) { problem("webhooks.proxy", message: message) }
        webhookProxyPinning = ProxyPinning(rawValue: choice("webhooks.proxy_pinning")) ?? .https
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
    }
}

/// Invalid configuration: every problem, so the operator fixes them in one go. The service exits
/// before binding any port.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public let problems: [String]
    public var description: String {
        "invalid configuration:\n" + problems.map { "  - " + $0 }.joined(separator: "\n")
    }
}
