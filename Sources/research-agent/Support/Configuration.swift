import AgentCore
import Foundation
import TOMLKit
import Tools

/// The settings of `<home>/config.toml`; flags and environment override them.
///
/// Unknown keys are an error that names the key, so a typo never silently does nothing.
struct Configuration {
    var provider: String?
    var model: String?
    var embedder: String?
    var embeddingModel: String?
    var toolFormat: ToolFormat?
    var contextWindow: Int?
    var maxOutputTokens: Int?
    var temperature: Double?
    /// `opening_search`: how many results the search a run opens with asks for (the
    /// question as its query, before the model's first turn); unset: no such search.
    var openingSearch: Int?
    var prices: [String: ModelPrice] = [:]
    var budget = BudgetSettings()
    /// `allowed_hosts`: HOST:PORT pairs fetch_url may reach although they are not public.
    var allowedHosts: [String] = []
    /// `respect_robots_txt`: whether fetch_url obeys robots.txt (default true).
    var respectRobotsTxt: Bool?
    /// `allow_code`: whether run_code may run without asking (and without a terminal).
    var allowCode: Bool?
    /// `[sandbox] mode`: standard or strict.
    var sandboxMode: SandboxMode?
    /// `[sandbox]` limits by run_code's limit names (wall_s, cpu_s, ...).
    var sandboxLimits: [String: Double] = [:]
    /// `search_provider`: tavily, brave, searxng or offline (default: chosen from the environment).
    var searchProvider: String?
    /// `[mcp.servers.NAME]`: the MCP servers whose tools runs offer, by name.
    var mcpServers: [MCPServerSettings] = []
    /// The file it was read from (nil when there is none).
    var path: String?

    /// The `[budgets]` table.
    struct BudgetSettings {
        var maxSteps: Int?
        var maxInputTokens: Int?
        var maxOutputTokens: Int?
        var maxCostUSD: Double?
        var maxSeconds: Double?
        var maxToolCalls: Int?
    }

    static let topKeys = [
        "provider", "model", "embedder", "embedding_model", "tool_format", "context_window", "max_output_tokens", "temperature",
        "opening_search", "prices",
        "budgets", "allowed_hosts", "respect_robots_txt", "search_provider", "allow_code", "sandbox",
        "mcp",
    ]
    static let sandboxKeys = ["mode", "wall_s", "cpu_s", "memory_mb", "processes", "file_mb", "output_bytes"]
    static let budgetKeys = ["max_steps", "max_input_tokens", "max_output_tokens", "max_cost_usd", "max_seconds", "max_tool_calls"]
    static let priceKeys = ["input", "output", "cached_input", "cache_write"]

