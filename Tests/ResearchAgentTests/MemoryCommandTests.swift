import AgentCore
import AgentTesting
import Foundation
import GRDB
import Testing
import Transcript

/// Long-term memory as a user meets it: runs that save and recall, the memory commands,
/// concurrent runs on one home, and damaged databases (BM25: test homes have no embedder).
@Suite struct MemoryCommandTests {
    func env(_ server: FakeOpenAIServer) -> [String: String] {
        ["OPENAI_BASE_URL": server.baseURL, "OPENAI_API_KEY": "k", "OPENAI_MODEL": "fake-model"]
    }

    func transcripts(in home: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: home + "/transcripts")
            .filter { $0.hasSuffix(".jsonl") && $0 != "memory-ops.jsonl" }.map { home + "/transcripts/" + $0 }
    }

    func events(_ path: String, _ type: String) throws -> [Event] { try TranscriptFile(path: path).events.filter { $0.type == type } }

    /// Run 1 reads a page, notes and remembers what it found; run 2, on a related question,
    /// answers from memory alone: no tool call, and it cites the page run 1 read.
    @Test func aSecondRunUsesWhatTheFirstFound() async throws {
        let site = try FakeWebSite([
            "/wal": .html("<h1>Write-Ahead Logging</h1><p>WAL mode was added in SQLite 3.7.0, released on 2010-07-21.</p>")
        ])
        defer { site.stop() }
        let home = freshHome()
        let page = site.baseURL + "/wal"
        let first = try FakeOpenAIServer(script: [
            .toolCalls([ScriptedToolCall(id: "c1", name: "fetch_url", arguments: #"{"url":"\#(page)"}"#)]),
            .toolCalls([
                ScriptedToolCall(id: "c2", name: "scratchpad", arguments: #"{"op":"write","key":"wal","value":"added in 3.7.0 [1]"}"#),
                ScriptedToolCall(
                    id: "c3", name: "remember",
                    arguments: #"{"text":"SQLite added WAL mode in version 3.7.0, released 2010-07-21 [1].","kind":"fact"}"#),
            ]),
            .text("WAL mode was added in SQLite 3.7.0 [1]."),
        ])
        let run1 = try await runAgent(
            ["investigate", "When was WAL mode added to SQLite?", "--allow-host", site.hostPort, "--home", home], environment: env(first))
        #expect(run1.status == 0, "\(run1.stdout)\(run1.stderr)")
        #expect(run1.stderr.components(separatedBy: "no embedder is configured").count == 2, "one notice: \(run1.stderr)")
        let file1 = try #require(try transcripts(in: home).first)
        let writes = try events(file1, "memory.write").compactMap { e -> MemoryWriteRecord? in
            if case .memoryWrite(let w) = e.payload { return w } else { return nil }
        }
        #expect(writes.map(\.kind) == ["fact", "answer", "finding"])
        #expect(writes.allSatisfy { $0.sources.map(\.ref) == [page] })
        #expect(writes[0].text == "SQLite added WAL mode in version 3.7.0, released 2010-07-21.")
        let visits = site.requestCount

        let second = try FakeOpenAIServer(script: [.text("SQLite introduced WAL journaling in 3.7.0 [1].")])
        let run2 = try await runAgent(
            ["investigate", "Which SQLite version introduced WAL journaling?", "--allow-host", site.hostPort, "--home", home],
            environment: env(second))
        #expect(run2.status == 0, "\(run2.stdout)\(run2.stderr)")
        let prompt = second.requests[0].bodyString()
        #expect(prompt.contains("Memories from earlier runs"))
        #expect(prompt.contains("released 2010-07-21"))
        #expect(prompt.contains("source: \(page)"))
        #expect(prompt.contains("saved \(Date().formatted(.iso8601.year().month().day()))"))
        #expect(site.requestCount == visits, "run 2 fetched nothing")
        let file2 = try #require(try transcripts(in: home).first { $0 != file1 })
        let reads = try events(file2, "memory.read")
        #expect(reads.count == 1)
        let end = try #require(try TranscriptFile(path: file2).end)
        #expect(end.citations.map(\.source.ref) == [page])

        // Replay answers recall from the transcript: the same requests without the database.
        try FileManager.default.removeItem(atPath: home + "/memory")
        let verify = try await runAgent(["replay", file2, "--verify", "--home", home])
        #expect(verify.status == 0 && verify.stdout.hasPrefix("identical: all 1 requests match"), "\(verify.stdout)\(verify.stderr)")
    }

    /// The recall tool: its items are recorded as memory.read, and replay answers from them.
    @Test func theRecallToolIsRecordedAndReplayed() async throws {
        let home = try await MemoryCommandLineTests().homeWithMemories()
        let server = try FakeOpenAIServer(script: [
            .toolCalls([ScriptedToolCall(id: "r", name: "recall", arguments: #"{"query":"axolotl limbs","k":2}"#)]),
            .text("They regrow whole limbs [1]."),
        ])
        let run = try await runAgent(["investigate", "What can salamanders regrow?", "--home", home], environment: env(server))
        #expect(run.status == 0, "\(run.stderr)")
        let file = try #require(
            try transcripts(in: home).first { (try? TranscriptFile(path: $0).start?.task) == "What can salamanders regrow?" })
        let types = try TranscriptFile(path: file).events.map(\.type)
        let call = try #require(types.firstIndex(of: "tool.call"))
        #expect(Array(types[call...].prefix(3)) == ["tool.call", "memory.read", "tool.result"])
        let read = try #require(
            try events(file, "memory.read").compactMap { e -> MemoryReadRecord? in
                if case .memoryRead(let r) = e.payload, r.step > 0 { return r } else { return nil }
            }.first)
        #expect(read.step == 1 && read.query == "axolotl limbs" && read.items.first?.text == "Axolotls regrow whole limbs.")
        #expect(server.requests[1].bodyString().contains("Axolotls regrow whole limbs."))
        try FileManager.default.removeItem(atPath: home + "/memory")
        let verify = try await runAgent(["replay", file, "--verify", "--home", home])
        #expect(verify.status == 0 && verify.stdout.hasPrefix("identical: all 2 requests match"), "\(verify.stdout)\(verify.stderr)")
    }

    @Test func noMemoryRecallsAndSavesNothing() async throws {
        let home = freshHome()
        let first = try FakeOpenAIServer(script: [.text("Quokkas live on Rottnest Island.")])
        _ = try await runAgent(["investigate", "Where do quokkas live?", "--home", home], environment: env(first))
        let second = try FakeOpenAIServer(script: [.text("On Rottnest Island.")])
        let run = try await runAgent(["investigate", "Where do quokkas live?", "--no-memory", "--home", home], environment: env(second))
        #expect(run.status == 0, "\(run.stderr)")
        let body = try JSONValue.parse(second.requests[0].bodyString())
        #expect(!(body.canonicalText.contains("Memories from earlier runs")))
        let tools = body["tools"]?.arrayValue?.compactMap { $0["function"]?["name"]?.stringValue } ?? []
        #expect(!tools.contains("remember") && !tools.contains("recall") && tools.contains("scratchpad"))
        let list = try await runAgent(["memory", "list", "--home", home])
        #expect(list.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("mem_") }.count == 1, "\(list.stdout)")
    }

    /// Four runs side by side on one new home, each saving six memories: none is lost.
    @Test func concurrentRunsLoseNoWrites() async throws {
        let home = freshHome()
        let servers = try (0..<4).map { p in
            try FakeOpenAIServer(script: [
                .toolCalls(
                    (0..<5).map { i in
                        ScriptedToolCall(
                            id: "c\(i)", name: "remember", arguments: #"{"text":"process \#(p) fact \#(i) about zebra \#(p * 10 + i)"}"#)
                    }),
                .text("Done \(p)."),
            ])
        }
        let results = try await withThrowingTaskGroup(of: CommandResult.self) { group in
            for (p, server) in servers.enumerated() {
                group.addTask { try await runAgent(["investigate", "Collect facts \(p)", "--home", home], environment: env(server)) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for r in results { #expect(r.status == 0, "\(r.stderr)") }
        let db = try DatabaseQueue(path: home + "/memory/agent.sqlite")
        let counts = try await db.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM memories") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM nodes WHERE kind = 'run'") ?? 0
            )
        }
        #expect(counts.0 == 24 && counts.1 == 4)
    }
}

/// memory search | list | forget | stats | rebuild, and damaged databases.
@Suite struct MemoryCommandLineTests {
    /// A home where one run saved a fact, its answer and a finding.
    func homeWithMemories() async throws -> String {
        let home = freshHome()
        let server = try FakeOpenAIServer(script: [
            .toolCalls([
                ScriptedToolCall(id: "a", name: "remember", arguments: #"{"text":"Axolotls regrow whole limbs.","kind":"fact"}"#),
                ScriptedToolCall(
                    id: "b", name: "scratchpad", arguments: #"{"op":"write","key":"habitat","value":"lakes near Mexico City"}"#),
            ]),
            .text("Axolotls live in lakes near Mexico City."),
        ])
        let run = try await runAgent(
            ["investigate", "Where do axolotls live?", "--home", home],
            environment: ["OPENAI_BASE_URL": server.baseURL, "OPENAI_MODEL": "m"])
        #expect(run.status == 0, "\(run.stderr)")
        return home
    }

    func ids(_ output: String) -> [String] {
        output.split(separator: "\n").filter { $0.hasPrefix("mem_") }.map { String($0.split(separator: " ")[0]) }
    }

    @Test func searchListForgetStatsAndRebuild() async throws {
        let home = try await homeWithMemories()
        let search = try await runAgent(["memory", "search", "axolotl limbs", "--home", home])
        #expect(search.status == 0)
        #expect(search.stdout.split(separator: "\n").first?.contains("fact") == true, "\(search.stdout)")
        #expect(search.stdout.contains("    Axolotls regrow whole limbs."))
        #expect(search.stderr.contains("recall uses BM25 alone"))

        let list = try await runAgent(["memory", "list", "--home", home])
        #expect(ids(list.stdout).count == 3)
        let stats = try await runAgent(["memory", "stats", "--home", home])
        #expect(stats.stdout.hasPrefix("memories   3\n  answer         1\n  fact           1\n  finding        1\n"), "\(stats.stdout)")
        #expect(stats.stdout.contains("  run            1"))

        let fact = try #require(ids(search.stdout).first)
        // Every id starts with mem_: as a prefix it names no one memory, and says so.
        let ambiguous = try await runAgent(["memory", "forget", "mem_", "--home", home])
        #expect(ambiguous.status == 1 && ambiguous.stderr.contains("'mem_' starts more than one memory id (mem_"), "\(ambiguous.stderr)")
        let forget = try await runAgent(["memory", "forget", String(fact.prefix(10)), "--home", home])
        #expect(forget.status == 0 && forget.stdout.hasPrefix("forgot \(fact): Axolotls regrow"), "\(forget.stderr)")
        let ops = try String(contentsOfFile: home + "/transcripts/memory-ops.jsonl", encoding: .utf8)
        #expect(ops.contains(#""id":"\#(fact)""#) && ops.contains(#""type":"memory.forget""#))
        #expect(ids(try await runAgent(["memory", "list", "--home", home]).stdout).count == 2)
        let missing = try await runAgent(["memory", "forget", "mem_nonexistent", "--home", home])
        #expect(
            missing.status == 1 && missing.stderr == "research-agent: no memory with id 'mem_nonexistent'; see research-agent memory list\n"
        )

        let before = try await runAgent(["memory", "stats", "--home", home]).stdout
        let rebuild = try await runAgent(["memory", "rebuild", "--home", home])
        #expect(rebuild.status == 0 && rebuild.stdout.contains("2 memories"), "\(rebuild.stdout)\(rebuild.stderr)")
        #expect(try await runAgent(["memory", "stats", "--home", home]).stdout == before)
    }

    @Test func aCorruptDatabaseSaysRebuildAndRebuildRecovers() async throws {
        let home = try await homeWithMemories()
        let path = home + "/memory/agent.sqlite"
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try Data(repeating: 0x42, count: 16_384).write(to: URL(fileURLWithPath: path))
        let list = try await runAgent(["memory", "list", "--home", home])
        #expect(list.status == 1)
        #expect(
            list.stderr.split(separator: "\n").count == 1 && list.stderr.contains("run `research-agent memory rebuild`"), "\(list.stderr)")
        let rebuild = try await runAgent(["memory", "rebuild", "--home", home])
        #expect(rebuild.status == 0, "\(rebuild.stderr)")
        #expect(rebuild.stderr.contains("is now \(path).corrupt"))
        #expect(ids(try await runAgent(["memory", "list", "--home", home]).stdout).count == 3)
    }

    @Test func aNewerDatabaseIsRefused() async throws {
        let home = freshHome()
        _ = try await runAgent(["memory", "stats", "--home", home])
        let db = try DatabaseQueue(path: home + "/memory/agent.sqlite")
        try await db.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-from-the-future')") }
        try db.close()
        let stats = try await runAgent(["memory", "stats", "--home", home])
        #expect(stats.status == 1)
        #expect(
            stats.stderr.hasSuffix("was written by a newer version of research-agent; upgrade research-agent, or use another --home\n"),
            "\(stats.stderr)")
    }
}

/// memory graph in its three formats.
@Suite struct MemoryGraphCommandTests {
    @Test func graphPrintsTextDotAndJSON() async throws {
        let home = try await MemoryCommandLineTests().homeWithMemories()
        let text = try await runAgent(["memory", "graph", "mexico", "--depth", "1", "--home", home])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("entity entity:mexico city  Mexico City\n"), "\(text.stdout)")
        #expect(text.stdout.contains(" -mentions-> entity:mexico city"))

        let json = try await runAgent(["memory", "graph", "entity:mexico city", "--depth", "3", "--format", "json", "--home", home])
        let graph = try JSONValue.parse(json.stdout)
        #expect(graph["root"] == "entity:mexico city")
        let kinds = Set(graph["nodes"]?.arrayValue?.compactMap { $0["kind"]?.stringValue } ?? [])
        #expect(kinds.isSuperset(of: ["entity", "claim", "step", "run"]), "\(kinds)")

        let dot = try await runAgent(["memory", "graph", "mexico", "--format", "dot", "--home", home])
        #expect(dot.stdout.hasPrefix("digraph episodic {") && dot.stdout.contains(#"[label="mentions"]"#))
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/dot") {
            let file = TestDirectory.path("graph", suffix: ".dot")
            try dot.stdout.write(toFile: file, atomically: true, encoding: .utf8)
            let render = Process()
            render.executableURL = URL(fileURLWithPath: "/usr/bin/dot")
            render.arguments = ["-Tsvg", file, "-o", file + ".svg"]
            try render.run()
            render.waitUntilExit()
            #expect(render.terminationStatus == 0)
        }

        let missing = try await runAgent(["memory", "graph", "no such thing anywhere", "--home", home])
        #expect(missing.status == 1 && missing.stderr.hasPrefix("research-agent: no graph node is 'no such thing anywhere'"))
        let badDepth = try await runAgent(["memory", "graph", "x", "--depth", "9", "--home", home])
        #expect(badDepth.status == 2)
    }
}

/// memory rebuild from transcripts alone gives the live tables back, row for row.
@Suite struct MemoryRebuildTests {
    static let tables = [
        "SELECT num, id, kind, text, importance, created_at, last_used_at, event FROM memories ORDER BY id",
        "SELECT memory_id, kind, ref, title, event FROM memory_sources ORDER BY memory_id, ref",
        "SELECT alias, memory_id, event FROM memory_aliases ORDER BY alias",
        "SELECT owner_id, model, dim, hex(vector) FROM embeddings WHERE owner_kind = 'memory' ORDER BY owner_id, model",
        "SELECT id, kind, label, props, created_at, event FROM nodes ORDER BY id",
        "SELECT src, dst, kind, props, created_at, event FROM edges ORDER BY src, kind, dst",
    ]

    /// Every row of the derived tables, as text.
    func rows(_ home: String) async throws -> [[String]] {
        let db = try DatabaseQueue(path: home + "/memory/agent.sqlite")
        defer { try? db.close() }
        return try await db.read { db in
            try Self.tables.map { sql in
                try Row.fetchAll(db, sql: sql).map { row in row.databaseValues.map(\.description).joined(separator: " | ") }
            }
        }
    }

    @Test func aTranscriptWrittenElsewhereIsStillRebuilt() async throws {
        let home = freshHome()
        let elsewhere = freshHome() + "/run.jsonl"
        let server = try FakeOpenAIServer(script: [
            .toolCalls([ScriptedToolCall(id: "r", name: "remember", arguments: #"{"text":"Numbats eat termites."}"#)]),
            .text("Termites."),
        ])
        let run = try await runAgent(
            ["investigate", "What do numbats eat?", "--transcript", elsewhere, "--home", home],
            environment: ["OPENAI_BASE_URL": server.baseURL, "OPENAI_MODEL": "m"])
        #expect(run.status == 0, "\(run.stderr)")
        let live = try await rows(home)
        #expect(try await runAgent(["memory", "rebuild", "--home", home]).status == 0)
        #expect(try await rows(home) == live)
        #expect(live[0].contains { $0.contains("Numbats eat termites.") })

        // The file holds a run now: a second one is refused before anything starts, and the file stays as it was.
        let before = try Data(contentsOf: URL(fileURLWithPath: elsewhere))
        let again = try await runAgent(
            ["investigate", "And ants?", "--transcript", elsewhere, "--home", home],
            environment: ["OPENAI_BASE_URL": server.baseURL, "OPENAI_MODEL": "m"])
        #expect(
            again.status == 2 && again.stderr.contains("--transcript \(elsewhere) already holds a run; name a new file"), "\(again.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: elsewhere)) == before)
    }

    @Test func rebuiltTablesEqualTheLiveOnes() async throws {
        let site = try FakeWebSite(["/a": .html("<p>Alpha page about Rottnest Island.</p>")])
        defer { site.stop() }
        let home = freshHome()
        let env = { (s: FakeOpenAIServer) in ["OPENAI_BASE_URL": s.baseURL, "OPENAI_MODEL": "m"] }
        let one = try FakeOpenAIServer(script: [
            .toolCalls([ScriptedToolCall(id: "f", name: "fetch_url", arguments: #"{"url":"\#(site.baseURL)/a"}"#)]),
            .toolCalls([
                ScriptedToolCall(id: "r1", name: "remember", arguments: #"{"text":"Quokkas live on Rottnest Island [1]."}"#),
                ScriptedToolCall(
                    id: "r2", name: "remember", arguments: #"{"text":"Rottnest Island lies off Perth [1].","kind":"finding"}"#),
            ]),
            .text("On Rottnest Island [1]."),
        ])
        #expect(
            try await runAgent(
                ["investigate", "Where do quokkas live?", "--allow-host", site.hostPort, "--home", home], environment: env(one)
            ).status == 0)
        // The same fact again merges into the first; the answer recalls run one's memories.
        let two = try FakeOpenAIServer(script: [
            .toolCalls([ScriptedToolCall(id: "r", name: "remember", arguments: #"{"text":"Quokkas live on Rottnest Island."}"#)]),
            .text("Quokkas live on Rottnest Island, off Perth."),
        ])
        #expect(
            try await runAgent(["investigate", "Which island has quokkas near Perth?", "--home", home], environment: env(two)).status == 0)
        // A run without memory leaves the tables alone, live and rebuilt.
        let three = try FakeOpenAIServer(script: [.text("Wallabies live on Rottnest Island too.")])
        #expect(
            try await runAgent(["investigate", "What else lives on Rottnest?", "--no-memory", "--home", home], environment: env(three))
                .status == 0)
        let list = try await runAgent(["memory", "list", "--home", home])
        let forgotten = try #require(list.stdout.split(separator: "\n").first { $0.contains(" finding ") }?.split(separator: " ").first)
        #expect(try await runAgent(["memory", "forget", String(forgotten), "--home", home]).status == 0)
        let live = try await rows(home)
        #expect(live[0].count == 3 && live[2].count == 1 && live[4].count > 10, "\(live[0])")

        // A new home holding only the transcripts.
        let copy = freshHome()
        try FileManager.default.copyItem(atPath: home + "/transcripts", toPath: copy + "/transcripts")
        let rebuild = try await runAgent(["memory", "rebuild", "--home", copy])
        #expect(rebuild.status == 0, "\(rebuild.stderr)")
        let rebuilt = try await rows(copy)
        for (i, sql) in Self.tables.enumerated() { #expect(rebuilt[i] == live[i], "\(sql)") }

        // In place too, and a second rebuild changes nothing.
        #expect(try await runAgent(["memory", "rebuild", "--home", home]).status == 0)
        #expect(try await rows(home) == live)
    }
}
