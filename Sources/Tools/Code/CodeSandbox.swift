import Foundation
import SandboxLauncher

/// Runs snippets of Python or shell in the sandbox, with a clean environment.
public struct CodeSandbox: Sendable {
    /// The languages available, by name.
    public let interpreters: [String: Interpreter]
    private let sandbox = Sandbox()

    /// Resolves the interpreters from the caller's `PATH`; Python is left out when absent.
    public init(environment: [String: String]) {
        var found = ["sh": Interpreter.shell]
        if let python = try? Interpreter.python(environment: environment) { found["python"] = python }
        interpreters = found
    }

    /// Runs `code` in `language` with `scratch` as its writable working directory.
    /// - Throws: `SandboxError` for an unknown language or a sandbox that cannot start.
    public func run(
        language: String, code: String, stdin: String = "", scratch: String, limits: SandboxLimits = SandboxLimits(), strict: Bool = false
    ) async throws(SandboxError) -> SandboxResult {
        guard let interpreter = interpreters[language] else {
            let known = interpreters.keys.sorted().joined(separator: ", ")
            throw SandboxError("language \"\(language)\" is not available here; use one of: \(known)")
        }
        let request = SandboxRequest(
            program: interpreter.path, arguments: interpreter.leadingArguments + [code], environment: Self.environment(for: interpreter),
            stdin: Array(stdin.utf8), scratch: scratch, readOnlyPaths: interpreter.readOnlyPaths, limits: limits.clamped(), strict: strict)
        return try await sandbox.run(request)
    }

    /// The whole environment of a snippet: no variable of the caller's (API keys) passes.
    static func environment(for interpreter: Interpreter) -> [String: String] {
        [
            "PATH": (interpreter.binDirectories + ["/usr/local/bin", "/usr/bin", "/bin"]).joined(separator: ":"),
            "HOME": RootLayout.scratchInside, "TMPDIR": "/tmp", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
            "PYTHONIOENCODING": "utf-8", "PYTHONDONTWRITEBYTECODE": "1",
        ]
    }

    /// Which layers hold on this machine: runs `/bin/true` once, blocking the calling thread.
    public static func probeLayers() -> SandboxResult? {
        let scratch = NSTemporaryDirectory() + "research-agent-probe-\(UUID().uuidString)"
        guard (try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)) != nil else { return nil }
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let request = SandboxRequest(program: "/bin/true", scratch: scratch, limits: SandboxLimits(wallSeconds: 10))
        return try? Sandbox.runNow(request)
    }
}
