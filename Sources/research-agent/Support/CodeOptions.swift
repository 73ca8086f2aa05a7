import ArgumentParser
import Foundation
import Tools

/// Flags that decide whether the agent may run code, and how strictly it is sandboxed.
struct CodeOptions: ParsableArguments {
    @Flag(
        name: .customLong("allow-code"),
        help: ArgumentHelp(
            "Let run_code run snippets in the sandbox without asking each time.",
            discussion: "On a terminal, each snippet is otherwise shown and needs a yes (or 'always' for the run). "
                + "Without a terminal, code runs only with this flag or allow_code = true in config.toml; "
                + "without consent run_code is not offered to the model at all."))
    var allowCode = false

    @Option(
        name: .customLong("sandbox"),
        help: ArgumentHelp(
            "How to treat sandbox layers this kernel refuses: report each once and go on (standard), or refuse to run code (strict).",
            discussion: "`research-agent doctor` lists the layers and which hold here.", valueName: "mode"))
    var sandbox: SandboxMode?

    @Flag(
        name: .customLong("keep-scratch"),
        help: "Keep the run's scratch directory (the files code wrote) instead of removing it at the end.")
    var keepScratch = false

    /// run_code's settings for run `runID`, or nil when the user has not consented.
    /// - Parameter interactive: whether a person can answer a prompt on the terminal.
    /// - Parameter approval: the one that asks, when it outlives the run (a session's
    ///   "always" lasts for the session); nil for one of the run's own.
    func settings(
        _ file: Configuration, runID: String, environment: [String: String], interactive: Bool, approval: TerminalApproval? = nil
    ) -> CodeSettings? {
        let allowed = allowCode || file.allowCode == true
        guard allowed || interactive else { return nil }
        let mode = sandbox ?? file.sandboxMode ?? .standard
        return CodeSettings(
            sandbox: CodeSandbox(environment: environment), scratch: ScratchDirectory(runID: runID, keep: keepScratch),
            approval: allowed ? nil : approval ?? TerminalApproval(), strict: mode == .strict, limits: file.sandboxLimits,
            report: { line in StandardError.line("research-agent: \(line)") })
    }

    /// Whether stdin and stderr are a terminal, so a prompt can be shown and answered.
    static var interactive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDERR_FILENO) == 1 }

    /// Removes the scratch directory at the end of a run, or says where it was kept.
    static func finish(_ settings: CodeSettings?) {
        guard let kept = settings?.scratch.finish() else { return }
        StandardError.line("scratch: \(kept)")
    }
}

/// How refused sandbox layers are treated.
enum SandboxMode: String, CaseIterable, ExpressibleByArgument {
    case standard, strict
}
