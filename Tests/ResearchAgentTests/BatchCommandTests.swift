import AgentCore
import AgentTesting
import Evaluation
import Foundation
import Testing

/// `batch` and `eval` as users run them, against a fake OpenAI server on 127.0.0.1.
struct BatchCommandTests {
    /// A task file of `count` questions whose accepted answer is Paris.
    func taskFile(_ count: Int, in folder: String) throws -> String {
        let path = folder + "/tasks.jsonl"
        let lines = (1...count).map { #"{"id":"q\#($0)","question":"Capital of France, take \#($0)?","answers":["Paris"]}"# }
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func environment(_ server: FakeOpenAIServer) -> [String: String] {
        ["OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": server.baseURL, "OPENAI_MODEL": "gpt-5.6-luna"]
    }

    let runFlags = ["--no-web", "--no-memory"]

    func lines(_ path: String) -> [JSONValue] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { (try? JSONValue.parse(String($0))) ?? .null }
    }

    @Test func aBadTaskFileIsOneLineAndRunsNothing() async throws {
        let home = freshHome()
        let path = home + "/tasks.jsonl"
        try #"{"id":"a","question":"q"}"#.appending("\n{\"id\":\"a\",\"question\":\"r\"}").write(
            toFile: path, atomically: true, encoding: .utf8)
        let result = try await runAgent(["batch", path, "--home", home, "--out", home + "/out"] + runFlags)
        #expect(result.status == 2)
        #expect(
            result.stderr == "research-agent: \(path):2: field 'id': 'a' is used again (first on line 1); ids must be unique\n",
            "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: home + "/out"))

        // A tool no setup has, too many epochs, and no ids: refused before anything runs.
        try #"{"id":"a","question":"q","tools":["web_search","nope"]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            ([], "\(path): task 'a': field 'tools': no tool is named 'nope' (the tools: "),
            (["--epochs", "1001"], "--epochs must be from 1 to 1000 (got 1001)"),
            (["--ids", " , "], "--ids needs at least one task id"),
            (["--force"], "--force goes on with a batch started with other settings; it needs --resume DIR"),
            (["-j", "-2"], "--concurrency must be at least 1 (got -2)"),
        ]
        for (flags, message) in cases {
            // A provider is configured (nothing listens there): the checks come before any call.
            let refused = try await runAgent(
                ["batch", path, "--home", home, "--out", home + "/out"] + flags + runFlags,
                environment: ["OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "OPENAI_MODEL": "m"])
            #expect(refused.status == 2 && refused.stderr.contains(message), "\(flags): \(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: home + "/out"))
        }
    }

    /// Four at once against a server that answers out of order: every task ends once, each
    /// line is whole, eval scores them, and a task's transcript replays byte for byte.
    @Test func runsConcurrentlyAndEvalScores() async throws {
        let stalls = [300, 0, 150, 0, 50, 0, 200, 0]
        let server = try FakeOpenAIServer(
            script: stalls.map { .stallBeforeFirstByte(milliseconds: $0, then: .text("Paris [1]? No: Paris.")) })
        let home = freshHome()
        let out = home + "/out"
        let result = try await runAgent(
            ["batch", try taskFile(8, in: home), "-j", "4", "--home", home, "--out", out] + runFlags, environment: environment(server))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("batch: 8 of 8 runs done (8 this time): 8 answered"), "\(result.stdout)")
        #expect(result.stdout.contains("8 answered · $0.0001 spent"), "\(result.stdout)")
        let results = lines(out + "/results.jsonl")
        #expect(results.count == 8 && Set(results.compactMap { $0["id"]?.stringValue }).count == 8)
        #expect(results.allSatisfy { $0["status"]?.stringValue == "answered" && $0["transcript_sha256"]?.stringValue?.count == 64 })

        let report = try await runAgent(["eval", out, "--format", "json", "--home", home])
        #expect(report.status == 0, "\(report.stderr)")
        let json = try JSONValue.parse(report.stdout)
        #expect(json["runs"]?.arrayValue?.first?["scores"]?["contains"]?["mean"]?.doubleValue == 1)
        #expect(json["runs"]?.arrayValue?.first?["scores"]?["exact"]?["mean"]?.doubleValue == 0)
        #expect(lines(out + "/scores.jsonl").count == 8)

        // A line that is no result (garbage, a negative cost) is named on stderr, not counted in silence.
        let written = try String(contentsOfFile: out + "/results.jsonl", encoding: .utf8)
        let first = String(try #require(written.split(separator: "\n").first))
        let negative = first.replacingOccurrences(of: #""cost_usd":"#, with: #""cost_usd":-1e308,"x":"#)
        try (written + "not json\n" + negative + "\n").write(toFile: out + "/results.jsonl", atomically: true, encoding: .utf8)
        let edited = try await runAgent(["eval", out, "--format", "json", "--home", home])
        #expect(edited.status == 0)
        #expect(edited.stderr.contains("results.jsonl: skipped 2 line(s) that hold no result (line 9, 10)"), "\(edited.stderr)")
        #expect(try JSONValue.parse(edited.stdout)["runs"]?.arrayValue?.first?["runs"]?.intValue == 8, "\(edited.stdout)")

        let transcript = out + "/" + (results.first?["transcript"]?.stringValue ?? "")
        let verify = try await runAgent(["replay", transcript, "--verify", "--home", home])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    /// kill -9 while tasks run, then --resume: no finished task runs twice, none is lost,
    /// and the cut-off transcripts are kept aside.
    @Test func aKilledBatchResumes() async throws {
        let home = freshHome()
        let out = home + "/out"
        let tasks = try taskFile(6, in: home)
        // Two answer at once; the rest hang until the batch is killed.
        let first = try FakeOpenAIServer(
            script: [.text("Paris."), .text("Paris.")]
                + (1...4).map { _ in .stallBeforeFirstByte(milliseconds: 60_000, then: .text("late")) })
        defer { first.stop() }
        let killed = try await runAgent(
            ["batch", tasks, "-j", "2", "--home", home, "--out", out] + runFlags, environment: environment(first),
            interruptWhen: {
                // Two finished, and the next two started (their transcripts exist).
                (try? String(contentsOfFile: out + "/results.jsonl", encoding: .utf8))?.split(separator: "\n").count == 2
                    && (try? FileManager.default.contentsOfDirectory(atPath: out + "/transcripts"))?.filter { $0.hasSuffix(".jsonl") }.count
                        == 4
            },
            signal: SIGKILL)
        #expect(killed.status == SIGKILL, "\(killed.status) \(killed.stderr)")
        // Into a file, each finished task's line was written as it ended, not kept for the exit that never came.
        #expect(killed.stdout.split(separator: "\n").filter { $0.contains(" answered · ") }.count == 2, "\(killed.stdout)")
        let before = lines(out + "/results.jsonl").compactMap { $0["id"]?.stringValue }
        #expect(before.count == 2)

        // While another process holds the directory (here this one), a resume is refused and runs nothing.
        let held = open(out + "/batch.lock", O_WRONLY)
        #expect(held >= 0 && flock(held, LOCK_EX | LOCK_NB) == 0)
        let refused = try await runAgent(["batch", "--resume", out, "--home", home] + runFlags, environment: environment(first))
        #expect(refused.status == 2 && refused.stderr.contains("\(out) is being run by another batch process"), "\(refused.stderr)")
        close(held)
        #expect(lines(out + "/results.jsonl").compactMap { $0["id"]?.stringValue } == before)

        let second = try FakeOpenAIServer(script: (1...4).map { _ in .text("Paris.") })
        let resumed = try await runAgent(["batch", "--resume", out, "--home", home] + runFlags, environment: environment(second))
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(second.remainingReplies == 0, "exactly the four unfinished tasks ran")
        let after = lines(out + "/results.jsonl").compactMap { $0["id"]?.stringValue }
        #expect(after.count == 6 && Set(after).count == 6, "\(after)")
        #expect(Array(after.prefix(2)) == before)
        let aside = (try? FileManager.default.contentsOfDirectory(atPath: out + "/transcripts/aside")) ?? []
        #expect(aside.count == 2, "the two runs cut off by the kill: \(aside)")
    }

    @Test func ctrlCRecordsTheRunningAsCancelledAndResumeFinishes() async throws {
        let home = freshHome()
        let out = home + "/out"
        let tasks = try taskFile(4, in: home)
        let server = try FakeOpenAIServer(script: (1...4).map { _ in .stallBeforeFirstByte(milliseconds: 60_000, then: .text("late")) })
        defer { server.stop() }
        let result = try await runAgent(
            ["batch", tasks, "-j", "2", "--home", home, "--out", out] + runFlags, environment: environment(server),
            interruptWhen: { server.requests.filter { $0.method == "POST" }.count == 2 })
        #expect(result.status == 4, "\(result.stderr)")
        let recorded = lines(out + "/results.jsonl")
        #expect(recorded.count == 2 && recorded.allSatisfy { $0["status"]?.stringValue == "cancelled" }, "\(recorded)")
        #expect(result.stdout.contains("4 not finished; run them: research-agent batch --resume \(out)"), "\(result.stdout)")
        let again = try FakeOpenAIServer(script: (1...4).map { _ in .text("Paris.") })
        let resumed = try await runAgent(["batch", "--resume", out, "--home", home] + runFlags, environment: environment(again))
        #expect(resumed.status == 0 && again.remainingReplies == 0, "\(resumed.stderr)")
        #expect(!resumed.stdout.contains("not finished"))
    }

    @Test func aResumeWithOtherSettingsIsRefusedUnlessForced() async throws {
        let home = freshHome()
        let out = home + "/out"
        let server = try FakeOpenAIServer(script: [.text("Paris.")])
        _ = try await runAgent(
            ["batch", try taskFile(1, in: home), "--home", home, "--out", out] + runFlags, environment: environment(server))
        let refused = try await runAgent(
            ["batch", "--resume", out, "--home", home, "--max-steps", "3"] + runFlags, environment: environment(server))
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("was started with other settings: budget.max_steps: 12 → 3"), "\(refused.stderr)")
        #expect(refused.stderr.contains("; add --max-steps 12, or --force to go on anyway"), "\(refused.stderr)")
        // Flags left out name what to add back: the batch ran without memory and web.
        let bare = try await runAgent(["batch", "--resume", out, "--home", home], environment: environment(server))
        #expect(bare.status == 2 && bare.stderr.contains("; add --no-web --no-memory, or --force"), "\(bare.stderr)")
        let forced = try await runAgent(
            ["batch", "--resume", out, "--home", home, "--max-steps", "3", "--force"] + runFlags, environment: environment(server))
        #expect(forced.status == 0, "\(forced.stderr)")
    }

    /// Two shards run as two workers would, then eval reads both as one batch.
    @Test func shardsMergeInEval() async throws {
        let home = freshHome()
        let tasks = try taskFile(5, in: home)
        for index in 0..<2 {
            let server = try FakeOpenAIServer(script: (1...3).map { _ in .text("Paris.") })
            var env = environment(server)
            env["JOB_COMPLETION_INDEX"] = "\(index)"
            let shard = try await runAgent(
                ["batch", tasks, "--shard", "2", "--home", home, "--out", home + "/s\(index)"] + runFlags, environment: env)
            #expect(shard.status == 0, "\(shard.stderr)")
        }
        #expect(lines(home + "/s0/results.jsonl").count == 3 && lines(home + "/s1/results.jsonl").count == 2)
        let report = try await runAgent(["eval", home + "/s0", home + "/s1", "--format", "json", "--home", home])
        let json = try JSONValue.parse(report.stdout)
        #expect(json["runs"]?.arrayValue?.first?["runs"]?.intValue == 5, "\(report.stdout)")
    }

    /// A batch that got worse than its baseline fails --fail-if-worse, naming the scorer.
    @Test func compareFailsWhenWorse() async throws {
        let home = freshHome()
        let tasks = try taskFile(12, in: home)
        let good = try FakeOpenAIServer(script: (1...12).map { _ in .text("Paris.") })
        _ = try await runAgent(["batch", tasks, "--home", home, "--out", home + "/good"] + runFlags, environment: environment(good))
        let bad = try FakeOpenAIServer(script: (1...12).map { _ in .text("Lyon.") })
        _ = try await runAgent(["batch", tasks, "--home", home, "--out", home + "/bad"] + runFlags, environment: environment(bad))
        let result = try await runAgent(["eval", home + "/bad", "--compare", home + "/good", "--fail-if-worse", "--home", home])
        #expect(result.status == 1)
        #expect(result.stderr.contains("worse than \(home)/good on exact: 12 runs worse, 0 better"), "\(result.stderr)")
        #expect(result.stdout.contains("exact worse: q1, q10, q11, q12, q2"), "\(result.stdout)")
        let fine = try await runAgent(["eval", home + "/good", "--compare", home + "/bad", "--fail-if-worse", "--home", home])
        #expect(fine.status == 0, "\(fine.stderr)")

        // Batches with no task in common cannot be compared, and do not pass --fail-if-worse.
        let otherTasks = home + "/other.jsonl"
        try #"{"id":"elsewhere","question":"Capital of France?","answers":["Paris"]}"#.write(
            toFile: otherTasks, atomically: true, encoding: .utf8)
        let other = try FakeOpenAIServer(script: [.text("Paris.")])
        var unpriced = environment(other)
        unpriced["OPENAI_MODEL"] = "m"
        let ran = try await runAgent(["batch", otherTasks, "--home", home, "--out", home + "/other"] + runFlags, environment: unpriced)
        // A model without a price: the batch does not claim it cost $0.
        #expect(ran.stdout.contains("1 answered · cost unknown (no price for the model)"), "\(ran.stdout)")
        let apart = try await runAgent(["eval", home + "/good", "--compare", home + "/other", "--fail-if-worse", "--home", home])
        #expect(apart.status == 2 && apart.stderr.contains("no run there has the task id and epoch of a run here"), "\(apart.stderr)")
    }

    /// The judge grades each answer once, in a transcript of its own that replays; a second
    /// eval keeps the grades and asks nothing.
    @Test func theJudgeGradesOnceAndReplays() async throws {
        let home = freshHome()
        let out = home + "/out"
        let batch = try FakeOpenAIServer(script: [.text("It is Paris."), .text("Lyon, I think.")])
        _ = try await runAgent(
            ["batch", try taskFile(2, in: home), "--home", home, "--out", out] + runFlags, environment: environment(batch))
        let judge = try FakeOpenAIServer(script: [
            .text("CORRECT: the answer names Paris."), .text("INCORRECT: Lyon is not the capital."),
        ])
        let flags = ["eval", out, "--scorer", "judge,contains", "--judge-provider", "openai", "--format", "json", "--home", home]
        let first = try await runAgent(flags, environment: environment(judge))
        #expect(first.status == 0, "\(first.stderr) \(first.stdout)")
        let json = try JSONValue.parse(first.stdout)
        #expect(json["runs"]?.arrayValue?.first?["scores"]?["judge"]?["mean"]?.doubleValue == 0.5, "\(first.stdout)")
        let grades = lines(out + "/scores.jsonl")
        #expect(grades.compactMap { $0["judge_reason"]?.stringValue }.sorted() == ["Lyon is not the capital.", "the answer names Paris."])
        let posts = judge.requests.filter { $0.method == "POST" }
        #expect(posts.count == 2)
        #expect(String(decoding: posts[0].body, as: UTF8.self).contains("Accepted answers: \\\"Paris\\\""))
        // Grading is shown as it goes: what grades, then each answer.
        #expect(first.stderr.contains("eval: \(out): grading 2 answers with openai/"), "\(first.stderr)")
        #expect(
            first.stderr.contains("eval: 1 of 2: q1 (epoch 1) correct") && first.stderr.contains("eval: 2 of 2: q2 (epoch 1) incorrect"))

        let again = try await runAgent(flags, environment: environment(judge))
        #expect(again.status == 0 && judge.requests.filter { $0.method == "POST" }.count == 2, "graded once")
        #expect(!again.stderr.contains("grading"), "\(again.stderr)")

        // Stopped after its first grade: that grade is kept, and the next eval asks only for the other.
        try FileManager.default.removeItem(atPath: out + "/scores.jsonl")
        let slow = try FakeOpenAIServer(script: [
            .text("CORRECT: Paris."), .stallBeforeFirstByte(milliseconds: 60_000, then: .text("INCORRECT: Lyon.")),
        ])
        defer { slow.stop() }
        let stopped = try await runAgent(
            flags, environment: environment(slow),
            interruptWhen: { (try? String(contentsOfFile: out + "/scores.jsonl", encoding: .utf8))?.contains("judge_reason") == true })
        #expect(stopped.status != 0)
        let rest = try FakeOpenAIServer(script: [.text("INCORRECT: Lyon is not the capital.")])
        let finished = try await runAgent(flags, environment: environment(rest))
        #expect(finished.status == 0 && finished.stderr.contains("grading 1 answers"), "\(finished.stderr)")
        #expect(rest.remainingReplies == 0 && lines(out + "/scores.jsonl").count == 2)
        let transcript = out + "/" + (grades.first?["judge_transcript"]?.stringValue ?? "")
        let verify = try await runAgent(["replay", transcript, "--verify", "--home", home])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    /// The HTML report, opened in headless Chromium as a reader would: the structure it
    /// parsed (charts, tables, nothing fetched or run) and the text it prints.
    @Test func theHTMLReportShowsScoresChartsAndReplayCommands() async throws {
        let chromium = "/usr/bin/chromium"
        try #require(FileManager.default.isExecutableFile(atPath: chromium), "install Debian's chromium (scripts/install-packages.sh)")
        let home = freshHome()
        let tasks = try taskFile(6, in: home)
        let good = try FakeOpenAIServer(script: (1...6).map { _ in .text("Paris.") })
        _ = try await runAgent(["batch", tasks, "--home", home, "--out", home + "/good"] + runFlags, environment: environment(good))
        let bad = try FakeOpenAIServer(script: (1...6).map { i in .text(i <= 2 ? "Paris." : "Lyon.") })
        _ = try await runAgent(["batch", tasks, "--home", home, "--out", home + "/bad"] + runFlags, environment: environment(bad))
        let page = home + "/report.html"
        let eval = try await runAgent([
            "eval", home + "/bad", "--compare", home + "/good", "--format", "html", "--out", page, "--home", home,
        ])
        #expect(eval.status == 0, "\(eval.stderr)")
        // A folder is no place for the report: the system's reason, not Foundation's error code.
        let intoFolder = try await runAgent(["eval", home + "/bad", "--out", home, "--home", home])
        #expect(
            intoFolder.status == 1 && intoFolder.stderr == "research-agent: cannot write \(home): is a directory\n", "\(intoFolder.stderr)")
        let source = try String(contentsOfFile: page, encoding: .utf8)
        #expect(!source.contains("<script") && !source.contains("src=") && !source.contains("href="), "self-contained")

        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=" + home + "/chromium"]
        let dom = try await runAgent(flags + ["--dump-dom", "file://" + page], program: chromium)
        #expect(dom.status == 0, "\(dom.stderr)")
        #expect(dom.stdout.components(separatedBy: "<svg").count - 1 == 3, "scores, cost and latency charts")
        #expect(dom.stdout.components(separatedBy: "<circle").count - 1 == 2, "one point per batch")
        #expect(dom.stdout.contains("research-agent replay \(home)/bad/transcripts/q1-"))

        let pdf = home + "/report.pdf"
        let printed = try await runAgent(flags + ["--no-pdf-header-footer", "--print-to-pdf=" + pdf, "file://" + page], program: chromium)
        #expect(printed.status == 0, "\(printed.stderr)")
        let text = try await runAgent(["-layout", pdf, "-"], program: "/usr/bin/pdftotext")
        for shown in ["Scores with 95% intervals", "Compared task by task (6 runs in both)", "33.3%", "100.0%", "Runs of bad", "Lyon."] {
            #expect(text.stdout.contains(shown), "\(shown) is not on the printed page")
        }
    }

