/// The resources one sandboxed run may use.
///
/// Defaults follow DESIGN.md; a tool manifest or a run may change them, never past `caps`.
public struct SandboxLimits: Sendable, Hashable {
    /// Wall-clock seconds before the whole process tree is killed.
    public var wallSeconds: Double
    /// CPU seconds per process (RLIMIT_CPU).
    public var cpuSeconds: Int
    /// Address space per process in bytes (RLIMIT_AS).
    public var memoryBytes: Int
    /// Processes the sandbox's user may have at once (RLIMIT_NPROC).
    public var processes: Int
    /// The largest file a process may write, in bytes (RLIMIT_FSIZE).
    public var fileBytes: Int
    /// Open descriptors per process (RLIMIT_NOFILE).
    public var openFiles: Int
    /// Bytes of stdout and of stderr kept; the rest is counted and dropped.
    public var outputBytes: Int

    /// Limits; every argument defaults to DESIGN.md's value.
    public init(
        wallSeconds: Double = 10, cpuSeconds: Int = 5, memoryBytes: Int = 512 << 20, processes: Int = 64,
        fileBytes: Int = 16 << 20, openFiles: Int = 128, outputBytes: Int = 1 << 20
    ) {
        self.wallSeconds = wallSeconds
        self.cpuSeconds = cpuSeconds
        self.memoryBytes = memoryBytes
        self.processes = processes
        self.fileBytes = fileBytes
        self.openFiles = openFiles
        self.outputBytes = outputBytes
    }

    /// The most any configuration may grant.
    public static let caps = SandboxLimits(
        wallSeconds: 120, cpuSeconds: 60, memoryBytes: 4 << 30, processes: 256, fileBytes: 1 << 30, openFiles: 1024,
        outputBytes: 8 << 20)

    /// These limits with each value brought down to `caps` and up to a working minimum.
    public func clamped(to caps: SandboxLimits = .caps) -> SandboxLimits {
        SandboxLimits(
            wallSeconds: min(max(wallSeconds, 0.1), caps.wallSeconds), cpuSeconds: min(max(cpuSeconds, 1), caps.cpuSeconds),
            memoryBytes: min(max(memoryBytes, 32 << 20), caps.memoryBytes), processes: min(max(processes, 4), caps.processes),
            fileBytes: min(max(fileBytes, 4096), caps.fileBytes), openFiles: min(max(openFiles, 16), caps.openFiles),
            outputBytes: min(max(outputBytes, 1024), caps.outputBytes))
    }
}
