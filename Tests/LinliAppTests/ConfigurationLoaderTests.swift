import Foundation
import Logging
import LinliAPI
import LinliApp
import LinliDelivery
import LinliStore
import LinliTestSupport
import Testing

@Suite struct ConfigurationLoaderTests {
    /// Each test's configuration files, removed with the suite instance.
    let scratch: TemporaryDirectory

    init() throws { scratch = try TemporaryDirectory(prefix: "linli-config") }

    func writeConfig(_ text: String) throws -> String {
        let path = scratch.url.appendingPathComponent("linli-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func defaults() throws {
        let configuration = try ConfigurationLoader.load(file: nil, environment: [:], flags: [:])
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.databasePath == "./linli.sqlite")
        #expect(configuration.autoMigrate)
        #expect(configuration.rulesFile == nil)
        #expect(configuration.api.maxBodyBytes == 65_536)
        #expect(configuration.api.idempotencyTTL == 86_400)
        #expect(configuration.logFormat == "text")
    }

    /// Helper 136: a bad file value passed while a variable overrode it, and the service would not
    /// start once the variable was gone; list items that were not plain values were dropped.
    @Test func aBadFileValueIsReportedEvenWhenOverriddenAndListItemsArePlain() throws {
        let file = try writeConfig("""
            server:
              port: abc
            webhooks:
              retry_schedule_seconds: [0, {a: 1}, 5]
            """)
        let loaded = Result { () throws(ConfigurationError) in
            try ConfigurationLoader.load(file: file, environment: ["LINLI_SERVER_PORT": "18136"], flags: [:])
        }
        let problems: [String]
        switch loaded {
        case .success: problems = []
        case .failure(let error): problems = error.problems
        }
        let port = problems.filter { $0.contains("server.port") && $0.contains(":2:") && $0.contains("fix it in the file") }
        let items = problems.filter { $0.contains("each item of webhooks.retry_schedule_seconds must be a single value") }
        #expect(port.count == 1, "\(problems)")
        #expect(items.count == 1, "\(problems)")
        // Overridden with a good file value is fine.
        let good = try writeConfig("server:\n  port: 9000\n")
        #expect(try ConfigurationLoader.load(file: good, environment: ["LINLI_SERVER_PORT": "18136"], flags: [:]).port == 18136)
    }

