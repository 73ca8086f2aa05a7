import AgentCore
import AgentTesting
import Foundation
import Testing
import Tools
import Transcript

/// The sandbox's full set of layers, probed once.
private let sandboxHolds: Bool = {
    guard let probe = CodeSandbox.probeLayers() else { return false }
    return probe.refused.isEmpty && CodeSandbox(environment: ProcessInfo.processInfo.environment).interpreters["python"] != nil
}()

@Suite(.serialized, .enabled(if: sandboxHolds, "needs Python and every sandbox layer (see `research-agent doctor`)"))
struct CodeCommandTests {
    let snippet = #"{"language":"python","code":"print(sum(range(101)))"}"#

    @Test func toolsRunNeedsConsentWithoutATerminal() async throws {
        let home = freshHome()
        let refused = try await runAgent(["tools", "run", "run_code", snippet, "--home", home], stdin: "")
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("--allow-code"))
        let allowed = try await runAgent(["tools", "run", "run_code", snippet, "--allow-code", "--home", home], stdin: "")
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stdout.hasPrefix("exit status 0"))
        #expect(allowed.stdout.contains("stdout:\n5050\n"))
        try "allow_code = true\n".write(toFile: home + "/config.toml", atomically: true, encoding: .utf8)
        let configured = try await runAgent(["tools", "run", "run_code", snippet, "--home", home], stdin: "")
        #expect(configured.status == 0 && configured.stdout.contains("5050"))
    }

    @Test func keepScratchLeavesTheFilesAndSaysWhere() async throws {
        let code = #"{"language":"sh","code":"echo result > out.txt"}"#
        let result = try await runAgent(
            ["tools", "run", "run_code", code, "--allow-code", "--keep-scratch", "--home", freshHome()], stdin: "")
        let line = try #require(result.stderr.split(separator: "\n").first { $0.hasPrefix("scratch: ") })
        let path = String(line.dropFirst("scratch: ".count))
        #expect(try String(contentsOfFile: path + "/out.txt", encoding: .utf8) == "result\n")
        try FileManager.default.removeItem(atPath: path)
    }

    @Test func sandboxSettingsComeFromConfigWithChecks() async throws {
        let home = freshHome()
        try "allow_code = true\n[sandbox]\nmode = \"strict\"\nwall_s = 1\n".write(
            toFile: home + "/config.toml", atomically: true, encoding: .utf8)
        let slow = try await runAgent(["tools", "run", "run_code", #"{"language":"sh","code":"sleep 20"}"#, "--home", home], stdin: "")
        #expect(slow.status == 1)
        #expect(slow.stdout.contains("stopped: the wall-clock limit of 1.00 s was reached"))
        try "[sandbox]\nwal_s = 1\n".write(toFile: home + "/config.toml", atomically: true, encoding: .utf8)
        let typo = try await runAgent(["tools", "run", "run_code", snippet, "--home", home], stdin: "")
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("unknown key 'sandbox.wal_s'"))
        let badMode = try await runAgent(["tools", "run", "run_code", snippet, "--sandbox", "loose", "--home", home], stdin: "")
        #expect(
            badMode.status == 2
                && badMode.stderr.contains(
                    "The value 'loose' is invalid for '--sandbox <mode>'. Please provide one of 'standard' and 'strict'.")
        )
    }

    @Test func investigateOffersRunCodeOnlyWithConsent() async throws {
        let call = ScriptedToolCall(id: "c1", name: "run_code", arguments: #"{"language":"python","code":"print(6 * 7)"}"#)
        let server = try FakeOpenAIServer(script: [.toolCalls([call]), .text("The answer is 42.")])
        let home = freshHome()
        let env = ["OPENAI_BASE_URL": server.baseURL, "OPENAI_MODEL": "m"]
        let result = try await runAgent(["investigate", "What is 6*7?", "--allow-code", "--home", home], environment: env, stdin: "")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(server.requests[0].bodyString().contains(#""name":"run_code""#))
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: home + "/transcripts").first { $0.hasSuffix(".jsonl") })
        let text = try String(contentsOfFile: home + "/transcripts/" + name, encoding: .utf8)
        #expect(text.contains(#"stdout:\n42\n"#))
        // Replay needs no consent: it runs no code, and the requests match byte for byte.
        let verify = try await runAgent(["replay", home + "/transcripts/" + name, "--verify", "--home", home], stdin: "")
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        // A fork without consent (no terminal, no allow_code) still offers it, as the parent
        // did, and refuses its calls: the model is told why.
        let again = try FakeOpenAIServer(script: [.toolCalls([call]), .text("Six times seven is 42.")])
        let fork = try await runAgent(
            ["replay", home + "/transcripts/" + name, "--fork-from", "1", "--inject", "Use code.", "--home", home],
            environment: ["OPENAI_BASE_URL": again.baseURL, "OPENAI_MODEL": "m"], stdin: "")
        #expect(fork.status == 0, "\(fork.stderr)")
        #expect(fork.stderr.contains("note: the run offered run_code; the fork offers it too, but refuses each call of it"))
        #expect(again.requests[0].bodyString().contains(#""name":"run_code""#))
        #expect(again.requests[1].bodyString().contains("--allow-code") && !again.requests[1].bodyString().contains(#"stdout:\n42"#))
        // The scratch dir is gone at the end of the run.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter {
            $0.hasSuffix(name.replacingOccurrences(of: ".jsonl", with: ""))
        }
        #expect(leftovers.isEmpty)

        let plain = try FakeOpenAIServer(script: [.text("No code needed.")])
        let without = try await runAgent(
            ["investigate", "Hi?", "--home", freshHome()], environment: ["OPENAI_BASE_URL": plain.baseURL, "OPENAI_MODEL": "m"], stdin: "")
        #expect(without.status == 0)
        #expect(!plain.requests[0].bodyString().contains("run_code"))
    }

    @Test func doctorListsTheSandboxLayers() async throws {
        let result = try await runAgent(["doctor", "--home", freshHome()], stdin: "")
        #expect(result.stdout.contains("Sandbox (run_code)"))
        for layer in SandboxLayer.allCases {
            #expect(result.stdout.contains("  " + layer.name.padding(toLength: 20, withPad: " ", startingAt: 0) + " ok  "), "\(layer.name)")
        }
        #expect(result.stdout.contains("consent            asks on a terminal"))
    }

    /// Runs `research-agent ARGS` on a pseudo-terminal (util-linux `script`) with `input` typed in.
    private func onTerminal(_ arguments: [String], input: String, environment: [String: String] = [:]) async throws -> (
        status: Int32, output: String
    ) {
        let command = ([executable] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        return try await onThread {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qec", command, "/dev/null"]
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, given in given }
            let stdin = Pipe(), stdout = Pipe()
            process.standardInput = stdin
            process.standardOutput = stdout
            process.standardError = stdout
            try process.run()
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
            let data = stdout.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs util-linux script for a pseudo-terminal"))
    func aTerminalUserApprovesOrDeclinesEachSnippet() async throws {
        let home = freshHome()
        let code = #"{"language":"sh","code":"echo approved"}"#
        let yes = try await onTerminal(["tools", "run", "run_code", code, "--home", home], input: "maybe\ny\n")
        #expect(yes.output.contains("The agent wants to run this sh code in the sandbox:"))
        #expect(yes.output.contains("│ echo approved"))
        #expect(yes.output.contains("stdout:\r\napproved") || yes.output.contains("stdout:\napproved"))
        #expect(yes.status == 0)
        let no = try await onTerminal(["tools", "run", "run_code", code, "--home", home], input: "n\n")
        #expect(no.output.contains("the user declined to run this snippet"))
        #expect(!no.output.contains("stdout:"))
        #expect(no.status == 1)

        // "always" approves this snippet and every later one of the run without asking again.
        let server = try FakeOpenAIServer(script: [
            .toolCalls([ScriptedToolCall(id: "1", name: "run_code", arguments: #"{"language":"sh","code":"echo first"}"#)]),
            .toolCalls([ScriptedToolCall(id: "2", name: "run_code", arguments: #"{"language":"sh","code":"echo second"}"#)]),
            .text("Both ran."),
        ])
        let always = try await onTerminal(
            ["investigate", "Run two snippets", "--home", home], input: "a\n",
            environment: ["OPENAI_BASE_URL": server.baseURL, "OPENAI_MODEL": "m"])
        #expect(always.status == 0, "\(always.output)")
        #expect(always.output.components(separatedBy: "Run it? [y]es / [n]o / [a]lways for this run:").count == 2, "\(always.output)")
        let results = server.requests.dropFirst().map { String(decoding: $0.body, as: UTF8.self) }
        #expect(results.count == 2 && results[0].contains(#"stdout:\nfirst"#) && results[1].contains(#"stdout:\nsecond"#), "\(results)")
        #expect(!results.contains { $0.contains("declined") })
    }
}
