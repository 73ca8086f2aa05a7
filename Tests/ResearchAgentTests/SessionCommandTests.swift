import AgentCore
import AgentTesting
import Foundation
import Testing
import Transcript

/// The interactive session, driven through a pseudo-terminal as a person would use it.
@Suite(.serialized) struct SessionCommandTests {
    let prompt = "research-agent> "

    /// A home with one document for search_docs to find.
    func homeWithDocument() throws -> (home: String, docs: String) {
        let home = freshHome()
        let docs = home + "/docs"
        try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
        try "# Phones\n\nSQLite is the embedded database that ships in every phone.\n".write(
            toFile: docs + "/phones.md", atomically: true, encoding: .utf8)
        return (home, docs)
    }

    func env(_ server: FakeOpenAIServer, home: String) -> [String: String] {
        ["OPENAI_BASE_URL": server.baseURL, "OPENAI_MODEL": "fake-model", "HOME": home]
    }

    func transcripts(in home: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: home + "/transcripts").filter {
            $0.hasSuffix(".jsonl") && $0 != "memory-ops.jsonl"
        }.map { home + "/transcripts/" + $0 }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs util-linux script"))
    func followUpsCommandsCtrlCAndCtrlDThenEveryRunVerifies() async throws {
        let (home, docs) = try homeWithDocument()
        let server = try FakeOpenAIServer(script: [
            .toolCalls([ScriptedToolCall(id: "c1", name: "search_docs", arguments: #"{"query":"embedded database phone"}"#)]),
            .text("SQLite is in every phone [1]."),
            .text("It reads small blobs faster than the file system [1]."),
            .stallBeforeFirstByte(milliseconds: 60_000, then: .text("late")),
            .text("Answered after the cancel."),
        ])
        let term = try TerminalSession(
            ["investigate", "--home", home, "--no-web", "--docs", docs, "--embedder", "none"], environment: env(server, home: home))
        #expect(await term.wait(for: prompt), "\(term.screen)")

        term.type("Which embedded database is in every phone?")
        #expect(await term.wait(for: prompt, count: 2), "\(term.screen)")
        #expect(term.screen.contains("SQLite is in every phone [1]."))

        term.type("/sources")
        #expect(await term.wait(for: "file: \(docs)/phones.md"), "\(term.screen)")
        term.type("/open 1")
        #expect(await term.wait(for: "ships in every phone"), "\(term.screen)")

        term.type("And how fast is it?")
        #expect(await term.wait(for: "faster than the file system [1].", count: 1), "\(term.screen)")
        #expect(await term.wait(for: prompt, count: 5), "\(term.screen)")
        #expect(term.screen.contains(", after 1 earlier question"))
        // The follow-up's request carries the first question and its answer.
        let followUp = try JSONValue.parse(String(decoding: server.requests[2].body, as: UTF8.self))
        let texts = (followUp["messages"]?.arrayValue ?? []).compactMap { $0["content"]?.stringValue }
        #expect(texts.contains("SQLite is in every phone [1]."), "\(texts)")
        #expect(texts.contains("Question: Which embedded database is in every phone?"), "\(texts)")

        term.type("/sorces")
        #expect(await term.wait(for: "unknown command /sorces; did you mean /sources?"), "\(term.screen)")
        term.type("/budget steps=0")
        #expect(await term.wait(for: "/budget steps must be a whole number of at least 1, or default (got 0)"), "\(term.screen)")
        term.type("/budget steps=5 cost=none")
        #expect(await term.wait(for: "from the next question: steps=5 (change"), "\(term.screen)")
        // Tab completes the command (a Tab with more input right behind it would be part of a paste).
        term.send("/he")
        #expect(await term.wait(for: "> /he"), "\(term.screen)")
        let typed = term.screen.count
        term.send("\t")
        #expect(await term.waitForMore(than: typed), "\(term.screen)")
        term.send("\r")
        #expect(await term.wait(for: "/remember TEXT"), "\(term.screen)")
        term.type("/cost")
        #expect(await term.wait(for: "session: 2 questions"), "\(term.screen)")
        term.type("/steps")
        #expect(await term.wait(for: "Step 1 ·", count: 3), "\(term.screen)")
        term.type("/tools disable search_docs")
        #expect(await term.wait(for: "search_docs is not offered for the rest of the session"), "\(term.screen)")
        term.type("/tools")
        #expect(await term.wait(for: "search_docs · off for this session"), "\(term.screen)")
        term.type("/tools enable search_docs")
        #expect(await term.wait(for: "search_docs is offered again"), "\(term.screen)")
        term.type("/model other-model")
        #expect(await term.wait(for: "the next questions use other-model"), "\(term.screen)")
        term.type("/model fake-model")
        #expect(await term.wait(for: "the next questions use fake-model"), "\(term.screen)")
        term.type("/remember The lab's database is SQLite 3.45.")
        #expect(await term.wait(for: "remembered "), "\(term.screen)")
        term.type("/memory lab database")
        #expect(await term.wait(for: "The lab's database is SQLite 3.45.", count: 2), "\(term.screen)")
        // Ctrl-C at the prompt abandons the line being typed, not the session.
        term.send("half a question")
        #expect(await term.wait(for: "half a question"), "\(term.screen)")
        term.send("\u{03}")
        #expect(await term.wait(for: "^C\n" + prompt), "\(term.screen)")
        term.type("/export \(home)/session.md")
        #expect(await term.wait(for: "wrote \(home)/session.md"), "\(term.screen)")
        let exported = try String(contentsOfFile: home + "/session.md", encoding: .utf8)
        #expect(exported.contains("## 2. And how fast is it?"))
        #expect(exported.contains("It reads small blobs faster than the file system [1]."))
        #expect(exported.contains("phones.md"))

        // Ctrl-C while the model is slow cancels that question, and the session goes on.
        let before = term.screen.components(separatedBy: prompt).count - 1
        term.type("A slow question?")
        let deadline = Date().addingTimeInterval(20)
        while server.requests.count < 4 && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        term.send("\u{03}")
        #expect(await term.wait(for: "Cancelled."), "\(term.screen)")
        #expect(await term.wait(for: prompt, count: before + 1), "\(term.screen)")
        term.type("One more?")
        #expect(await term.wait(for: "Answered after the cancel."), "\(term.screen)")
        #expect(await term.wait(for: prompt, count: before + 2), "\(term.screen)")
        term.send("\u{04}")
        #expect(await term.exitStatus() == 0, "\(term.screen)")
        #expect(term.screen.contains("session: 4 questions"))
        #expect(term.screen.contains("resume: research-agent investigate --resume"))

        // Every run's transcript is whole and replays identically, each on its own.
        let files = try transcripts(in: home)
        #expect(files.count == 4)
        let operations = try String(contentsOfFile: home + "/transcripts/memory-ops.jsonl", encoding: .utf8)
        #expect(operations.contains(#""type":"memory.write""#) && operations.contains("SQLite 3.45"))
        var sessions: Set<String> = []
        for file in files {
            let transcript = try TranscriptFile(path: file)
            #expect(transcript.end != nil)
            if let id = transcript.start?.session?.id { sessions.insert(id) }
            let verified = try await runAgent(["replay", file, "--verify", "--home", home])
            #expect(verified.status == 0 && verified.stdout.contains("identical"), "\(file): \(verified.stdout) \(verified.stderr)")
        }
        #expect(sessions.count == 1)
        // The session as a whole: its runs in order, each verified on its own.
        let listed = try await runAgent(["replay", "--session", String(sessions.first?.prefix(8) ?? ""), "--verify", "--home", home])
        #expect(listed.status == 0, "\(listed.stdout) \(listed.stderr)")
        #expect(listed.stdout.contains("4 questions") && listed.stdout.contains("2. And how fast is it?"), "\(listed.stdout)")
        #expect(listed.stdout.components(separatedBy: "identical").count - 1 == 4, "\(listed.stdout)")
        let last = try await runAgent(["replay", "--session", "last", "--home", home])
        #expect(last.stdout == listed.stdout.split(separator: "\n").filter { !$0.contains("identical") }.joined(separator: "\n") + "\n")
        let cancelled = try files.map(TranscriptFile.init(path:)).first { $0.end?.status == .cancelled }
        #expect(cancelled?.start?.task == "A slow question?")
    }

    /// SIGTERM while the prompt waits ends the session, with the terminal put back out of the
    /// line editor's raw mode (echo, canonical input and signals on again).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs util-linux script"))
    func aStopSignalAtThePromptLeavesTheTerminalAsItWas() async throws {
        let home = freshHome()
        let server = try FakeOpenAIServer(script: [.text("Paris.")])
        let term = try TerminalSession(["investigate", "--home", home, "--no-web"], environment: env(server, home: home), then: "stty -a")
        #expect(await term.wait(for: prompt), "\(term.screen)")
        term.type("Capital of France?")
        #expect(await term.wait(for: prompt, count: 2), "\(term.screen)")
        let pgrep = Process()
        pgrep.executableURL = URL(fileURLWithPath: "/usr/bin/pgrep")
        pgrep.arguments = ["-f", "investigate --home \(home) "]
        let found = Pipe()
        pgrep.standardOutput = found
        try pgrep.run()
        pgrep.waitUntilExit()
        let pid = try #require(
            Int32(String(decoding: found.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n").first ?? ""))
        kill(pid, SIGTERM)
        #expect(await term.wait(for: "icanon"), "\(term.screen)")
        let modes = Set(term.screen.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init))
        #expect(modes.contains("icanon") && modes.contains("echo") && modes.contains("isig"), "\(term.screen)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs util-linux script"))
    func resumeReopensTheLastSessionWithItsContext() async throws {
        let (home, _) = try homeWithDocument()
        let server = try FakeOpenAIServer(script: [.text("Paris is the capital of France."), .text("About two million people.")])
        let first = try TerminalSession(
            ["investigate", "What is the capital of France?", "-i", "--home", home, "--no-web"], environment: env(server, home: home))
        #expect(await first.wait(for: prompt), "\(first.screen)")
        first.type("/quit")
        #expect(await first.exitStatus() == 0, "\(first.screen)")

        let again = try TerminalSession(["investigate", "--resume", "--home", home, "--no-web"], environment: env(server, home: home))
        #expect(await again.wait(for: "resumed session"), "\(again.screen)")
        // A question pasted as two lines is one question.
        again.send("How many people\rlive there?\r")
        #expect(await again.wait(for: "About two million people."), "\(again.screen)")
        #expect(await again.wait(for: prompt, count: 2), "\(again.screen)")
        again.send("\u{04}")
        #expect(await again.exitStatus() == 0, "\(again.screen)")
        let request = String(decoding: server.requests[1].body, as: UTF8.self)
        #expect(request.contains("Paris is the capital of France."), "\(request)")
        let starts = try transcripts(in: home).compactMap { try TranscriptFile(path: $0).start }
        #expect(starts.contains { $0.task == "How many people\nlive there?" }, "\(starts.map(\.task))")
        #expect(try String(contentsOfFile: home + "/history", encoding: .utf8).contains("there?"))
        #expect(Set(starts.compactMap { $0.session?.id }).count == 1)
        #expect(starts.contains { $0.session?.previousRun != nil })

        let unknown = try TerminalSession(
            ["investigate", "--resume", "nosuchsession", "--home", home], environment: env(server, home: home))
        #expect(await unknown.exitStatus() == 1)
        #expect(unknown.screen.contains("no session whose id starts with 'nosuchsession'"), "\(unknown.screen)")
        let piped = try await runAgent(["investigate", "-i", "--home", home], environment: ["HOME": home])
        #expect(piped.status == 2 && piped.stderr.contains("an interactive session needs a terminal"), "\(piped.stderr)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs util-linux script"))
    func ctrlCAtTheCodeApprovalCancelsTheQuestionAndAlwaysLastsForTheSession() async throws {
        let home = freshHome()
        let snippet = ScriptedToolCall(id: "c1", name: "run_code", arguments: #"{"language":"sh","code":"echo hi"}"#)
        let server = try FakeOpenAIServer(script: [
            .toolCalls([snippet]), .toolCalls([snippet]), .text("Ran it."),
        ])
        let term = try TerminalSession(["investigate", "--home", home, "--no-web", "--no-memory"], environment: env(server, home: home))
        #expect(await term.wait(for: prompt), "\(term.screen)")
        term.type("Run something?")
        #expect(await term.wait(for: "[a]lways for this session: "), "\(term.screen)")
        term.send("\u{03}")
        #expect(await term.wait(for: "Cancelled."), "\(term.screen)")
        #expect(await term.wait(for: prompt, count: 2), "\(term.screen)")
        term.type("Run it again?")
        #expect(await term.wait(for: "[a]lways for this session: ", count: 2), "\(term.screen)")
        term.type("a")
        #expect(await term.wait(for: "Ran it."), "\(term.screen)")
        #expect(await term.wait(for: prompt, count: 3), "\(term.screen)")
        term.type("/tools")
        #expect(await term.wait(for: "run_code: every snippet approved for this session"), "\(term.screen)")
        term.type("/quit")
        #expect(await term.exitStatus() == 0, "\(term.screen)")
        let ends = try transcripts(in: home).compactMap { try TranscriptFile(path: $0).end?.status }
        #expect(ends.sorted { $0.rawValue < $1.rawValue } == [.answered, .cancelled])
    }
}