    /// Helper 136: with automatic migration off, a mistyped path made an empty database and the
    /// advice to migrate it. Nothing is created; the path is named.
    @Test func withoutAutoMigrationAMissingDatabaseIsNotCreated() throws {
        let path = scratch.url.appendingPathComponent("typo/new.sqlite").path
        let configuration = try ConfigurationLoader.load(
            file: nil, environment: [:], flags: ["database.path": path, "database.auto_migrate": "false"])
        let opened = Result { try LinliEnvironment(configuration: configuration, logger: Logger(label: "test")) }
        guard case .failure(let error) = opened, let problem = (error as? ConfigurationError)?.problems.first else {
            Issue.record("opened: \(opened)")
            return
        }
        #expect(problem.contains("no database there") && problem.contains(path), "\(problem)")
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent("typo").path))
    }

    @Test func layersApplyInOrder() throws {
        let file = try writeConfig("""
            server:
              port: 9000
              host: 0.0.0.0
            database:
              path: /tmp/from-file.sqlite
            api:
              max_page_size: 50
            webhooks:
              allow_private_cidrs: [127.0.0.0/8, "::1/128"]
            """)
        let environment = ["LINLI_SERVER_PORT": "9100", "LINLI_API_MAX_PAGE_SIZE": "60", "HOME": "/root"]
        let configuration = try ConfigurationLoader.load(file: file, environment: environment, flags: ["server.port": "9200"])
        #expect(configuration.port == 9200)  // flag beats environment beats file
        #expect(configuration.host == "0.0.0.0")  // file beats default
        #expect(configuration.api.maxPageSize == 60)  // environment beats file
        #expect(configuration.databasePath == "/tmp/from-file.sqlite")
        #expect(configuration.webhookAllowedCIDRs == ["127.0.0.0/8", "::1/128"])
    }

    /// Session 23 review: Kubernetes gives every pod `LINLI_PORT`, `LINLI_SERVICE_HOST`… for a
    /// Service named `linli`, and an unknown `LINLI_*` name stopped the service: the pod
    /// crash-looped. Those names are ignored; a misspelt setting is still refused.
    @Test(arguments: [
        ("LINLI_SERVICE_HOST", "10.0.0.1", true), ("LINLI_SERVICE_PORT", "8080", true), ("LINLI_SERVICE_PORT_HTTP", "8080", true),
        ("LINLI_PORT", "tcp://10.0.0.1:8080", true), ("LINLI_PORT_8080_TCP", "tcp://10.0.0.1:8080", true),
        ("LINLI_PORT_8080_TCP_PROTO", "tcp", true), ("LINLI_PORT_8080_TCP_PORT", "8080", true),
        ("LINLI_PORT_8080_TCP_ADDR", "10.0.0.1", true), ("LINLI_WEB_SERVICE_HOST", "10.0.0.2", true),
        ("LINLI_WEB_PORT_80_UDP_ADDR", "10.0.0.2", true),
        ("LINLI_SERVR_PORT", "9000", false), ("LINLI_PORT", "8080", false), ("LINLI_PORT_HTTP", "x", false), ("LINLI_SERVICE", "x", false),
        ("LINLI_LOG_LEVL", "debug", false),
        // Review of this session: a SERVICE-for-SERVER slip, with no Service's tcp:// URL beside it.
        ("LINLI_SERVICE_PORT", "9000", false), ("LINLI_SERVICE_HOST", "0.0.0.0", false),
    ])
    func kubernetesServiceLinksAreIgnored(name: String, value: String, ignored: Bool) {
        // As Kubernetes sets them: every Service's `<P>_PORT=tcp://…` beside its other names.
        var environment = [name: value]
        for prefix in ["LINLI", "LINLI_WEB"] where ignored && name.hasPrefix(prefix + "_") && name != prefix + "_PORT" {
            environment[prefix + "_PORT"] = "tcp://10.0.0.1:8080"
        }
        let loaded = Result { () throws(ConfigurationError) in try ConfigurationLoader.load(file: nil, environment: environment, flags: [:]) }
        switch loaded {
        case .success: #expect(ignored, "\(name) was accepted")
        case .failure(let error):
            #expect(!ignored && error.problems.count == 1 && error.problems[0].hasPrefix("unknown environment variable \(name)"), "\(error.problems)")
        }
    }

    /// Session 23 review: the default grace (30 s) was below the README's own rule for the default
    /// webhook timeout (2 × 15 + 5 = 35), so a default stop could cancel deliveries in flight.
    @Test(arguments: [(nil, nil, true), ("15", "34", false), ("15", "35", true), ("60", "40", false)])
    func theShutdownGraceCoversADelivery(timeout: String?, grace: String?, enough: Bool) throws {
        var flags: [String: String] = [:]
        flags["webhooks.timeout_seconds"] = timeout
        flags["server.shutdown_grace_seconds"] = grace
        let configuration = try ConfigurationLoader.load(file: nil, environment: [:], flags: flags)
        #expect((configuration.shutdownGraceSeconds >= configuration.shutdownGraceNeeded) == enough)
    }

    /// Session 23 review: `webhooks.proxy` was handed to libcurl unread, so a typo failed every
    /// delivery for days instead of the start. The message never repeats the value (a password).
    @Test(arguments: [
        ("http://proxy.internal:3128", true), ("proxy.internal:3128", true), ("socks5h://user:p%40ss@10.0.0.9:1080", true),
        ("http://[fd00::1]:3128/", true), ("https://egress", true), ("HTTP://proxy:8080", true),
        ("http//proxy:3128", false), ("ftp://proxy:21", false), ("http://proxy:99999", false), ("http://proxy:31 28", false),
        ("http://:3128", false), ("http://proxy:3128/path", false), ("http://[fd00::1:3128", false), ("http://user:secret@proxy:x", false),
        ("http://fd00::1:3128", false), ("http://user:p@ss@proxy:3128", false), ("user:secret@http://proxy:3128", false),
    ])
    func theWebhookProxyIsCheckedWhenLoaded(proxy: String, valid: Bool) {
        let loaded = Result { () throws(ConfigurationError) in
            try ConfigurationLoader.load(file: nil, environment: [:], flags: ["webhooks.proxy": proxy])
        }
        switch loaded {
        case .success: #expect(valid, "\(proxy) was accepted")
        case .failure(let error):
            #expect(!valid && error.problems.count == 1 && error.problems[0].contains("webhooks.proxy"), "\(error.problems)")
            #expect(!error.description.contains("secret"), "the password is repeated")
        }
    }

    @Test func everyProblemIsReportedBeforeStarting() throws {
        let file = try writeConfig("""
            server:
              port: 99999
              prot: 1
            """)
        #expect {
            try ConfigurationLoader.load(file: file, environment: ["LINLI_LOG_LEVL": "x"], flags: [:])
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            // The file's good names are still checked: the bad port is reported with the two
            // unknown names (before session 15 it waited for the next run).
            return error.problems.count == 3 && error.problems.contains { $0.contains("unknown setting server.prot") && $0.contains(":3") }
                && error.problems.contains("unknown environment variable LINLI_LOG_LEVL; did you mean LINLI_LOG_LEVEL?")
                && error.problems.contains { $0.contains("unknown setting server.prot; did you mean server.port?") }
                && error.problems.contains { $0.contains("server.port") }
        }
        #expect {
            try ConfigurationLoader.load(
                file: nil, environment: [:],
                flags: ["server.port": "99999", "log.level": "loud", "database.auto_migrate": "yes", "api.default_page_size": "200",
                        "webhooks.allow_private_cidrs": "10.0.0.0/33", "database.durability": "extra"])
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.problems.count == 6 && error.description.hasPrefix("invalid configuration:")
                && error.problems.contains("command line: database.durability must be one of normal, full, got \"extra\"")
        }
    }

    /// `server.trusted_proxies` names networks; a host name or a bad prefix is refused, and the
    /// list reaches the API's settings (helper 163 #1).
    @Test func trustedProxiesAreNetworks() throws {
        #expect {
            try ConfigurationLoader.load(file: nil, environment: ["LINLI_SERVER_TRUSTED_PROXIES": "127.0.0.1/32,proxy.local"], flags: [:])
        } throws: { error in
            (error as? ConfigurationError)?.problems.contains { $0.contains("server.trusted_proxies: \"proxy.local\" is not a CIDR") } == true
        }
        let loaded = try ConfigurationLoader.load(file: nil, environment: ["LINLI_SERVER_TRUSTED_PROXIES": "10.0.0.0/8, ::1/128"], flags: [:])
        #expect(loaded.api.trustedProxies == ["10.0.0.0/8", "::1/128"].compactMap(IPNetwork.init))
        #expect(try ConfigurationLoader.load(file: nil, environment: [:], flags: [:]).api.trustedProxies == APISettings.loopback)
    }

    /// Session 17 black-box review: `webhooks.proxy_pinning: sometimes` (or a typo such as `ALL`)
    /// was accepted and silently meant `https`, leaving plain-http deliveries unpinned.
    @Test func anUnknownProxyPinningIsAnError() {
        #expect {
            try ConfigurationLoader.load(file: nil, environment: ["LINLI_WEBHOOKS_PROXY_PINNING": "sometimes"], flags: [:])
        } throws: { error in
            (error as? ConfigurationError)?.problems.contains {
                $0.hasPrefix("environment variable LINLI_WEBHOOKS_PROXY_PINNING: webhooks.proxy_pinning must be one of")
            } == true
        }
    }

    /// A bad value is cited where it was set: `FILE:LINE:COLUMN` of the value in the config file
    /// (as rule files cite theirs), the environment variable, or the flag as typed. Before, the
    /// message named the key alone ("server.port must be an integer …") and the operator searched
    /// three layers for the value in force.
    @Test func aBadValueNamesWhereItWasSet() throws {
        let file = try writeConfig("""
            server:
              port: 99999
            log:
              level: loud
            webhooks:
              allow_private_cidrs: [127.0.0.0/8, 10.0.0.0/33]
            """)
        #expect {
            try ConfigurationLoader.load(
                file: file, environment: ["LINLI_DATABASE_DURABILITY": "extra"], flags: ["database.auto_migrate": "yes"],
                flagSpellings: ["database.auto_migrate": "--auto-migrate"])
        } throws: { error in
            let problems = (error as? ConfigurationError)?.problems ?? []
            return problems.contains("\(file):2:9: server.port must be an integer in 0...65535, got \"99999\"")
                && problems.contains("\(file):4:10: log.level must be one of trace, debug, info, notice, warning, error, critical, got \"loud\"")
                && problems.contains { $0.hasPrefix("\(file):6:24: webhooks.allow_private_cidrs: \"10.0.0.0/33\"") }
                && problems.contains("environment variable LINLI_DATABASE_DURABILITY: database.durability must be one of normal, full, got \"extra\"")
                && problems.contains("flag --auto-migrate: database.auto_migrate must be true or false, got \"yes\"")
        }
    }

    /// A value checked against another names both places; one left at its default is named by its
    /// key alone.
    @Test func aCrossCheckNamesEveryPlaceInvolved() throws {
        let file = try writeConfig("api:\n  default_page_size: 200\n")
        #expect {
            try ConfigurationLoader.load(file: file, environment: ["LINLI_API_MAX_PAGE_SIZE": "50"], flags: [:])
        } throws: { error in
            (error as? ConfigurationError)?.problems == [
                "\(file):2:22, environment variable LINLI_API_MAX_PAGE_SIZE: api.default_page_size (200) must not exceed api.max_page_size (50)"
            ]
        }
    }

    /// A config file that is not YAML, or cannot be read, is said with its path (and the position
    /// of the syntax error), not as Yams' or Foundation's error dump.
    @Test func anUnreadableOrMalformedFileIsNamed() throws {
        let malformed = try writeConfig("server:\n  port: [8080\n")
        #expect {
            try ConfigurationLoader.load(file: malformed, environment: [:], flags: [:])
        } throws: { error in
            let problems = (error as? ConfigurationError)?.problems ?? []
            return problems.count == 1 && problems[0].hasPrefix("\(malformed):3:1: YAML syntax error:")
        }
        let missing = scratch.url.appendingPathComponent("nowhere.yaml").path
        #expect {
            try ConfigurationLoader.load(file: missing, environment: [:], flags: [:])
        } throws: { error in
            (error as? ConfigurationError)?.problems == ["config file \(missing): no such file"]
        }
        #expect {
            try ConfigurationLoader.load(file: scratch.url.path, environment: [:], flags: [:])
        } throws: { error in
            (error as? ConfigurationError)?.problems == ["config file \(scratch.url.path) is a directory, not a file"]
        }
    }

    /// A key written twice is reported at each repeat with the first's line (Yams marked where the
    /// mapping starts, which is the first key's line: helper 113 read it as pointing at the wrong one).
    @Test func aRepeatedKeyIsReportedAtTheRepeat() throws {
        let repeated = try writeConfig("server:\n  port: 8080\n  host: 0.0.0.0\n  port: 9090\nlog:\n  level: info\n  level: debug\n")
        #expect {
            try ConfigurationLoader.load(file: repeated, environment: [:], flags: [:])
        } throws: { error in
            (error as? ConfigurationError)?.problems == [
                "\(repeated):4:3: key \"port\" appears more than once in the same mapping (first at line 2)",
                "\(repeated):7:3: key \"level\" appears more than once in the same mapping (first at line 6)",
            ]
        }
    }

    @Test func durabilityDefaultsToNormal() throws {
        #expect(try ConfigurationLoader.load(file: nil, environment: [:], flags: [:]).durability == .normal)
        let full = try ConfigurationLoader.load(file: nil, environment: ["LINLI_DATABASE_DURABILITY": "full"], flags: [:])
        #expect(full.durability == .full)
    }

    @Test func rulesFileMustExist() {
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(file: nil, environment: [:], flags: ["rules.file": "/nonexistent/rules.yaml"])
        }
    }

    @Test func everyKeyHasAnEnvironmentNameAndHelp() {
        for key in ConfigKey.all {
            #expect(key.environmentName.hasPrefix("LINLI_"))
            #expect(!key.help.isEmpty)
        }
        #expect(ConfigKey.named("server.port")?.environmentName == "LINLI_SERVER_PORT")
        #expect(Set(ConfigKey.all.map(\.name)).count == ConfigKey.all.count)
    }
}

