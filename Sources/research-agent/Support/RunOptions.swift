import AgentCore
import ArgumentParser
import LLM

/// The flags that shape a run: provider, model, tool format and budgets.
struct RunOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Model provider.",
            discussion:
                "Default: anthropic when ANTHROPIC_API_KEY is set, else openai when OPENAI_API_KEY or OPENAI_BASE_URL is set, else local (the bundled model that research-agent setup installs)."
        ))
    var provider: Provider?

    @Option(
        help:
            "Model name (default: \(Provider.anthropic.defaultModel), \(Provider.openai.defaultModel), or \(Provider.local.defaultModel) for local; required with OPENAI_BASE_URL unless OPENAI_MODEL is set)."
    )
    var model: String?

    @Option(
        name: .customLong("tool-format"),
        help: ArgumentHelp(
            "How tools are offered: native (the provider's tool calls) or react (Thought/Action text, for models without tool calling). "
                + "Default: config.toml's tool_format, else react for the local model and models known to lack tool calling, else native."))
    var toolFormat: ToolFormat?

    @Option(name: .customLong("max-steps"), parsing: .unconditional, help: "Most model calls; the last one must answer (default 12).")
    var maxSteps: Int?

    @Option(
        name: .customLong("max-cost"), parsing: .unconditional,
        help:
            "Most US dollars to spend; needs the model's price (built in, or [prices.\"MODEL\"] in config.toml). Default: config.toml's [budgets], else no limit."
    )
    var maxCost: Double?

    @Option(
        name: .customLong("max-time"), parsing: .unconditional,
        help: ArgumentHelp(
            "Most wall-clock seconds. A model call or tool still running when they are used up is stopped, and the run ends with what it has. "
                + "Default: config.toml's [budgets], else no limit."))
    var maxTime: Double?

    @Option(name: .customLong("max-input-tokens"), parsing: .unconditional, help: "Most prompt tokens over the run (default: no limit).")
    var maxInputTokens: Int?

    @Option(
        name: .customLong("max-output-tokens"), parsing: .unconditional, help: "Most generated tokens over the run (default: no limit).")
    var maxOutputTokens: Int?

    @Option(name: .customLong("max-tool-calls"), parsing: .unconditional, help: "Most tool calls over the run (default: no limit).")
    var maxToolCalls: Int?

    func validate() throws {
        if let n = maxSteps, n < 1 { throw ValidationError("--max-steps must be at least 1 (got \(n))") }
        if let c = maxCost, !(c > 0 && c.isFinite) { throw ValidationError("--max-cost must be a positive number of dollars (got \(c))") }
        if let t = maxTime, !(t > 0 && t <= Budget.longestTime) {
            throw ValidationError("--max-time must be a positive number of seconds up to \(Int(Budget.longestTime)) (got \(t))")
        }
        for (flag, value) in [
            ("--max-input-tokens", maxInputTokens), ("--max-output-tokens", maxOutputTokens), ("--max-tool-calls", maxToolCalls),
        ] {
            if let v = value, v < 1 { throw ValidationError("\(flag) must be at least 1 (got \(v))") }
        }
    }
}
