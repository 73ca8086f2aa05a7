import ArgumentParser
// For C's stdout (Glibc's, through Foundation), whose buffering main sets once before
// anything else runs.
@preconcurrency import Foundation
import Logging

/// The program's version, as transcripts record it.
let programVersion = "0.1.0"

/// `research-agent`: the root command. It has no default subcommand, so a misspelled
/// subcommand is an error rather than a question.
struct ResearchAgent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "research-agent",
        abstract: "An autonomous research agent: reasons, searches, reads and cites, and logs every step.",
        discussion: """
            Exit codes: 0 answered, 1 error, 2 usage, 3 stopped without an answer (budget or loop), 4 cancelled.
            Providers: ANTHROPIC_API_KEY, else OPENAI_API_KEY or OPENAI_BASE_URL (any OpenAI-compatible server), \
            else the local model that research-agent setup installs (no key, no network).
            """,
        version: programVersion,
        subcommands: [
            Investigate.self, Batch.self, Eval.self, Replay.self, Docs.self, Corpus.self, MemoryCommand.self, ToolsCommand.self,
            MCPCommand.self, Doctor.self,
            SetupCommand.self,
        ])
}

/// Options every subcommand takes.
struct HomeOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Where data lives: memory/, transcripts/, config.toml, tools/.",
            discussion: "Default: the current directory when it holds memory/ and transcripts/, else ~/.research-agent.", valueName: "dir"))
    var home: String?

    @Flag(name: .long, help: "Log more detail to stderr.")
    var verbose = false

    var resolved: Home { Home.resolve(home) }
}

@main
enum EntryPoint {
    static func main() async {
        // A line at a time also into a file or pipe: a batch's per-task lines and --json
        // events must be there as they happen, and still there when the process is killed.
        setvbuf(stdout, nil, _IOLBF, 0)
        let arguments = Array(CommandLine.arguments.dropFirst())
        let verbose = arguments.contains("--verbose")
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = verbose ? .debug : .warning
            return handler
        }
        do {
            var command = try ResearchAgent.parseAsRoot(arguments)
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
        } catch let error as CLIError {
            StandardError.line("research-agent: \(error.message)")
            exit(error.exitCode)
        } catch let status as ExitCode {
            // A command that printed what it had to and ends with DESIGN.md's code for it.
            exit(status.rawValue)
        } catch {
            let code = ResearchAgent.exitCode(for: error)
            let message = ResearchAgent.fullMessage(for: error)
            if code == .success {
                print(message)
                exit(0)
            }
            // swift-argument-parser uses EX_USAGE (64) for usage errors; DESIGN.md says 2.
            // Its message ends with a usage block; one line and a pointer to --help is enough.
            var line = message.split(separator: "\n").first.map(String.init) ?? message
            if line.hasPrefix("Error: ") { line.removeFirst(7) }
            let help = (["research-agent"] + ResearchAgent.commandPath(arguments) + ["--help"]).joined(separator: " ")
            StandardError.line("research-agent: \(line) (see '\(help)')")
            exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

extension ResearchAgent {
    /// The (sub)commands the arguments name, e.g. ["docs", "add"], so a usage error points
    /// at the help that explains it.
    static func commandPath(_ arguments: [String]) -> [String] {
        var path: [String] = []
        var commands = configuration.subcommands
        for argument in arguments where !argument.hasPrefix("-") {
            guard let command = commands.first(where: { $0._commandName == argument }) else { continue }
            path.append(argument)
            commands = command.configuration.subcommands
        }
        return path
    }
}
