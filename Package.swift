// swift-tools-version: 6.0
import PackageDescription

/// Settings every Swift target shares: Swift 6 mode with complete concurrency checking.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "research-agent",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "research-agent", targets: ["research-agent"]),
        .library(name: "AgentCore", targets: ["AgentCore"]),
        .library(name: "AgentTesting", targets: ["AgentTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // C shims: typed wrappers over variadic or macro-heavy C APIs.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CSeccomp", pkgConfig: "libseccomp", providers: [.apt(["libseccomp-dev"])]),
        .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),

        // C: the fork and every layer between fork and execve of a sandboxed program.
        .target(name: "SandboxLauncher", dependencies: ["CSeccomp"], linkerSettings: [.linkedLibrary("seccomp")]),

        // The pure core: state machine, events, budget, prompts, protocols. No I/O.
        .target(name: "AgentCore", swiftSettings: strict),
        .target(name: "HTTP", dependencies: ["CCurl"], swiftSettings: strict),
        // What setup installs: every package, version, file and hash, in one file.
        .target(name: "InstallPins", swiftSettings: strict),
        .target(
            name: "LLM",
            dependencies: ["AgentCore", "HTTP", "InstallPins", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        // `research-agent setup`: installs the offline default into the cache.
        .target(
            name: "Setup",
            dependencies: ["InstallPins", "LLM", "HTTP", "COpenSSL", .product(name: "Logging", package: "swift-log")],
            resources: [.embedInCode("convert-minilm.py")], swiftSettings: strict),
        .target(name: "Tools", dependencies: ["AgentCore", "HTTP", "Retrieval", "SandboxLauncher"], swiftSettings: strict),
        .target(
            name: "Retrieval",
            dependencies: ["AgentCore", "CLibXML2", "COpenSSL", "InstallPins", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        .target(name: "Transcript", dependencies: ["AgentCore", "COpenSSL"], swiftSettings: strict),
        .target(
            name: "Memory",
            dependencies: ["AgentCore", "Retrieval", "Transcript", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        .target(
            name: "AgentTesting", dependencies: ["AgentCore", "HTTP", "LLM", .product(name: "Logging", package: "swift-log")],
            exclude: ["fake-llama-server.py", "fake-mcp-server.py"], swiftSettings: strict),
        // Batches of tasks, their scores, reports and comparisons.
        .target(name: "Evaluation", dependencies: ["AgentCore"], swiftSettings: strict),
        .executableTarget(
            name: "research-agent",
            dependencies: [
                "AgentCore", "Evaluation", "LLM", "HTTP", "Tools", "Transcript", "Retrieval", "Memory", "Setup", "CSeccomp",
                "CLibEdit", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "bench-batch",
            dependencies: ["AgentCore", "AgentTesting", "Evaluation", "Transcript"],
            path: "bench/batch",
            swiftSettings: strict),
        .executableTarget(
            name: "bench-loop",
            dependencies: [
                "AgentCore", "AgentTesting", "HTTP", "LLM", "Transcript", "Tools", .product(name: "Logging", package: "swift-log"),
            ],
            path: "bench/loop",
            swiftSettings: strict),

        .executableTarget(
            name: "bench-fetch",
            dependencies: ["AgentCore", "AgentTesting", "HTTP", "Tools"],
            path: "bench/fetch",
            swiftSettings: strict),

        .executableTarget(
            name: "bench-retrieval",
            dependencies: [
                "AgentCore", "AgentTesting", "Retrieval", "LLM", "HTTP", .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "bench/retrieval",
            swiftSettings: strict),

        .executableTarget(
            name: "bench-mcp",
            dependencies: ["AgentCore", "AgentTesting", "Tools"],
            path: "bench/mcp",
            swiftSettings: strict),

        .executableTarget(
            name: "bench-sandbox",
            dependencies: ["Tools"],
            path: "bench/sandbox",
            swiftSettings: strict),

        .executableTarget(
            name: "bench-memory",
            dependencies: [
                "AgentCore", "AgentTesting", "Memory", "Retrieval", "Transcript", "LLM", "HTTP",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log"),
            ],
            path: "bench/memory",
            swiftSettings: strict),

        .executableTarget(
            name: "bench-websearch",
            dependencies: [
                "AgentCore", "Retrieval", "Tools", "LLM", "HTTP", .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "bench/websearch",
            swiftSettings: strict),

        .testTarget(name: "AgentCoreTests", dependencies: ["AgentCore", "AgentTesting"], swiftSettings: strict),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "AgentTesting"], swiftSettings: strict),
        .testTarget(
            name: "LLMTests",
            // Tools for the built-in tools' grammars on the real server; GRDB because Tools
            // brings its C module along.
            dependencies: ["LLM", "AgentTesting", "Tools", .product(name: "GRDB", package: "GRDB.swift")], exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(
            name: "RetrievalTests",
            dependencies: [
                "Retrieval", "AgentTesting", "LLM", "HTTP", .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "ToolsTests", dependencies: ["Tools", "Retrieval", "HTTP", "AgentTesting"], swiftSettings: strict),
        .testTarget(
            name: "MemoryTests",
            dependencies: ["Memory", "Retrieval", "Transcript", "AgentTesting", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "AgentCore", "AgentTesting"], swiftSettings: strict),
        .testTarget(name: "SetupTests", dependencies: ["Setup", "InstallPins"], swiftSettings: strict),
        .testTarget(name: "TranscriptTests", dependencies: ["Transcript", "AgentTesting"], swiftSettings: strict),
        .testTarget(name: "AgentTestingTests", dependencies: ["AgentTesting"], swiftSettings: strict),
        .testTarget(
            name: "ResearchAgentTests",
            dependencies: [
                "research-agent", "AgentTesting", "Transcript", "Retrieval", "Tools", "LLM", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Fixtures"], swiftSettings: strict),
    ]
)
