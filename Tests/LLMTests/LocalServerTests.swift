import AgentCore
import AgentTesting
import Foundation
import HTTP
import LLM
import Testing

func fakeInstall() throws -> LocalInstall { LocalInstall(environment: ["RESEARCH_AGENT_CACHE": try FakeLocalInstall.make()]) }

func serverPID(_ install: LocalInstall) -> Int32? { FakeLocalInstall.serverPID(cache: install.cache) }

func alive(_ pid: Int32) -> Bool { FakeLocalInstall.alive(pid) }

@Suite(.serialized) struct LocalServerTests {
    @Test func startsOnDemandAnswersAndStops() async throws {
        let install = try fakeInstall()
        let choice = try ProviderChoice.choose(provider: nil, model: nil, environment: ["RESEARCH_AGENT_CACHE": install.cache])
        #expect(choice.name == "local" && choice.model == LocalInstall.defaultModel)
        let server = LocalServer(
            launch: .init(binary: install.server, model: install.modelFile(LocalInstall.defaultModel), stateDirectory: install.cache),
            client: client, logger: quietLogger)
        let model = LocalModel(model: choice.model, server: server, client: client, logger: quietLogger)
        let turn = try await model.ask(request())
        #expect(turn.text.hasPrefix("Final Answer: pid"))
        let pid = try #require(serverPID(install))
        #expect(alive(pid))
        server.stop()
        try await Task.sleep(for: .milliseconds(300))
        #expect(!alive(pid))
        #expect(serverPID(install) == nil)
    }

