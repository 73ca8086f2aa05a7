import AgentCore
import ArgumentParser
import CCurl
import CSeccomp
import Foundation
import Memory
import HTTP
import LLM
import Logging
import Retrieval
import Setup
import Tools

/// `research-agent doctor`: what is configured, what works, what is missing.
struct Doctor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the setup: home, configuration, model provider (with a live request), web search, tools.",
        discussion: "Exits 1 when something a run needs is missing or unreachable.")

    @OptionGroup var homeOptions: HomeOptions

    func run() async throws {
        let logger = Logger(label: "research-agent")
        let style = Style.detect()
        let ok = style.green("ok"), bad = style.red("missing")
        var healthy = true
        let env = ProcessInfo.processInfo.environment
        let home = homeOptions.resolved
        print(style.bold("research-agent \(programVersion)"))
        print("home         \(home.path)\(FileManager.default.fileExists(atPath: home.path) ? "" : " (created on first run)")")
        let transcripts =
            (try? FileManager.default.contentsOfDirectory(atPath: home.transcripts).filter {
                $0.hasSuffix(".jsonl") && $0 != MemoryRebuild.operationsFileName
            }.count) ?? 0
        print("transcripts  \(home.transcripts) (\(transcripts) runs)")
        print("cache        \(Home.cache())")
        var file = Configuration()
        if FileManager.default.fileExists(atPath: home.configFile) {
            do {
                file = try Configuration.load(path: home.configFile)
                print("config       \(home.configFile) \(ok)")
            } catch {
                print("config       \(style.red(error.message))")
                healthy = false
            }
        } else {
            print("config       none (defaults; see README for config.toml)")
        }
        print("libcurl      \(String(cString: curl_version()))")

        print(style.bold("\nModel provider"))
        for key in ["ANTHROPIC_API_KEY", "OPENAI_API_KEY", "OPENAI_BASE_URL"] {
            print("  \(key.padding(toLength: 18, withPad: " ", startingAt: 0)) \((env[key] ?? "").isEmpty ? "not set" : "set")")
        }
        do {
            let choice = try ProviderChoice.choose(
                provider: env["RESEARCH_AGENT_PROVIDER"] ?? file.provider, model: env["RESEARCH_AGENT_MODEL"] ?? file.model,
                environment: env)
            let price =
                choice.provider.runDefaults.isFree
                ? ModelPrice(input: 0, output: 0) : file.prices[choice.model] ?? ModelCatalog.entry(for: choice.model)?.price
            print("  selected           \(choice.name) · \(choice.model) · \(choice.baseURL)")
            print(
                "  price              \(price.map { "$\($0.input) in / $\($0.output) out per million tokens" } ?? "unknown (--max-cost needs [prices] in config.toml)")"
            )
            if let notice = ModelAvailability.retirementNotice(model: choice.model) {
                print("  retirement         \(style.yellow(notice))")
            }
            let probe = await choice.provider.probe(
                choice, environment: env, client: HTTPClient(userAgent: "research-agent/\(programVersion)"))
            print("  reachable          \(probe.problem.map { style.red($0) } ?? ok)")
            if probe.problem != nil { healthy = false }
            if let listed = probe.listsModel {
                print(
                    "  model listed       \(listed ? ok : style.yellow("no: the provider's list of models has no \(choice.model); check the name"))"
                )
            }
        } catch {
            print("  selected           \(bad): \(error.message)")
            healthy = false
        }

        print(style.bold("\nLocal model (offline default)"))
        // What setup installed, by its stamps (no file is hashed here: `setup --check` does that).
        let setup = Installer(install: LocalInstall(environment: env), components: SetupComponent.allCases) { _ in }
        var absent: [String] = []
        for line in setup.check(hashing: false) {
            let word = line.state == .ok ? ok : line.state == .unverified ? style.yellow("unverified") : style.red(line.state.word)
            print("  \(line.label.padding(toLength: 18, withPad: " ", startingAt: 0)) \(word) \(line.path)")
            if line.state != .ok, let component = SetupComponent.allCases.first(where: { $0.label == line.label }) {
                absent.append(component.rawValue)
            }
        }
        if !absent.isEmpty { print("  install with: research-agent setup --models \(absent.joined(separator: ","))") }

        print(style.bold("\nEmbedder"))
        do {
            let embedder = try EmbedderChoice.choose(embedder: file.embedder, model: file.embeddingModel, environment: env)
            print(
                "  selected           \(embedder.name == .none ? "none (search uses BM25 alone)" : "\(embedder.name.rawValue) · \(embedder.model) · \(embedder.dimensions) dimensions")"
            )
        } catch {
            print("  selected           \(bad): \(error.message)")
            healthy = false
        }

        print(style.bold("\nMemory"))
        let database = home.memory + "/agent.sqlite"
        if !FileManager.default.fileExists(atPath: database) {
            print("  database           none yet (created by the first run or docs add)")
        } else {
            do {
                let stats = try MemorySetup.open(home: home, embedderOptions: nil, embedding: false, logger: logger).memory.stats()
                let total = { (counts: [String: Int]) in counts.values.reduce(0, +) }
                print("  database           \(ok) \(database)")
                print(
                    "  contents           \(total(stats.memories)) memories, \(total(stats.nodes)) graph nodes, \(total(stats.edges)) edges"
                )
            } catch {
                print("  database           \(bad) \(error)")
                healthy = false
            }
        }

        print(style.bold("\nWeb search"))
        for key in ["TAVILY_API_KEY", "BRAVE_API_KEY", "SEARXNG_URL"] {
            print("  \(key.padding(toLength: 18, withPad: " ", startingAt: 0)) \((env[key] ?? "").isEmpty ? "not set" : "set")")
        }
        do {
            switch try SearchProviderChoice.choose(provider: env["RESEARCH_AGENT_SEARCH"] ?? file.searchProvider, environment: env) {
            case .api(let api):
                print("  selected           \(api.name) · \(api.endpoint)")
            case .offline:
                let corpus = OfflineCorpus(logger: logger, environment: env)
                print("  selected           offline corpus (English Wikipedia summaries, not the live web)")
                if let database = try? AgentDatabase(path: corpus.index, readOnly: true),
                    let stats = try? DocumentIndex(database: database, collection: WikipediaSummaries.collection).stats()
                {
                    let vectors = stats.embedded.keys.sorted().joined(separator: ", ")
                    print(
                        "  corpus             \(ok) \(stats.documents) articles, \(vectors.isEmpty ? "BM25 only" : "vectors from \(vectors)") · \(corpus.index)"
                    )
                } else if FileManager.default.fileExists(atPath: corpus.index) {
                    print(
                        "  corpus             \(style.red("damaged")) \(corpus.index) cannot be read; build it again with: research-agent corpus install"
                    )
                } else {
                    print(
                        "  corpus             \(bad) \(corpus.index); install with: research-agent setup --models corpus, then research-agent corpus install"
                    )
                }
            }
        } catch {
            print("  selected           \(bad): \(error.message)")
            healthy = false
        }

        print(style.bold("\nTools"))
        do {
            for m in try BuiltinTools.registry(
                home: home.path, documents: DocsSetup.lazySearch(home: home, logger: logger),
                memory: MemorySetup.lazy(home: home, logger: logger)
            ).manifests {
                print("  \(m.name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(m.enabled ? ok : style.yellow("disabled"))")
            }
        } catch {
            print("  \(style.red(error.message))")
            healthy = false
        }
        do {
            let servers = try MCPOptions.parse([]).servers(file, environment: env)
            if !servers.isEmpty {
                print(style.bold("\nMCP servers"))
                if try await !MCPCommand.report(servers, indent: "  ") { healthy = false }
            }
        } catch let error as CLIError {
            print(style.bold("\nMCP servers"))
            print("  \(style.red(error.message))")
            healthy = false
        }
        if !sandboxSection(file: file, environment: env, style: style) { healthy = false }
        if !healthy { throw ExitCode(1) }
    }

    /// Which sandbox layers hold here, found by running one program in the sandbox; false
    /// when strict mode is configured and a layer is missing.
    private func sandboxSection(file: Configuration, environment: [String: String], style: Style) -> Bool {
        print(style.bold("\nSandbox (run_code)"))
        let version = cseccomp_version().pointee
        print("  libseccomp         \(version.major).\(version.minor).\(version.micro)")
        let python = CodeSandbox(environment: environment).interpreters["python"]
        print("  python             \(python.map { $0.path } ?? style.yellow("not found on PATH (only sh)"))")
        let consent =
            file.allowCode == true
            ? "allowed by allow_code in config.toml" : "asks on a terminal; --allow-code or allow_code = true to allow"
        print("  consent            \(consent)")
        let strict = file.sandboxMode == .strict
        print(
            "  mode               \(strict ? "strict (refuses to run code unless every layer holds)" : "standard (runs with the layers that hold)")"
        )
        guard let probe = CodeSandbox.probeLayers() else {
            print("  layers             \(style.red("the sandbox cannot start here"))")
            return false
        }
        for layer in SandboxLayer.allCases {
            let name = layer.name.padding(toLength: 20, withPad: " ", startingAt: 0)
            if let reason = probe.refused[layer] {
                print("  \(name) \(style.yellow("missing")): \(reason)")
            } else if probe.held.contains(layer) {
                let detail = layer == .landlock ? "ABI \(probe.landlockABI): " : ""
                print("  \(name) \(style.green("ok"))  \(detail)\(layer.purpose)")
            } else {
                print("  \(name) \(style.yellow("not reached"))")
            }
        }
        let complete = probe.refused.isEmpty && probe.held.count == SandboxLayer.allCases.count
        return complete || !strict
    }
}
