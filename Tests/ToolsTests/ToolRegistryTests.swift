import AgentCore
import AgentTesting
import Foundation
import Retrieval
import Testing
import Tools

@Suite struct ToolRegistryTests {
    func context() -> ToolContext { ToolContext(runID: "r", step: 1, sources: SourceCatalog(), limits: ToolLimits()) }

    @Test func runsAndCapsOutput() async {
        var registry = ToolRegistry()
        registry.register(FakeTool(name: "big", limits: ToolLimits(maxOutputBytes: 10)) { _, _ in ToolOutput(text: "ééééééééé") })
        let out = await registry.execute(name: "big", arguments: ["query": "x"], callID: "1", context: context())
        #expect(out.text.hasPrefix("ééééé\n[output cut at the tool's limit of 10 bytes]"))
    }

    /// A tool that runs until it is cancelled.
    func endless(_ name: String, timeout: Double) -> FakeTool {
        FakeTool(name: name, limits: ToolLimits(timeoutSeconds: timeout)) { _, _ in
            try await Task.sleep(for: .seconds(3600))
            return ToolOutput(text: "late")
        }
    }

    /// Runs `call` while moving `clock` on once the call sleeps on it: no real waiting.
    func timed(_ clock: ManualClock, by duration: Duration, _ call: @escaping @Sendable () async -> ToolOutput) async -> ToolOutput {
        let task = Task { await call() }
        while clock.sleeping == 0 { await Task.yield() }
        clock.advance(by: duration)
        return await task.value
    }

    @Test func timesOutOnItsClock() async {
        let clock = ManualClock()
        var registry = ToolRegistry(clock: clock)
        registry.register(endless("slow", timeout: 30))
        let ready = registry
        let context = context()
        // Not a millisecond early: 29.9 s of the clock leave the call running.
        let task = Task { await ready.execute(name: "slow", arguments: ["query": "x"], callID: "1", context: context) }
        while clock.sleeping == 0 { await Task.yield() }
        clock.advance(by: .milliseconds(29_900))
        #expect(clock.sleeping == 1)
        clock.advance(by: .milliseconds(200))
        let out = await task.value
        #expect(out.isError && out.text.contains("timed out after 30 s"), "\(out.text)")
    }

    @Test func aShorterTimeoutFromTheRunWins() async {
        // The run cuts a tool's timeout to what is left of its time budget.
        let clock = ManualClock()
        var registry = ToolRegistry(clock: clock)
        registry.register(endless("slow", timeout: 60))
        let ready = registry
        let cut = ToolContext(runID: "r", step: 1, sources: SourceCatalog(), limits: ToolLimits(timeoutSeconds: 0.2))
        let out = await timed(clock, by: .milliseconds(201)) {
            await ready.execute(name: "slow", arguments: ["query": "x"], callID: "1", context: cut)
        }
        #expect(out.isError && out.text.contains("timed out after 0.2 s"), "\(out.text)")
    }

    @Test func aCallThatFinishesCancelsItsTimeout() async {
        let clock = ManualClock()
        var registry = ToolRegistry(clock: clock)
        registry.register(FakeTool(name: "quick") { _, _ in ToolOutput(text: "done") })
        let out = await registry.execute(name: "quick", arguments: ["query": "x"], callID: "1", context: context())
        #expect(out.text == "done" && clock.sleeping == 0)
    }

    @Test func thrownErrorsBecomeObservations() async {
        struct Boom: Error {}
        var registry = ToolRegistry()
        registry.register(FakeTool(name: "boom") { _, _ in throw Boom() })
        let out = await registry.execute(name: "boom", arguments: ["query": "x"], callID: "1", context: context())
        #expect(out.isError && out.text.hasPrefix("boom failed"))
    }

    @Test func everyBuiltinToolIsRegisteredUnderItsManifestsName() throws {
        struct NeverOpened: Error {}
        let registry = try BuiltinTools.registry(
            home: nil, documents: { throw NeverOpened() }, memory: { throw NeverOpened() })
        #expect(registry.manifests.map(\.name) == BuiltinTools.manifests.map(\.name))
        // Without consent run_code is listed but never offered.
        #expect(!registry.enabledManifests.contains { $0.name == RunCodeTool.name })
        #expect(BuiltinTools.names.count == BuiltinTools.manifests.count)
    }

