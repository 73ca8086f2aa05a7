/// One program to run in the sandbox.
public struct SandboxRequest: Sendable {
    /// The program's absolute path (the same inside the sandbox).
    public var program: String
    /// Arguments after argv[0].
    public var arguments: [String]
    /// The whole environment the program gets: nothing of the caller's is passed on.
    public var environment: [String: String]
    /// Bytes written to the program's standard input, which is then closed.
    public var stdin: [UInt8]
    /// The host directory the program may write; it appears as `/scratch` and is the working directory.
    public var scratch: String
    /// Further host directories bound read-only at the same path (an interpreter's prefix).
    public var readOnlyPaths: [String]
    /// Resource limits.
    public var limits: SandboxLimits
    /// Refuse to start the program unless every layer holds.
    public var strict: Bool

    /// A request.
    public init(
        program: String, arguments: [String] = [], environment: [String: String] = [:], stdin: [UInt8] = [], scratch: String,
        readOnlyPaths: [String] = [], limits: SandboxLimits = SandboxLimits(), strict: Bool = false
    ) {
        self.program = program
        self.arguments = arguments
        self.environment = environment
        self.stdin = stdin
        self.scratch = scratch
        self.readOnlyPaths = readOnlyPaths
        self.limits = limits
        self.strict = strict
    }
}
