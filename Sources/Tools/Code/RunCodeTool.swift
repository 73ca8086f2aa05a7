import AgentCore
import Foundation

/// The `run_code` tool: a Python or shell snippet in the sandbox, its output in words the
/// model can act on.
public struct RunCodeTool: Tool {
    /// The tool's name.
    public static let name = "run_code"

    /// The built-in manifest (overrides are applied by the registry).
    public var manifest: ToolManifest { Self.manifest }

    let settings: CodeSettings?

    /// The tool; without settings (no consent) every call is refused.
    public init(settings: CodeSettings?) { self.settings = settings }

    /// Default limits; `<home>/tools/run_code.json` may change them up to `caps`.
    public static let manifest = ToolManifest(
        schema: ToolSchema(
            name: name,
            description: "Run a short Python 3 or POSIX sh program in a sandbox and get back its stdout, stderr, exit status, "
                + "and wall and CPU time. Use it to compute, parse, convert and check things. There is no network. "
                + "The working directory /scratch keeps its files across calls in this run, so you can write a file and "
                + "run it later; /tmp is empty at each call. Default limits: 10 s wall clock, 5 s CPU, 512 MiB memory, "
                + "64 processes, 16 MiB per file; pass timeout_s (up to 120) for longer waits. Print results, not data: long output is cut.",
            parameters: [
                "type": "object",
                "properties": [
                    "language": ["type": "string", "enum": ["python", "sh"]],
                    "code": ["type": "string", "minLength": 1, "maxLength": 100_000],
                    "stdin": ["type": "string", "maxLength": 1_000_000],
                    "timeout_s": ["type": "number", "minimum": 0.1, "maximum": 120],
                ],
                "required": ["language", "code"],
                "additionalProperties": false,
            ]),
        limits: ToolLimits(
            // The call's own timeout covers the longest wall clock timeout_s may ask for.
            timeoutSeconds: maxWallSeconds + killGraceSeconds + 2, maxOutputBytes: 65_536,
            extra: ["wall_s": 10, "cpu_s": 5, "memory_mb": 512, "processes": 64, "file_mb": 16, "output_bytes": 1_048_576]))

    /// The most an override may raise each limit to.
    public static let caps = ToolLimits(
        timeoutSeconds: 180, maxOutputBytes: 262_144,
        extra: ["wall_s": 120, "cpu_s": 60, "memory_mb": 4096, "processes": 256, "file_mb": 1024, "output_bytes": 8_388_608])

    /// Seconds the call needs beyond the program's wall clock to kill and collect the tree.
    static let killGraceSeconds = 3.0

    /// The longest wall clock a call may ask for with timeout_s (the schema's maximum).
    static let maxWallSeconds = 120.0

    /// The longest wall clock a call can get: what timeout_s allows, or less when the
    /// call's own timeout (cut to the time the run has left) is shorter.
    static func longestWall(callTimeout: Double) -> Double {
        min(maxWallSeconds, max(0.5, callTimeout - killGraceSeconds))
    }

    /// Asks for approval if needed, runs the snippet, and reports how it ended.
    public func run(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        guard let settings else {
            return .error("run_code is not allowed in this run; the user must pass --allow-code (or set allow_code = true in config.toml)")
        }
        let language = arguments["language"]?.stringValue ?? ""
        let code = arguments["code"]?.stringValue ?? ""
        let question = "The agent wants to run this \(language) code in the sandbox:"
        if let approval = settings.approval, !(await approval.approve(question: question, shown: code)) {
            return .error("the user declined to run this snippet; do without it, or explain why it is needed and what it does")
        }
        let limits = Self.limits(
            context.limits.extra.merging(settings.limits) { _, run in run }, requested: arguments["timeout_s"]?.doubleValue,
            callTimeout: context.limits.timeoutSeconds)
        let result: SandboxResult
        do {
            try settings.scratch.prepare()
            result = try await settings.sandbox.run(
                language: language, code: code, stdin: arguments["stdin"]?.stringValue ?? "", scratch: settings.scratch.path,
                limits: limits,
                strict: settings.strict)
        } catch {
            return .error("run_code: \(error.message)")
        }
        var text = CodeReport(
            result: result, limits: limits, longestWall: Self.longestWall(callTimeout: context.limits.timeoutSeconds),
            budget: context.limits.maxOutputBytes, strict: settings.strict
        ).text
        let fresh = settings.notices.fresh(in: result)
        if !fresh.isEmpty {
            let missing = fresh.map { "\($0.layer.name) (\($0.reason))" }.joined(separator: ", ")
            settings.report(
                "sandbox: running without \(missing); `research-agent doctor` lists the layers, --sandbox strict refuses such runs")
            text += "\nnote: this machine's sandbox lacks: \(missing)"
        }
        let failed: Bool =
            switch result.termination {
            case .exited(let status): status != 0
            case .signaled, .notStarted: true
            }
        return ToolOutput(text: text, isError: failed, tainted: true)
    }

    /// The sandbox limits of one call: the manifest's (with the run's) and the call's own timeout,
    /// which must leave the registry's call timeout time to collect the result.
    public static func limits(_ extra: [String: Double], requested: Double?, callTimeout: Double) -> SandboxLimits {
        let wall = min(requested ?? extra["wall_s"] ?? 10, longestWall(callTimeout: callTimeout))
        // Each value is held to its cap before it becomes an Int: a configured 1e13 would not fit.
        func capped(_ key: String, _ fallback: Double) -> Double { min(extra[key] ?? fallback, caps.extra[key] ?? fallback) }
        return SandboxLimits(
            wallSeconds: wall, cpuSeconds: Int(capped("cpu_s", 5).rounded(.up)),
            memoryBytes: Int(capped("memory_mb", 512) * 1_048_576),
            processes: Int(capped("processes", 64)), fileBytes: Int(capped("file_mb", 16) * 1_048_576),
            outputBytes: Int(capped("output_bytes", 1_048_576))
        ).clamped()
    }
}
