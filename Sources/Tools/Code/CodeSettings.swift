/// What run_code needs for one run: the sandbox, the scratch dir, the user's consent and
/// the run's own limits.
public struct CodeSettings: Sendable {
    /// The interpreters and the sandbox.
    public var sandbox: CodeSandbox
    /// The run's scratch directory.
    public var scratch: ScratchDirectory
    /// Asks before each snippet; nil when the user allowed code for the whole run.
    public var approval: (any CodeApproval)?
    /// Refuse to run code unless every layer holds (`--sandbox strict`).
    public var strict: Bool
    /// Limits set for this run (config.toml `[sandbox]`), by manifest key; they replace the
    /// manifest's values, within the tool's caps.
    public var limits: [String: Double]
    /// Reports each refused layer once (the command line writes it to stderr).
    public var notices: LayerNotices
    /// Where the one-time notices go.
    public var report: @Sendable (String) -> Void

    /// Settings.
    public init(
        sandbox: CodeSandbox, scratch: ScratchDirectory, approval: (any CodeApproval)? = nil, strict: Bool = false,
        limits: [String: Double] = [:], notices: LayerNotices = LayerNotices(), report: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.sandbox = sandbox
        self.scratch = scratch
        self.approval = approval
        self.strict = strict
        self.limits = limits
        self.notices = notices
        self.report = report
    }
}