    @Test func restartsOnceAfterACrash() async throws {
        let install = try fakeInstall()
        let server = LocalServer(
            launch: .init(binary: install.server, model: install.modelFile(LocalInstall.defaultModel), stateDirectory: install.cache),
            client: client, logger: quietLogger)
        let model = LocalModel(model: LocalInstall.defaultModel, server: server, client: client, logger: quietLogger)
        let first = try await model.ask(request())
        let base = try await server.baseURL()
        _ = try? await client.send(HTTPRequest(url: base + "/exit"))
        try await Task.sleep(for: .milliseconds(300))
        let second = try await model.ask(request())
        #expect(first.text != second.text)  // answered by a new process
        // A second crash in the same run is not restarted: the run ends with the error.
        _ = try? await client.send(HTTPRequest(url: try await server.baseURL() + "/exit"))
        #expect(await waitUntil { !server.isRunning })
        await #expect { _ = try await model.ask(request()) } throws: {
            "\($0)".hasPrefix("llama-server stopped again after a restart; see its log in ")
        }
        server.stop()
    }

    /// A port taken between being chosen and being bound (another server starting beside
    /// this one) makes the server exit while starting: another port is chosen, twice at
    /// most, and a server that cannot bind three times is one clear line.
    @Test func aPortTakenMeanwhileIsChosenAgain() async throws {
        let install = try fakeInstall()
        let real = install.server + ".real"
        try FileManager.default.moveItem(atPath: install.server, toPath: real)
        let attempts = install.cache + "/attempts"
        func failing(_ times: Int) throws {
            // Fails like llama-server whose port was taken, `times` times, then starts.
            try? FileManager.default.removeItem(atPath: install.server)
            try TestDirectory.writeExecutable(
                """
                #!/bin/sh
                echo x >> '\(attempts)'
                if [ $(wc -l < '\(attempts)') -le \(times) ]; then
                  echo "couldn't bind HTTP server socket, hostname: 127.0.0.1, port: 1" >&2; exit 1
                fi
                exec '\(real)' "$@"
                """, to: install.server)
        }
        try failing(2)
        let launch = LocalServer.Launch(
            binary: install.server, model: install.modelFile(LocalInstall.defaultModel), stateDirectory: install.cache)
        let server = LocalServer(launch: launch, client: client, logger: quietLogger)
        _ = try await server.baseURL()
        #expect(server.isRunning)
        server.stop()

        try? FileManager.default.removeItem(atPath: attempts)
        try failing(3)
        let stuck = LocalServer(launch: launch, client: client, logger: quietLogger)
        await #expect { _ = try await stuck.baseURL() } throws: {
            "\($0)" == "llama-server exited while starting: couldn't bind HTTP server socket, hostname: 127.0.0.1, port: 1"
        }
        #expect(try String(contentsOfFile: attempts, encoding: .utf8).split(separator: "\n").count == 3)
    }

    @Test func missingInstallIsOneClearLine() async throws {
        let install = LocalInstall(environment: ["RESEARCH_AGENT_CACHE": "/nonexistent/cache"])
        let server = LocalServer(
            launch: .init(binary: install.server, model: install.modelFile("m"), stateDirectory: "/tmp"), client: client,
            logger: quietLogger)
        await #expect { _ = try await server.baseURL() } throws: { "\($0)".contains("run research-agent setup") }
    }

    @Test func staleServersAreCleanedUp() async throws {
        let install = try fakeInstall()
        // A server whose agent is gone (no process has pid Int32.max).
        let orphan = Process()
        orphan.executableURL = URL(fileURLWithPath: install.server)
        orphan.arguments = ["--port", "0"]
        // Its output must not hold the suite's own open if the test fails.
        orphan.standardOutput = FileHandle.nullDevice
        orphan.standardError = FileHandle.nullDevice
        try orphan.run()
        // Only while it runs: once reaped, its pid may be another process's.
        defer { if orphan.isRunning { kill(orphan.processIdentifier, SIGKILL) } }
        // An orphan has long been running. Until the stand-in runs as python, /proc shows
        // the chain of interpreters being started (and an empty command line between two
        // of them), which the cleanup rightly leaves alone.
        let exe = "/proc/\(orphan.processIdentifier)/exe"
        #expect(await waitUntil { ((try? FileManager.default.destinationOfSymbolicLink(atPath: exe)) ?? "").contains("python") })
        try FileManager.default.createDirectory(atPath: install.cache + "/run", withIntermediateDirectories: true)
        try "\(orphan.processIdentifier) \(Int32.max) \(Int32.max)\n".write(
            toFile: install.cache + "/run/llama-server-1.pid", atomically: true, encoding: .utf8)
        let server = LocalServer(
            launch: .init(binary: install.server, model: install.modelFile(LocalInstall.defaultModel), stateDirectory: install.cache),
            client: client, logger: quietLogger)
        _ = try await server.baseURL()
        #expect(await waitUntil { !alive(orphan.processIdentifier) }, "the orphan still runs")
        #expect(!FileManager.default.fileExists(atPath: install.cache + "/run/llama-server-1.pid"))
        server.stop()
    }

    @Test func twoServersOfOneProcessLeaveEachOtherRunning() async throws {
        let install = try fakeInstall()
        let model = install.modelFile(LocalInstall.defaultModel)
        let chat = LocalServer(
            launch: .init(binary: install.server, model: model, stateDirectory: install.cache), client: client, logger: quietLogger)
        let embedding = LocalServer(
            launch: .init(binary: install.server, model: model, embedding: true, stateDirectory: install.cache), client: client,
            logger: quietLogger)
        defer { chat.stop(); embedding.stop() }
        let first = try await chat.baseURL()
        _ = try await embedding.baseURL()
        #expect(chat.isRunning && embedding.isRunning)
        #expect(try await chat.baseURL() == first)
    }

    @Test func embedderNormalisesAndChecksDimensions() async throws {
        let install = try fakeInstall()
        let server = LocalServer(
            launch: .init(
                binary: install.server, model: install.modelFile(LocalInstall.defaultModel), embedding: true, stateDirectory: install.cache),
            client: client, logger: quietLogger)
        let embedder = OpenAIEmbedder(model: "m", dimensions: 3, apiKey: nil, client: client) { try await server.baseURL() + "/v1" }
        let vectors = try await embedder.embed(["", "abcd"])
        #expect(vectors[0] == [0, 0.6, 0.8])
        let norm = vectors[1].reduce(0) { $0 + $1 * $1 }
        #expect(abs(norm - 1) < 1e-5)
        let wrong = OpenAIEmbedder(model: "m", dimensions: 384, apiKey: nil, client: client) { try await server.baseURL() + "/v1" }
        await #expect { _ = try await wrong.embed(["x"]) } throws: { "\($0)".contains("has 3 dimensions, expected 384") }
        server.stop()
    }
}