    /// A task that ended in error is final for --resume and runs again with --retry-errors.
    @Test func retryErrorsRunsOnlyTheFailedTasks() async throws {
        let home = freshHome()
        let out = home + "/out"
        let first = try FakeOpenAIServer(script: [.text("Paris."), .status(400), .text("Paris.")])
        let batch = try await runAgent(
            ["batch", try taskFile(3, in: home), "--home", home, "--out", out] + runFlags, environment: environment(first))
        #expect(batch.status == 1, "\(batch.stderr)")
        #expect(batch.stdout.contains("2 answered, 1 error"), "\(batch.stdout)")
        let resumed = try await runAgent(["batch", "--resume", out, "--home", home] + runFlags, environment: environment(first))
        #expect(resumed.status == 1 && resumed.stderr.contains("0 of 3 runs to do"), "\(resumed.stderr)")
        let second = try FakeOpenAIServer(script: [.text("Paris.")])
        let retried = try await runAgent(["batch", "--retry-errors", out, "--home", home] + runFlags, environment: environment(second))
        #expect(retried.status == 0 && second.remainingReplies == 0, "\(retried.stderr)")
        #expect(retried.stdout.contains("3 of 3 runs done (1 this time): 3 answered"), "\(retried.stdout)")
    }

    /// Each task's docs go into a collection only its own search_docs reads.
    @Test func eachTaskSearchesOnlyItsOwnDocuments() async throws {
        let home = freshHome()
        try FileManager.default.createDirectory(atPath: home + "/a", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: home + "/b", withIntermediateDirectories: true)
        try "# Harbour\nThe harbour master is Ada Quill.\n".write(toFile: home + "/a/notes.md", atomically: true, encoding: .utf8)
        try "# Harbour\nThe harbour master is Bo Reed.\n".write(toFile: home + "/b/notes.md", atomically: true, encoding: .utf8)
        let tasks = home + "/tasks.jsonl"
        try """
        {"id":"a","question":"Who is the harbour master?","answers":["Ada Quill"],"docs":["a"]}
        {"id":"b","question":"Who is the harbour master?","answers":["Bo Reed"],"docs":["b"]}
        """.write(toFile: tasks, atomically: true, encoding: .utf8)
        let search = ScriptedToolCall(id: "call_1", name: "search_docs", arguments: #"{"query":"harbour master"}"#)
        let server = try FakeOpenAIServer(script: [
            .toolCalls([search]), .text("Ada Quill [1]."), .toolCalls([search]), .text("Bo Reed [1]."),
        ])
        let out = home + "/out"
        let result = try await runAgent(
            ["batch", tasks, "--home", home, "--out", out, "--embedder", "none"] + runFlags, environment: environment(server))
        #expect(result.status == 0, "\(result.stderr)")
        for (id, own, other) in [("a", "Ada Quill", "Bo Reed"), ("b", "Bo Reed", "Ada Quill")] {
            let line = try #require(lines(out + "/results.jsonl").first { $0["id"]?.stringValue == id })
            let transcript = try String(contentsOfFile: out + "/" + (line["transcript"]?.stringValue ?? ""), encoding: .utf8)
            let found = transcript.split(separator: "\n").first { $0.contains(#""type":"tool.result""#) }.map(String.init) ?? ""
            #expect(found.contains(own) && !found.contains(other), "task \(id) read: \(found.prefix(300))")
        }
    }

    @Test func jsonPrintsOneLinePerEvent() async throws {
        let home = freshHome()
        let server = try FakeOpenAIServer(script: [.text("Paris."), .text("Paris.")])
        let result = try await runAgent(
            ["batch", try taskFile(2, in: home), "--json", "--home", home, "--out", home + "/out"] + runFlags,
            environment: environment(server))
        #expect(result.status == 0, "\(result.stderr)")
        let events = try result.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
        #expect(events.map { $0["event"]?.stringValue ?? "" } == ["task.start", "task.end", "task.start", "task.end"])
        #expect(events[1]["id"]?.stringValue == "q1" && events[1]["status"]?.stringValue == "answered" && events[1]["answer"] != nil)
    }
}
