import AgentCore
import ArgumentParser
import Tools

/// Flags that say what `fetch_url` may reach beyond the public internet.
struct WebOptions: ParsableArguments {
    @Option(
        name: .customLong("allow-host"),
        help: ArgumentHelp(
            "Let fetch_url reach this exact HOST:PORT even though it is not a public address (repeatable).",
            discussion: "Adds to allowed_hosts in config.toml. A redirect to any other host or port is checked afresh.",
            valueName: "host:port"))
    var allowHost: [String] = []

    @Option(
        help: ArgumentHelp(
            "How fetched pages use the http cache in memory/agent.sqlite: use, only, refresh or off.",
            discussion: "use: answer from a copy under a day old, else fetch and keep it; only: answer from the cache alone "
                + "and fail on a miss (repeat a recorded run offline); refresh: always fetch and keep the new copy; off: neither.",
            valueName: "mode"))
    var cache: String = CacheMode.use.rawValue

    func validate() throws {
        guard CacheMode(rawValue: cache) != nil else {
            throw ValidationError("--cache must be use, only, refresh or off, not '\(cache)'")
        }
        for entry in allowHost {
            do { _ = try HostPort(parsing: entry) } catch { throw ValidationError("--allow-host: \(error.message)") }
        }
    }

    /// fetch_url's settings from config.toml and these flags (flags add to the file's list);
    /// the http cache is the home's database unless the mode is off.
    func fetchSettings(_ file: Configuration, home: Home) throws(CLIError) -> FetchSettings {
        var settings = FetchSettings()
        settings.cacheMode = CacheMode(rawValue: cache) ?? .use
        if settings.cacheMode != .off { settings.cache = HomeHTTPCache(path: home.memory + "/agent.sqlite") }
        for entry in file.allowedHosts + allowHost {
            do { settings.allowedHosts.insert(try HostPort(parsing: entry)) } catch { throw .usage("allowed host: \(error.message)") }
        }
        if let respect = file.respectRobotsTxt { settings.respectRobotsTxt = respect }
        return settings
    }
}