    @Test func overridesApplyWithinCaps() throws {
        let home = TestDirectory.path("home")
        try FileManager.default.createDirectory(atPath: home + "/tools", withIntermediateDirectories: true)
        try #"{"description":"My notes.","limits":{"timeout_s":1000},"enabled":false}"#
            .write(toFile: home + "/tools/scratchpad.json", atomically: true, encoding: .utf8)
        let registry = try BuiltinTools.registry(home: home)
        let manifest = try #require(registry.manifest(named: "scratchpad"))
        #expect(manifest.schema.description == "My notes.")
        #expect(manifest.limits.timeoutSeconds == 10)  // clamped to 10 × the built-in 1 s
        #expect(!manifest.enabled)
        #expect(!registry.enabledManifests.contains { $0.name == "scratchpad" })
    }

    @Test func badOverridesNameFileAndKey() throws {
        let home = TestDirectory.path("home")
        try FileManager.default.createDirectory(atPath: home + "/tools", withIntermediateDirectories: true)
        try #"{"parameters":{}}"#.write(toFile: home + "/tools/scratchpad.json", atomically: true, encoding: .utf8)
        #expect { _ = try BuiltinTools.registry(home: home) } throws: { error in
            "\(error)"
                == "\(home)/tools/scratchpad.json: unknown key 'parameters' (a tool's parameters are fixed by the program); allowed: description, limits, enabled"
        }
        try FileManager.default.removeItem(atPath: home + "/tools/scratchpad.json")
        try "{}".write(toFile: home + "/tools/telepathy.json", atomically: true, encoding: .utf8)
        #expect { _ = try BuiltinTools.registry(home: home) } throws: { error in "\(error)".contains("no built-in tool named 'telepathy'") }
    }

    /// The repository is a valid home, so its tools/ (whole manifests, for every tool) must
    /// load as overrides for any run: unchanged parameters pass, absent tools are skipped.
    @Test func theRepositoryManifestsAreValidOverrides() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let plain = try BuiltinTools.registry(home: nil)
        let overridden = try BuiltinTools.registry(home: root.path)
        #expect(overridden.manifests == plain.manifests)
        #expect(
            BuiltinTools.names.isSuperset(
                of: try FileManager.default.contentsOfDirectory(atPath: root.path + "/tools")
                    .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }))
    }

    @Test func validateNamesTheProblem() throws {
        let registry = try BuiltinTools.registry(home: nil)
        #expect { _ = try registry.validate(name: "scratchpad", arguments: #"{"op":"fly"}"#) } throws: { error in
            "\(error)".contains("arguments.op: must be one of")
        }
        #expect { _ = try registry.validate(name: "scratchpad", arguments: "{") } throws: { error in
            "\(error)".hasPrefix("the arguments are invalid JSON: ")
        }
    }

    /// tools/ documents the compiled-in manifests; this keeps the two from drifting apart.
    @Test func repositoryManifestsMatchTheBuiltIns() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let code = CodeSettings(sandbox: CodeSandbox(environment: [:]), scratch: ScratchDirectory(runID: "unused", keep: false))
        let registry = try BuiltinTools.registry(
            home: nil, documents: { throw IndexError("unused") }, code: code, memory: { throw IndexError("unused") })
        #expect(
            registry.manifests.map(\.name) == ["scratchpad", "search_docs", "web_search", "fetch_url", "run_code", "remember", "recall"])
        for manifest in registry.manifests {
            let path = root.appendingPathComponent("tools/\(manifest.name).json").path
            let data = try #require(FileManager.default.contents(atPath: path), "missing \(path)")
            #expect(try JSONValue.parse(data) == ManifestJSON.json(manifest), "tools/\(manifest.name).json is out of date")
        }
    }
}

@Suite struct ScratchpadTests {
    @Test func writeReadDelete() {
        var pad = Scratchpad()
        #expect(
            pad.apply(["op": "write", "key": "a", "value": "1"], step: 1).change
                == ScratchpadRecord(step: 1, op: "write", key: "a", value: "1"))
        _ = pad.apply(["op": "write", "key": "b", "value": "2"], step: 1)
        _ = pad.apply(["op": "write", "key": "a", "value": "3"], step: 2)
        #expect(pad.rendered == "- a: 3\n- b: 2")
        #expect(pad.apply(["op": "read", "key": "b"], step: 2).output.text == "2")
        #expect(pad.apply(["op": "delete", "key": "a"], step: 3).change?.op == "delete")
        #expect(pad.apply(["op": "read", "key": "a"], step: 3).output.isError)
        #expect(pad.apply(["op": "read"], step: 3).output.text == "- b: 2")
    }
}
