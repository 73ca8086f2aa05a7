import AgentTesting
import Foundation
import Testing
import Tools

/// Shared pieces of the sandbox tests: the machine's layers, probed once, and runs.
enum SandboxSupport {
    /// One run of /bin/true: which layers this kernel grants.
    static let probe: SandboxResult? = CodeSandbox.probeLayers()

    /// The interpreters, resolved from this process's PATH.
    static let code = CodeSandbox(environment: ProcessInfo.processInfo.environment)

    /// Whether every one of `layers` holds here.
    static func holds(_ layers: SandboxLayer...) -> Bool {
        guard let probe else { return false }
        return layers.allSatisfy(probe.held.contains)
    }

    /// Whether the full sandbox holds and Python is there.
    static var full: Bool { holds(SandboxLayer.allCases) && code.interpreters["python"] != nil }

    /// Whether the sandbox starts at all and Python is there.
    static var usable: Bool { probe != nil && code.interpreters["python"] != nil }

    /// Runs the test only where `layers` hold; the skip message names what is missing.
    static func needs(_ layers: SandboxLayer...) -> ConditionTrait {
        let missing = layers.filter { !(probe?.held.contains($0) ?? false) }
        let names = missing.map { layer in "\(layer.name)\(probe?.refused[layer].map { " (\($0))" } ?? "")" }
        return .enabled(
            if: usable && missing.isEmpty,
            Comment(rawValue: "this kernel lacks: " + names.joined(separator: ", ") + "; see `research-agent doctor`"))
    }

    static func holds(_ layers: [SandboxLayer]) -> Bool {
        guard let probe else { return false }
        return layers.allSatisfy(probe.held.contains)
    }

    /// A new, empty scratch directory.
    static func scratch() throws -> String {
        let path = TestDirectory.path("sandbox-test")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs `code` in a fresh scratch dir (or `scratch`) and returns the result.
    static func run(
        _ language: String, _ code: String, stdin: String = "", limits: SandboxLimits = SandboxLimits(), scratch: String? = nil
    ) async throws -> SandboxResult {
        let dir = try scratch ?? Self.scratch()
        defer { if scratch == nil { try? FileManager.default.removeItem(atPath: dir) } }
        return try await Self.code.run(language: language, code: code, stdin: stdin, scratch: dir, limits: limits)
    }
}