@Suite struct ShippedConfigurationTests {
    /// The commented example under deploy/ is valid and lists every key.
    @Test func exampleFileIsValidAndComplete() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("deploy/linli.example.yaml").path
        var configuration = try ConfigurationLoader.load(file: path, environment: [:], flags: [:])
        // The same values; only where database.path was set differs (the file, not the default).
        #expect(configuration.databasePathOrigin != nil)
        configuration.databasePathOrigin = nil
        #expect(configuration == (try ConfigurationLoader.load(file: nil, environment: [:], flags: [:])))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for key in ConfigKey.all {
            #expect(text.contains(key.environmentName), "\(key.name) is not documented in deploy/linli.example.yaml")
        }
    }
    /// Session 23 review: the image set `LINLI_SERVER_PORT`, `LINLI_DATABASE_PATH`… as ENV lines,
    /// which beat a configuration file mounted into the container, and its health check asked
    /// port 8080 whatever the port in force. The image's settings are now a file
    /// (deploy/container.yaml, valid here) and the check asks `linli config --get server.port`.
    @Test func theContainerImageTakesItsSettingsFromAFile() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let configuration = try ConfigurationLoader.load(
            file: root.appendingPathComponent("deploy/container.yaml").path, environment: [:], flags: [:])
        #expect(configuration.databasePath == "/var/lib/linli/linli.sqlite" && configuration.photosPath == "/var/lib/linli/photos")
        let dockerfile = try String(contentsOf: root.appendingPathComponent("deploy/Dockerfile"), encoding: .utf8)
        let settings = dockerfile.split(separator: "\n").filter { $0.contains("LINLI_") && !$0.hasPrefix("#") && !$0.contains("LINLI_CONFIG") }
        #expect(settings.isEmpty, "the image sets LINLI_* settings: \(settings)")
        #expect(dockerfile.contains("COPY --chmod=0644 deploy/container.yaml /etc/linli/linli.yaml") && dockerfile.contains("linli config --get server.port"))
        let ignored = try String(contentsOf: root.appendingPathComponent(".dockerignore"), encoding: .utf8)
        for entry in [".build", ".git", "*.sqlite"] { #expect(ignored.split(separator: "\n").contains(Substring(entry))) }
    }

    /// Session 27 review: the systemd install copied the example file, whose relative paths meant
    /// the nightly backup's `rsync /var/lib/linli/photos/` found no photos (they were in
    /// `./data/photos`) and a command-line run from another directory opened another database.
    /// The install now uses deploy/systemd.yaml: valid, absolute, and the paths the backup copies.
    @Test func theSystemdInstallUsesAbsolutePathsTheBackupCopies() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let configuration = try ConfigurationLoader.load(
            file: root.appendingPathComponent("deploy/systemd.yaml").path, environment: [:], flags: [:])
        #expect(configuration.databasePath == "/var/lib/linli/linli.sqlite" && configuration.photosPath == "/var/lib/linli/photos")
        let operations = try String(contentsOf: root.appendingPathComponent("deploy/OPERATIONS.md"), encoding: .utf8)
        #expect(operations.contains("deploy/systemd.yaml /etc/linli/linli.yaml"))
        // Into a dated directory beside the night's database copy (helper 180 #3).
        #expect(operations.contains("--link-dest=$b/photos-latest/ \(configuration.photosPath)/ $b/photos-$d/"))
        #expect(operations.contains("--static-swift-stdlib --product linli"))
    }
}
