import AgentCore
import AgentTesting
import Foundation
import Testing
import Transcript

/// `replay --step`, `--fork-from` and `--diff` on runs recorded against the fake server.
@Suite(.serialized) struct ReplayDebugCommandTests {
    func env(_ server: FakeOpenAIServer) -> [String: String] {
        ["OPENAI_BASE_URL": server.baseURL, "OPENAI_MODEL": "fake-model"]
    }

    /// A three-step parent: search the documents, write a note, answer.
    func recordParent(home: String) async throws -> String {
        let docs = home + "/docs"
        try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
        try "# Plan\n\nThe plan is to measure twice.\n".write(toFile: docs + "/plan.md", atomically: true, encoding: .utf8)
        let server = try FakeOpenAIServer(script: [
            .toolCalls([ScriptedToolCall(id: "c1", name: "search_docs", arguments: #"{"query":"plan"}"#)]),
            .toolCalls([ScriptedToolCall(id: "c2", name: "scratchpad", arguments: #"{"op":"write","key":"plan","value":"look it up"}"#)]),
            .text("Parent answer [1]."),
        ])
        let transcript = home + "/parent.jsonl"
        let run = try await runAgent(
            [
                "investigate", "What is the plan?", "--home", home, "--no-web", "--no-memory", "--docs", docs, "--embedder", "none",
                "--max-steps", "9", "--transcript", transcript,
            ],
            environment: env(server))
        #expect(run.status == 0, "\(run.stderr)")
        return transcript
    }

    /// The path the fork's stderr names.
    func forkPath(_ result: CommandResult) -> String? {
        result.stderr.split(separator: "\n").first { $0.hasPrefix("fork: ") }.map { String($0.dropFirst(6)) }
    }

    @Test func stepShowsOneStepInFullAsTextAndJSON() async throws {
        let home = freshHome()
        let parent = try await recordParent(home: home)
        let text = try await runAgent(["replay", parent, "--step", "2", "--home", home])
        #expect(text.status == 0, "\(text.stderr)")
        for part in [
            "Step 2", "── 1. system", "── 2. user", "Question: What is the plan?", "Tool call c2", "look it up", "Budget",
            "Then ran scratchpad; went on to step 3",
        ] {
            #expect(text.stdout.contains(part), "\(part): \(text.stdout)")
        }
        let json = try await runAgent(["replay", parent, "--step", "3", "--json", "--home", home])
        let object = try JSONValue.parse(json.stdout)
        #expect(object["decision"]?.stringValue == "ended the run: answered")
        #expect(object["response"]?["text"]?.stringValue == "Parent answer [1].")
        #expect(object["request"]?["messages"]?.arrayValue?.first?["role"]?.stringValue == "system")
        let missing = try await runAgent(["replay", parent, "--step", "9", "--home", home])
        #expect(missing.status == 2 && missing.stderr.contains("there is no step 9; the run has steps 1 to 3"), "\(missing.stderr)")
    }

    @Test func aForkReplaysThePrefixRunsLiveFromItsStepVerifiesAndDiffs() async throws {
        let home = freshHome()
        let parent = try await recordParent(home: home)
        let parentRun = try TranscriptFile(path: parent).events[0].run

        // --inject: the message comes right before step 2's request, after step 1's result.
        let live = try FakeOpenAIServer(script: [
            .toolCalls([ScriptedToolCall(id: "c9", name: "search_docs", arguments: #"{"query":"twice"}"#)]), .text("Forked answer [1]."),
        ])
        let fork = try await runAgent(
            ["replay", parent, "--fork-from", "2", "--inject", "Be brief.", "--home", home], environment: env(live))
        #expect(fork.status == 0, "\(fork.stderr)")
        #expect(live.requests.count == 2)  // step 1 came from the record
        let request = String(decoding: live.requests[0].body, as: UTF8.self)
        #expect(request.contains("Be brief.") && request.contains("measure twice"), "\(request)")
        let forkFile = try #require(forkPath(fork))
        let recorded = try TranscriptFile(path: forkFile)
        #expect(recorded.start?.fork?.parentRun == parentRun && recorded.start?.fork?.step == 2)
        #expect(recorded.end?.answer == "Forked answer [1]." && recorded.requests.count == 3)
        #expect(recorded.start?.config.budget.maxSteps == 9)
        let verified = try await runAgent(["replay", forkFile, "--verify", "--home", home])
        #expect(verified.status == 0 && verified.stdout.contains("identical: all 3 requests"), "\(verified.stdout)\(verified.stderr)")
        let diff = try await runAgent(["replay", parent, "--diff", forkFile, "--home", home])
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("First difference: step 2") && diff.stdout.contains("+ ") && diff.stdout.contains("Be brief."))
        #expect(diff.stdout.contains("steps 3 → 3 (+0)"), "\(diff.stdout)")

        // A fork of the fork keeps the message injected before its fork step.
        let again1 = try FakeOpenAIServer(script: [.text("Again [1].")])
        let nested = try await runAgent(["replay", forkFile, "--fork-from", "3", "--home", home], environment: env(again1))
        #expect(nested.status == 0, "\(nested.stderr)")
        #expect(String(decoding: again1.requests[0].body, as: UTF8.self).contains("Be brief."))
        let nestedFile = try #require(forkPath(nested))
        #expect(try TranscriptFile(path: nestedFile).start?.fork?.injections == [2: "Be brief."])
        let nestedVerify = try await runAgent(["replay", nestedFile, "--verify", "--home", home])
        #expect(nestedVerify.status == 0 && nestedVerify.stdout.contains("identical"), "\(nestedVerify.stdout)\(nestedVerify.stderr)")
        let data = try JSONValue.parse(try await runAgent(["replay", parent, "--diff", forkFile, "--json", "--home", home]).stdout)
        #expect(data["first_difference"] == 2 && data["b"]?["answer"]?.stringValue == "Forked answer [1].")

        // --edit-result, --system and a budget flag together.
        try "EDITED RESULT".write(toFile: home + "/result.txt", atomically: true, encoding: .utf8)
        try "You are a test system prompt.".write(toFile: home + "/system.txt", atomically: true, encoding: .utf8)
        let edited = try FakeOpenAIServer(script: [.text("Edited [1].")])
        let second = try await runAgent(
            [
                "replay", parent, "--fork-from", "2", "--edit-result", "c1=\(home)/result.txt", "--system", "\(home)/system.txt",
                "--max-steps", "5", "--home", home,
            ], environment: env(edited))
        #expect(second.status == 0, "\(second.stderr)")
        let body = try JSONValue.parse(String(decoding: edited.requests[0].body, as: UTF8.self))
        let messages = body["messages"]?.arrayValue ?? []
        #expect(messages.first?["content"]?.stringValue == "You are a test system prompt.")
        #expect(messages.contains { $0["content"]?.stringValue?.contains("EDITED RESULT") == true }, "\(messages)")
        let secondFile = try #require(forkPath(second))
        let secondStart = try #require(try TranscriptFile(path: secondFile).start)
        #expect(secondStart.config.budget.maxSteps == 5 && secondStart.fork?.editedResults["c1"] == "EDITED RESULT")
        #expect(secondStart.fork?.changes.count == 3, "\(secondStart.fork?.changes ?? [])")
        let again = try await runAgent(["replay", secondFile, "--verify", "--home", home])
        #expect(again.status == 0 && again.stdout.contains("identical"), "\(again.stdout)\(again.stderr)")

        // --model: the live steps ask another model.
        let other = try FakeOpenAIServer(script: [.text("Other model [1].")])
        let third = try await runAgent(
            ["replay", parent, "--fork-from", "3", "--model", "other-model", "--home", home], environment: env(other))
        #expect(third.status == 0, "\(third.stderr)")
        // The parent's budget and settings stay; only the model's own come from the new one.
        let thirdFile = try #require(forkPath(third))
        let thirdStart = try #require(try TranscriptFile(path: thirdFile).start)
        #expect(thirdStart.config.model == "other-model" && thirdStart.config.budget.maxSteps == 9 && thirdStart.config.citationRepair)
        #expect(String(decoding: other.requests[0].body, as: UTF8.self).contains(#""model":"other-model""#))

        // A parent changed since the fork, or gone, is one clear error.
        let original = try Data(contentsOf: URL(fileURLWithPath: parent))
        try (original + Data("\n".utf8)).write(to: URL(fileURLWithPath: parent))
        let changed = try await runAgent(["replay", forkFile, "--verify", "--home", home])
        #expect(changed.status == 1 && changed.stderr.contains("changed since the fork"), "\(changed.stderr)")
        try FileManager.default.removeItem(atPath: parent)
        let gone = try await runAgent(["replay", forkFile, "--verify", "--home", home])
        #expect(gone.status == 1 && gone.stderr.contains("is missing"), "\(gone.stderr)")
    }

    /// Wide characters (CJK, emoji) take two columns: the side-by-side rows still line up.
    @Test func theDiffLinesUpWideCharacters() async throws {
        let home = freshHome()
        for (name, value) in [("a", "日本語のテキスト🎉 and more words, enough to be cut at the edge of the column"), ("b", "plain")] {
            let server = try FakeOpenAIServer(script: [
                .toolCalls([ScriptedToolCall(id: "c1", name: "scratchpad", arguments: #"{"op":"write","key":"k","value":"\#(value)"}"#)]),
                .text("Done."),
            ])
            let run = try await runAgent(
                ["investigate", "q", "--home", home, "--no-web", "--no-memory", "--transcript", "\(home)/\(name).jsonl"],
                environment: env(server))
            #expect(run.status == 0, "\(run.stderr)")
        }
        let diff = try await runAgent(["replay", home + "/a.jsonl", "--diff", home + "/b.jsonl", "--home", home])
        #expect(diff.status == 0, "\(diff.stderr)")
        // Columns as a terminal counts them, for the characters this test uses.
        func columns(_ text: Substring) -> Int {
            text.unicodeScalars.reduce(0) { $0 + ((0x3000...0x9FFF).contains($1.value) || $1.value >= 0x1F300 ? 2 : 1) }
        }
        let rows = diff.stdout.split(separator: "\n").filter { $0.contains(" │ ") }
        let bars = Set(rows.map { columns($0[..<$0.range(of: " │ ")!.lowerBound]) })
        #expect(rows.count >= 3 && bars.count == 1, "\(diff.stdout)")
        #expect(rows.contains { $0.contains("日本語") })
    }

    @Test func forkErrorsAreOneLine() async throws {
        let home = freshHome()
        let parent = try await recordParent(home: home)
        let cases: [([String], String)] = [
            (["--fork-from", "9"], "cannot fork from step 9; the run has steps 1 to 3"),
            // A negative number is read as the value, not taken for a flag.
            (["--fork-from", "-1"], "cannot fork from step -1; the run has steps 1 to 3"),
            (["--fork-from", "2", "--edit-result", "c2=\(parent)"], "'c2' is not a tool call before step 2 (the calls before it: c1)"),
            (["--fork-from", "1", "--edit-result", "c1=\(parent)"], "(no tool was called before it)"),
            (["--fork-from", "3", "--edit-result", "c2=\(parent)"], "'c2' is a scratchpad call, which the loop answers itself"),
            (["--fork-from", "2", "--edit-result", "c1"], "--edit-result takes CALL=FILE"),
            (["--fork-from", "2", "--system", "\(home)/none.txt"], "--system: cannot read \(home)/none.txt: no such file"),
            (["--fork-from", "2", "--system", home], "--system: cannot read \(home): it is a folder, not a file"),
            (["--inject", "x"], "add --fork-from N"),
            (["--fork-from", "2", "--inject", "a", "--inject", "b"], "--inject is given once"),
            (["--fork-from", "2", "--tool-format", "react"], "were recorded in the native one; fork from step 1"),
            (["--fork-from", "3", "--max-steps", "2"], "--max-steps 2 leaves no live step"),
            (["--fork-from", "2", "--verify"], "--fork-from makes a new run"),
        ]
        for (flags, message) in cases {
            // A provider is configured (nothing listens there): the checks come before any call.
            let result = try await runAgent(
                ["replay", parent] + flags + ["--home", home],
                environment: ["OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "OPENAI_MODEL": "m"])
            #expect(result.status == 2, "\(flags): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains(message), "\(flags): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count <= 2, "\(flags): \(result.stderr)")
        }
        // A parent recorded with a setting this build does not have: named before the fork goes on.
        let other = home + "/transcripts/other-version.jsonl"
        try String(contentsOfFile: parent, encoding: .utf8).replacingOccurrences(of: #""config":{"#, with: #""config":{"reread":"cited","#)
            .write(toFile: other, atomically: true, encoding: .utf8)
        let result = try await runAgent(
            ["replay", other, "--fork-from", "3", "--max-steps", "2", "--home", home],
            environment: ["OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "OPENAI_MODEL": "m"])
        #expect(result.status == 2)
        #expect(
            result.stderr.contains(
                #"replay: the run used settings this build does not have (reread "cited"): another version recorded it, and the fork's live steps run without them"#
            ), "\(result.stderr)")
        #expect(result.stderr.contains("--max-steps 2 leaves no live step"))
    }
}