    /// Reads `path`; a missing file is an empty configuration.
    static func load(path: String) throws(CLIError) -> Configuration {
        guard FileManager.default.fileExists(atPath: path) else { return Configuration() }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .failure("cannot read \(path) as UTF-8 text")
        }
        var config = try parse(text, name: path)
        config.path = path
        return config
    }

    /// Parses TOML text; `name` appears in errors.
    static func parse(_ text: String, name: String) throws(CLIError) -> Configuration {
        let json: JSONValue
        do {
            let table = try TOMLTable(string: text)
            json = try JSONValue.parse(table.convert(to: .json))
        } catch let error as TOMLParseError {
            throw .usage("\(name):\(error.source.begin.line): \(error.description)")
        } catch {
            throw .usage("\(name): \(error)")
        }
        let reader = ConfigReader(file: name)
        let top = try reader.table(json, path: "", allowed: topKeys)
        var config = Configuration()
        config.provider = try reader.string(top["provider"], "provider")
        config.model = try reader.string(top["model"], "model")
        config.embedder = try reader.string(top["embedder"], "embedder")
        config.embeddingModel = try reader.string(top["embedding_model"], "embedding_model")
        if let format = try reader.string(top["tool_format"], "tool_format") {
            guard let f = ToolFormat(rawValue: format) else {
                throw .usage("\(name): tool_format must be \"native\" or \"react\", not \"\(format)\"")
            }
            config.toolFormat = f
        }
        config.contextWindow = try reader.positiveInt(top["context_window"], "context_window")
        config.maxOutputTokens = try reader.positiveInt(top["max_output_tokens"], "max_output_tokens")
        config.temperature = try reader.number(top["temperature"], "temperature")
        config.openingSearch = try reader.positiveInt(top["opening_search"], "opening_search")
        config.allowedHosts = try reader.hostPorts(top["allowed_hosts"], "allowed_hosts")
        config.respectRobotsTxt = try reader.bool(top["respect_robots_txt"], "respect_robots_txt")
        config.allowCode = try reader.bool(top["allow_code"], "allow_code")
        if let sandbox = top["sandbox"] {
            let table = try reader.table(sandbox, path: "sandbox", allowed: sandboxKeys)
            if let mode = try reader.string(table["mode"], "sandbox.mode") {
                guard let parsed = SandboxMode(rawValue: mode) else {
                    throw .usage("\(name): sandbox.mode must be \"standard\" or \"strict\", not \"\(mode)\"")
                }
                config.sandboxMode = parsed
            }
            for key in sandboxKeys.dropFirst() {
                guard let value = try reader.number(table[key], "sandbox.\(key)") else { continue }
                guard value > 0 else { throw .usage("\(name): 'sandbox.\(key)' must be above 0") }
                config.sandboxLimits[key] = value
            }
        }
        if let search = try reader.string(top["search_provider"], "search_provider") {
            guard SearchProviderChoice.known.contains(search) else {
                throw .usage(
                    "\(name): search_provider must be one of \(SearchProviderChoice.known.joined(separator: ", ")), not \"\(search)\"")
            }
            config.searchProvider = search
        }
        if let mcp = top["mcp"] {
            let table = try reader.table(mcp, path: "mcp", allowed: ["servers"])
            if let servers = table["servers"] {
                guard let named = servers.objectValue else {
                    throw .usage("\(name): 'mcp.servers' must be a table of [mcp.servers.NAME] tables")
                }
                for (server, value) in named.sorted(by: { $0.key < $1.key }) {
                    config.mcpServers.append(try MCPConfiguration.server(server, value, path: "mcp.servers.\(server)", reader: reader))
                }
            }
        }
        if let budgets = top["budgets"] {
            let b = try reader.table(budgets, path: "budgets", allowed: budgetKeys)
            config.budget.maxSteps = try reader.positiveInt(b["max_steps"], "budgets.max_steps")
            config.budget.maxInputTokens = try reader.positiveInt(b["max_input_tokens"], "budgets.max_input_tokens")
            config.budget.maxOutputTokens = try reader.positiveInt(b["max_output_tokens"], "budgets.max_output_tokens")
            config.budget.maxCostUSD = try reader.number(b["max_cost_usd"], "budgets.max_cost_usd")
            if let cost = config.budget.maxCostUSD, !(cost > 0 && cost.isFinite) {
                throw .usage("\(name): 'budgets.max_cost_usd' must be a positive number of dollars (got \(cost))")
            }
            config.budget.maxSeconds = try reader.number(b["max_seconds"], "budgets.max_seconds")
            if let seconds = config.budget.maxSeconds, !(seconds > 0 && seconds <= Budget.longestTime) {
                throw .usage(
                    "\(name): 'budgets.max_seconds' must be a positive number of seconds up to \(Int(Budget.longestTime)) (got \(seconds))")
            }
            config.budget.maxToolCalls = try reader.positiveInt(b["max_tool_calls"], "budgets.max_tool_calls")
        }
        if let prices = top["prices"] {
            guard let models = prices.objectValue else { throw .usage("\(name): 'prices' must be a table of [prices.\"MODEL\"] tables") }
            for model in models.keys.sorted() {
                let path = "prices.\"\(model)\""
                let p = try reader.table(models[model] ?? .null, path: path, allowed: priceKeys)
                guard let input = try reader.number(p["input"], path + ".input"),
                    let output = try reader.number(p["output"], path + ".output")
                else {
                    throw .usage("\(name): \(path) needs both input and output (USD per million tokens)")
                }
                config.prices[model] = ModelPrice(
                    input: input, output: output, cachedInput: try reader.number(p["cached_input"], path + ".cached_input"),
                    cacheWrite: try reader.number(p["cache_write"], path + ".cache_write"))
            }
        }
        return config
    }
}

/// Typed reads of configuration values with one-line errors naming file and key.
struct ConfigReader {
    let file: String

    func table(_ value: JSONValue, path: String, allowed: [String]) throws(CLIError) -> JSONObject {
        guard let fields = value.objectValue else { throw .usage("\(file): '\(path)' must be a table") }
        for key in fields.keys.sorted() where !allowed.contains(key) {
            let full = path.isEmpty ? key : "\(path).\(key)"
            throw .usage("\(file): unknown key '\(full)'; known keys here: \(allowed.joined(separator: ", "))")
        }
        return fields
    }

    func string(_ value: JSONValue?, _ key: String) throws(CLIError) -> String? {
        guard let value else { return nil }
        guard let s = value.stringValue, !s.isEmpty else { throw .usage("\(file): '\(key)' must be a non-empty string") }
        return s
    }

    func number(_ value: JSONValue?, _ key: String) throws(CLIError) -> Double? {
        guard let value else { return nil }
        guard let n = value.doubleValue, n >= 0 else { throw .usage("\(file): '\(key)' must be a number of at least 0") }
        return n
    }

    func bool(_ value: JSONValue?, _ key: String) throws(CLIError) -> Bool? {
        guard let value else { return nil }
        guard let b = value.boolValue else { throw .usage("\(file): '\(key)' must be true or false") }
        return b
    }

    /// A list of "HOST:PORT" strings, each checked.
    func hostPorts(_ value: JSONValue?, _ key: String) throws(CLIError) -> [String] {
        guard let value else { return [] }
        guard let items = value.arrayValue else { throw .usage("\(file): '\(key)' must be a list like [\"127.0.0.1:8080\"]") }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            guard let text = item.stringValue else { throw .usage("\(file): '\(key)[\(i)]' must be a string like \"127.0.0.1:8080\"") }
            do { _ = try HostPort(parsing: text) } catch { throw .usage("\(file): '\(key)[\(i)]': \(error.message)") }
            out.append(text)
        }
        return out
    }

    func positiveInt(_ value: JSONValue?, _ key: String) throws(CLIError) -> Int? {
        guard let value else { return nil }
        guard let n = value.intValue, n > 0 else { throw .usage("\(file): '\(key)' must be a whole number above 0") }
        return n
    }
}
