// swift-tools-version: 6.2
// Linli (邻里): community idle-resource sharing service.
//
// Layering (see the README's "Architecture"): pure modules (LinliDomain, LinliRules, LinliTrust,
// LinliDelivery) import no I/O library; adapters (LinliStore = GRDB, LinliCurl = libcurl,
// LinliAPI = Hummingbird) sit at the edges; LinliApp is the one composition root; `linli` is the
// one executable.

import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "linli",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "linli", targets: ["linli"]),
        .executable(name: "linli-bench", targets: ["linli-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    ],
    targets: [
        // MARK: Build tooling: embeds migrations/, rules/ presets and the OpenAPI document
        // into the binary, so `linli` finds them whatever directory it runs from.
        .executableTarget(name: "EmbedFilesTool", path: "Sources/EmbedFilesTool"),
        .plugin(name: "EmbedFiles", capability: .buildTool(), dependencies: ["EmbedFilesTool"]),

        // MARK: Pure core
        .target(name: "LinliDomain", swiftSettings: swiftSettings),
        .target(
            name: "LinliRules",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings,
            plugins: ["EmbedFiles"]
        ),
        .target(name: "LinliTrust", dependencies: ["LinliDomain", "LinliRules"], swiftSettings: swiftSettings),
        .target(
            name: "LinliDelivery",
            dependencies: [
                "LinliDomain",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Adapters
        .target(
            name: "LinliStore",
            dependencies: [
                "LinliDomain", "LinliRules", "LinliDelivery", "LinliTrust",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings,
            plugins: ["EmbedFiles"]
        ),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "LinliCurl", dependencies: ["CCurl", "LinliDelivery"], swiftSettings: swiftSettings),
        .target(
            name: "LinliAPI",
            dependencies: [
                "LinliDomain", "LinliStore", "LinliRules", "LinliDelivery", "LinliTrust",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings,
            plugins: ["EmbedFiles"]
        ),

        // MARK: Composition root and executables
        .target(
            name: "LinliApp",
            dependencies: [
                "LinliDomain", "LinliStore", "LinliAPI", "LinliRules", "LinliDelivery", "LinliCurl",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "linli",
            dependencies: [
                "LinliApp", "LinliAPI", "LinliRules", "LinliStore", "LinliDomain", "LinliTrust",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "linli-bench",
            dependencies: [
                "LinliDomain", "LinliRules", "LinliStore", "LinliDelivery", "LinliCurl", "CCurl", "LinliApp", "LinliTrust",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // Test helper: posts random ledger batches until killed (the kill -9 crash test).
        .executableTarget(name: "LedgerCrashHelper", dependencies: ["LinliDomain", "LinliStore"], swiftSettings: swiftSettings),

        // MARK: Tests (mirror Sources/)
        /// Helpers several test targets share (tiny real image files, an independent CSV reader).
        .target(
            name: "LinliTestSupport", dependencies: [.product(name: "Logging", package: "swift-log")], path: "Tests/LinliTestSupport",
            swiftSettings: swiftSettings),
        /// A scripted HTTP receiver on 127.0.0.1 (webhook worker and binary end-to-end tests).
        .target(
            name: "LinliTestReceivers",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/LinliTestReceivers"),
        .testTarget(name: "LinliDomainTests", dependencies: ["LinliDomain", "LinliTestSupport"]),
        .testTarget(name: "LinliRulesTests", dependencies: ["LinliRules"]),
        .testTarget(name: "LinliTrustTests", dependencies: ["LinliTrust", "LinliDomain", "LinliRules"]),
        .testTarget(name: "LinliDeliveryTests", dependencies: ["LinliDelivery"]),
        .testTarget(
            name: "LinliCurlTests",
            dependencies: [
                "LinliCurl", "LinliDelivery", "CCurl", "LinliTestReceivers", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "LinliStoreTests",
            dependencies: [
                "LinliStore", "LinliDomain", "LinliRules", "LedgerCrashHelper", "LinliTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "LinliAPITests",
            dependencies: [
                "LinliAPI", "LinliApp", "LinliStore", "LinliDomain", "LinliRules", "LinliDelivery", "LinliTrust", "LinliTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "LinliAppTests",
            dependencies: [
                "LinliApp", "LinliAPI", "LinliStore", "LinliDomain", "LinliDelivery", "LinliCurl", "LinliTestReceivers", "LinliTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Support"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "LinliApp", "LinliStore", "LinliDomain", "LinliTestReceivers", "LinliTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ]
)
