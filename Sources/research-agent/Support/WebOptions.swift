import AgentCore
import ArgumentParser
import Logging
import Tools

/// Flags for the web tools: where `web_search` searches, what `fetch_url` may reach beyond
/// the public internet, and how both use the http cache.
struct WebOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Where web_search searches.",
            discussion: "Default: RESEARCH_AGENT_SEARCH, else search_provider in config.toml, else tavily when TAVILY_API_KEY is set, "
                + "brave when BRAVE_API_KEY is set, searxng when SEARXNG_URL is set (an instance with its JSON API enabled), "
                + "else offline: the Wikipedia summaries that research-agent setup installs into the cache.",
            valueName: "provider"))
    var search: SearchProviderName?

    @Option(
        name: .customLong("allow-host"),
        help: ArgumentHelp(
            "Let fetch_url reach this exact HOST:PORT even though it is not a public address (repeatable).",
            discussion: "Adds to allowed_hosts in config.toml. A redirect to any other host or port is checked afresh.",
            valueName: "host:port"))
    var allowHost: [String] = []

    @Option(
        help: ArgumentHelp(
            "How web searches and fetched pages use the http cache in memory/agent.sqlite.",
            discussion: "use: answer from a copy under a day old, else ask the web and keep the answer; only: answer from the cache alone "
                + "and fail on a miss (repeat a recorded run offline); refresh: always ask the web and keep the new answer; off: neither. "
                + "The offline corpus is local and needs no cache.",
            valueName: "mode"))
    var cache: CacheMode = .use

    func validate() throws {
        for entry in allowHost {
            do { _ = try HostPort(parsing: entry) } catch { throw ValidationError("--allow-host: \(error.message)") }
        }
    }

    /// fetch_url's settings from config.toml and these flags (flags add to the file's list);
    /// the http cache is the home's database unless the mode is off.
    func fetchSettings(_ file: Configuration, home: Home) throws(CLIError) -> FetchSettings {
        var settings = FetchSettings()
        settings.cacheMode = cache
        if settings.cacheMode != .off { settings.cache = HomeHTTPCache(path: home.memory + "/agent.sqlite") }
        for entry in file.allowedHosts + allowHost {
            do { settings.allowedHosts.insert(try HostPort(parsing: entry)) } catch { throw .usage("allowed host: \(error.message)") }
        }
        if let respect = file.respectRobotsTxt { settings.respectRobotsTxt = respect }
        return settings
    }

    /// The web_search tool: the provider from this flag, the environment or config.toml
    /// (strongest first), with the home's http cache.
    func searchTool(_ file: Configuration, home: Home, logger: Logger, environment: [String: String]) throws(CLIError) -> WebSearchTool {
        let mode = cache
        let choice: SearchProviderChoice
        do {
            choice = try SearchProviderChoice.choose(
                provider: search?.rawValue ?? environment["RESEARCH_AGENT_SEARCH"] ?? file.searchProvider, environment: environment)
        } catch {
            throw .usage(error.message)
        }
        switch choice {
        case .api(let api):
            let store: (any ResponseCache)? = mode == .off ? nil : HomeHTTPCache(path: home.memory + "/agent.sqlite")
            return WebSearchTool(engine: LiveSearch(api: api, cache: store, cacheMode: mode))
        case .offline:
            return OfflineCorpus(logger: logger, environment: environment).searchTool(config: file, home: home, environment: environment)
        }
    }
}
