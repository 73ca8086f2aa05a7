import AgentTesting
import Foundation
import GRDB
import Retrieval
import Testing

/// `docs add | sync | search | list | remove | stats` as a user runs them (no embedder:
/// the test home has no local install, so search is BM25 and says so).
@Suite struct DocsCommandTests {
    /// A folder of good documents and every kind of bad input, with its path.
    func messyFolder() throws -> String {
        let root = TestDirectory.path("docs")
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/notes/deeper", withIntermediateDirectories: true)
        try "# Install\n\n## Linux\n\nUse apt to install the zebrafish package.\n".write(
            toFile: root + "/notes/install.md", atomically: true, encoding: .utf8)
        try "Plain notes about the quokka census.\n".write(toFile: root + "/notes/deeper/census.txt", atomically: true, encoding: .utf8)
        try "func gather() -> Int {\n    return 42 // the axolotl constant\n}\n".write(
            toFile: root + "/notes/code.swift", atomically: true, encoding: .utf8)
        _ = fm.createFile(atPath: root + "/notes/latin1.txt", contents: Data([0x63, 0x61, 0x66, 0xE9, 0x0A]))
        _ = fm.createFile(atPath: root + "/notes/empty.md", contents: Data())
        _ = fm.createFile(atPath: root + "/notes/nul.txt", contents: Data([0x61, 0x00, 0x62]))
        _ = fm.createFile(atPath: root + "/notes/photo.png", contents: Data([0x89, 0x50, 0x4E, 0x47]))
        _ = fm.createFile(atPath: root + "/notes/fake.pdf", contents: Data("not a pdf at all".utf8))
        try fm.createSymbolicLink(atPath: root + "/notes/deeper/loop", withDestinationPath: root + "/notes")
        // A 2 GB file, sparse: it takes no disk and must never be read.
        let huge = root + "/notes/huge.txt"
        _ = fm.createFile(atPath: huge, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: huge))
        try handle.truncate(atOffset: 2_000_000_000)
        try handle.close()
        return root
    }

    @Test func addSkipsBadInputWithOneLineEachAndIndexesTheRest() async throws {
        let root = try messyFolder(), home = freshHome()
        let add = try await runAgent(["docs", "add", root + "/notes", "--home", home])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout.contains("3 added, 0 updated, 0 unchanged"), "\(add.stdout)")
        for expected in [
            "latin1.txt: skipped: not valid UTF-8", "empty.md: skipped: empty file", "nul.txt: skipped: binary file",
            "photo.png: skipped: binary file", "huge.txt: skipped: 2000.0 MB is over the", "loop: symlink loop", "fake.pdf: ",
        ] {
            #expect(
                add.stderr.components(separatedBy: "\n").contains { $0.hasPrefix("docs: ") && $0.contains(expected) },
                "missing '\(expected)' in:\n\(add.stderr)")
        }
        #expect(add.stderr.contains("no embedder configured"))
        #expect(!add.stderr.contains("Fatal") && !add.stderr.contains("backtrace"))

        let search = try await runAgent(["docs", "search", "linux install zebrafish", "--home", home])
        #expect(search.status == 0)
        #expect(
            search.stdout.hasPrefix("1. \(root)/notes/install.md:3-5") || search.stdout.hasPrefix("1. \(root)/notes/install.md:"),
            "\(search.stdout)")
        #expect(search.stdout.contains("Install > Linux"))

        let json = try await runAgent(["docs", "search", "axolotl", "--json", "-k", "2", "--home", home])
        let first = try #require(json.stdout.split(separator: "\n").first)
        let passage = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(passage["path"] as? String == root + "/notes/code.swift")
        #expect(Set(passage.keys) == ["path", "start_line", "end_line", "heading_path", "score", "text"])
        #expect((passage["text"] as? String)?.contains("axolotl") == true)

        let list = try await runAgent(["docs", "list", "--home", home])
        #expect(list.stdout.split(separator: "\n").count == 3)
        let stats = try await runAgent(["docs", "stats", "--home", home])
        #expect(stats.stdout.contains("documents   3") && stats.stdout.contains("BM25 alone"))
    }

    @Test func changedFilesAreReindexedAndVanishedOnesRemovedBySync() async throws {
        let root = try messyFolder(), home = freshHome()
        _ = try await runAgent(["docs", "add", root + "/notes", "--home", home])
        let again = try await runAgent(["docs", "add", root + "/notes", "--home", home])
        #expect(again.stdout.contains("0 added, 0 updated, 3 unchanged"), "\(again.stdout)")
        try "Plain notes about the wombat census.\n".write(toFile: root + "/notes/deeper/census.txt", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: root + "/notes/code.swift")
        let sync = try await runAgent(["docs", "sync", "--home", home])
        #expect(sync.stdout.contains("0 added, 1 updated, 1 unchanged, 1 removed"), "\(sync.stdout)\(sync.stderr)")
        #expect(try await runAgent(["docs", "search", "wombat", "--home", home]).stdout.contains("census.txt:1"))
        #expect(try await runAgent(["docs", "search", "quokka", "--home", home]).stdout.contains("no passage matches"))
        // A file or folder named to sync that is gone as a whole takes its documents along.
        try FileManager.default.removeItem(atPath: root + "/notes/deeper")
        let gone = try await runAgent(["docs", "sync", root + "/notes/deeper", "--home", home])
        #expect(gone.stdout.contains("0 added, 0 updated, 0 unchanged, 1 removed"), "\(gone.stdout)\(gone.stderr)")
        #expect(try await runAgent(["docs", "search", "wombat", "--home", home]).stdout.contains("no passage matches"))
        let removed = try await runAgent(["docs", "remove", root + "/notes/install.md", "--home", home])
        #expect(removed.status == 0 && removed.stdout.contains("removed"))
        let missing = try await runAgent(["docs", "remove", "999", "--home", home])
        #expect(missing.status == 1 && missing.stderr.contains("not in the index: 999"))
    }

    @Test func aBareSyncWalksWhatWasNamedAndNothingBeside() async throws {
        let root = TestDirectory.path("roots")
        try FileManager.default.createDirectory(atPath: root + "/notes", withIntermediateDirectories: true)
        try "The wombat census.\n".write(toFile: root + "/alone.md", atomically: true, encoding: .utf8)
        try "A neighbour nobody added.\n".write(toFile: root + "/beside.md", atomically: true, encoding: .utf8)
        try "Quokka notes.\n".write(toFile: root + "/notes/a.md", atomically: true, encoding: .utf8)
        let home = freshHome()
        #expect(try await runAgent(["docs", "add", root + "/alone.md", root + "/notes", "--home", home]).status == 0)
        // A new file in the folder added is found; the file beside the one added alone is not.
        try "Numbat notes.\n".write(toFile: root + "/notes/b.md", atomically: true, encoding: .utf8)
        let sync = try await runAgent(["docs", "sync", "--home", home])
        #expect(sync.stdout.contains("1 added, 0 updated, 2 unchanged, 0 removed"), "\(sync.stdout)\(sync.stderr)")
        let list = try await runAgent(["docs", "list", "--home", home]).stdout
        #expect(list.contains("b.md") && !list.contains("beside.md"), "\(list)")
        // A file inside an added folder can be removed, with word that a sync brings it back.
        let one = try await runAgent(["docs", "remove", root + "/notes/b.md", "--home", home])
        #expect(one.status == 0 && one.stderr.contains("is inside ") && one.stderr.contains(".research-agent-ignore"), "\(one.stderr)")
        #expect(try await runAgent(["docs", "sync", "--home", home]).stdout.contains("1 added, 0 updated, 2 unchanged"))
        // Removing the folder takes its documents and stops syncing it.
        let removed = try await runAgent(["docs", "remove", root + "/notes", "--home", home])
        #expect(removed.status == 0 && removed.stdout.split(separator: "\n").count == 3, "\(removed.stdout)\(removed.stderr)")
        #expect(
            removed.stdout.split(separator: "\n").last?.hasPrefix("stopped syncing ") == true && removed.stdout.hasSuffix("/notes\n"),
            "\(removed.stdout)")
        let again = try await runAgent(["docs", "sync", "--home", home])
        #expect(again.stdout.contains("0 added, 0 updated, 1 unchanged, 0 removed"), "\(again.stdout)\(again.stderr)")
    }

    @Test func badArgumentsAreOneLineUsageErrors() async throws {
        let home = freshHome()
        for (args, text) in [
            (
                ["docs", "search", "x", "--mode", "fuzzy"],
                "The value 'fuzzy' is invalid for '--mode <mode>'. Please provide one of 'bm25', 'vector' or 'hybrid'."
            ),
            (["docs", "search", "x", "-k", "0"], "-k must be between 1 and 100"),
            (["docs", "search", "x", "-k", "-1"], "-k must be between 1 and 100 (got -1)"),
            (["docs", "add"], "Missing expected argument '<path> ...'"),
            (
                ["docs", "add", "x", "--embedder", "bert"],
                "The value 'bert' is invalid for '--embedder <embedder>'. Please provide one of 'local', 'openai' or 'none'."
            ),
            (["docs", "sync"], "nothing is indexed yet"),
            // Empty, as an unset shell variable gives: it would name the current folder.
            (["docs", "remove", ""], "an empty document id or path names nothing"),
            (
                ["docs", "add", "/nonexistent-notes"],
                "/nonexistent-notes: no such file or folder; check the path (see 'research-agent docs add --help')"
            ),
        ] {
            let r = try await runAgent(args + ["--home", home])
            #expect(r.status == 2, "\(args): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains(text), "\(args): \(r.stderr)")
        }
        let local = try await runAgent(["docs", "add", "/tmp", "--embedder", "local", "--home", home])
        #expect(local.status == 2 && local.stderr.contains("research-agent setup --models embed"))
    }

    @Test func aKilledIngestionLeavesAConsistentIndexThatARerunCompletes() async throws {
        let root = TestDirectory.path("many")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let count = 4000
        for i in 0..<count {
            try "# Note \(i)\n\nParagraph one of note \(i).\n\nParagraph two mentions item\(i).\n".write(
                toFile: "\(root)/n\(i).md", atomically: false, encoding: .utf8)
        }
        let home = freshHome()
        let wal = home + "/memory/agent.sqlite-wal"
        let killed = try await runAgent(
            ["docs", "add", root, "--home", home],
            interruptWhen: {
                ((try? FileManager.default.attributesOfItem(atPath: wal))?[.size] as? Int ?? 0) > 200_000
            }, signal: SIGKILL)
        #expect(killed.status == SIGKILL || killed.status == 0)
        let database = try AgentDatabase(path: home + "/memory/agent.sqlite")
        let (documents, bad) = try await database.pool.write { db in
            let documents = try Int.fetchOne(db, sql: "SELECT count(*) FROM documents") ?? 0
            // Every document has exactly its chunks (ord 0...n-1, none missing).
            let bad =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM documents d WHERE (SELECT count(*) FROM chunks c WHERE c.document_id = d.id) = 0
                        OR (SELECT max(ord) + 1 FROM chunks c WHERE c.document_id = d.id) != (SELECT count(*) FROM chunks c WHERE c.document_id = d.id)
                        """) ?? -1
            try db.execute(sql: "INSERT INTO chunks_fts (chunks_fts) VALUES ('integrity-check')")
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            return (documents, bad)
        }
        #expect(bad == 0)
        #expect(documents < count, "the kill came after the run finished; the test proved nothing")
        let rerun = try await runAgent(["docs", "add", root, "--home", home])
        #expect(rerun.stdout.contains("\(count - documents) added, 0 updated, \(documents) unchanged"), "\(rerun.stdout)")
    }
}

/// `investigate --docs PATH`: the path is indexed first, the model is offered search_docs,
/// and the answer's [n] maps to the file and lines the passage came from.
@Suite(.serialized) struct InvestigateWithDocsTests {
    @Test func citationsPointAtFileLines() async throws {
        let folder = TestDirectory.path("notes")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "# Garden\n\n## Tomatoes\n\nTomato plants want six hours of direct sun.\n".write(
            toFile: folder + "/garden.md", atomically: true, encoding: .utf8)
        let server = try FakeOpenAIServer(script: [
            .toolCalls([ScriptedToolCall(id: "c1", name: "search_docs", arguments: #"{"query":"tomato sun"}"#)], text: "Search my notes."),
            .text("Tomatoes need six hours of sun [1]."),
        ])
        let home = freshHome()
        let env = ["OPENAI_BASE_URL": server.baseURL, "OPENAI_API_KEY": "k", "OPENAI_MODEL": "fake-model"]
        let result = try await runAgent(
            ["investigate", "How much sun do tomatoes need?", "--docs", folder, "--home", home], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("docs: 1 added"))
        #expect(result.stdout.contains("[1] Garden — \(folder)/garden.md:3-5"), "\(result.stdout)")
        // The first request offered search_docs; the observation is delimited data.
        let offered = server.requests[0].bodyString()
        #expect(offered.contains("\"search_docs\""))
        let observation = server.requests[1].bodyString()
        #expect(observation.contains("garden.md:3-5") && observation.contains("<<<"))
    }

    @Test func searchDocsIsNotOfferedWithNoDocuments() async throws {
        let server = try FakeOpenAIServer(script: [.text("No documents needed.")])
        let env = ["OPENAI_BASE_URL": server.baseURL, "OPENAI_API_KEY": "k", "OPENAI_MODEL": "fake-model"]
        let result = try await runAgent(["investigate", "Hello?", "--home", freshHome()], environment: env)
        #expect(result.status == 0)
        #expect(!server.requests[0].bodyString().contains("search_docs"))
    }
}
