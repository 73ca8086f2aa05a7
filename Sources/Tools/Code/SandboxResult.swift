/// What a sandboxed run produced and how it ended.
public struct SandboxResult: Sendable {
    /// How the program ended.
    public enum Termination: Sendable, Hashable {
        /// It exited with this status.
        case exited(Int32)
        /// A signal ended it.
        case signaled(Int32)
        /// It never started: a layer failed (in strict mode, any refused layer), or execve did.
        case notStarted(step: String, reason: String)
    }

    /// The limit that ended the run, if one did.
    public enum Limit: String, Sendable, Hashable {
        case wall, cpu, memory, processes, fileSize, output, cancelled
    }

    /// Standard output, cut at the output limit.
    public var stdout: String
    /// Standard error, cut at the output limit.
    public var stderr: String
    /// Bytes the program wrote to standard output in all.
    public var stdoutTotal: Int
    /// Bytes the program wrote to standard error in all.
    public var stderrTotal: Int
    /// How the program ended.
    public var termination: Termination
    /// Wall-clock seconds from fork to the last process's end.
    public var wallSeconds: Double
    /// CPU seconds used by every process of the run.
    public var cpuSeconds: Double
    /// The limit that ended the run, or nil.
    public var limit: Limit?
    /// Layers that held.
    public var held: Set<SandboxLayer>
    /// Layers the kernel refused, with the reason.
    public var refused: [SandboxLayer: String]
    /// The Landlock ABI version in force, 0 without Landlock.
    public var landlockABI: Int

    /// A result built by hand (the launcher's results come from `Sandbox.run`).
    public init(
        stdout: String = "", stderr: String = "", termination: Termination, wallSeconds: Double = 0, cpuSeconds: Double = 0,
        limit: Limit? = nil, held: Set<SandboxLayer> = [], refused: [SandboxLayer: String] = [:], landlockABI: Int = 0
    ) {
        self.stdout = stdout
        self.stderr = stderr
        stdoutTotal = stdout.utf8.count
        stderrTotal = stderr.utf8.count
        stdoutCut = false
        stderrCut = false
        self.termination = termination
        self.wallSeconds = wallSeconds
        self.cpuSeconds = cpuSeconds
        self.limit = limit
        self.held = held
        self.refused = refused
        self.landlockABI = landlockABI
    }

    /// Whether standard output was cut.
    public var stdoutCut: Bool
    /// Whether standard error was cut.
    public var stderrCut: Bool
}
