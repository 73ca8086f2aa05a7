import AgentCore
import ArgumentParser
import Evaluation
import Foundation
import Logging
import Retrieval
import Tools

/// `research-agent batch TASKS.jsonl`: runs every task of a file unattended, into a batch
/// directory that `eval` scores and `--resume` finishes.
struct Batch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every task of a JSONL task file, resumably, into a batch directory that eval scores.",
        discussion: """
            Each line of the task file is a task: id and question (required), answers (accepted answers: a string or \
            a list), docs (paths indexed into a collection only that task searches), metadata, and max_steps, max_cost, \
            max_time and tools to override the batch's. The whole file is checked before anything runs. Results are \
            appended to <out>/results.jsonl as tasks end; a killed batch loses at most the tasks that were running, \
            and --resume finishes it. Exit status: 0 every task answered, 1 a task failed, 3 a task stopped at its \
            budget or loop guard, 4 cancelled. See docs/BATCH.md.
            """)

    @Argument(help: ArgumentHelp("The task file (JSONL). Optional with --resume or --retry-errors.", valueName: "tasks.jsonl"))
    var taskFile: String?

    @Option(help: ArgumentHelp("The batch directory (default <home>/batches/<batch-id>/).", valueName: "dir"))
    var out: String?

    @Option(
        name: [.customShort("j"), .customLong("concurrency")], parsing: .unconditional,
        help: "Tasks run at once (default 1: the local model on 2 cores does most at 1; raise it for hosted providers).")
    var concurrency = 1

    @Option(parsing: .unconditional, help: "Run only the first N tasks (after --ids).")
    var limit: Int?

    @Option(help: ArgumentHelp("Run only these task ids, comma-separated.", valueName: "a,b"))
    var ids: String?

    @Option(parsing: .unconditional, help: "Run each task this many times, to measure variance (default 1, at most 1000).")
    var epochs = 1

    /// The most epochs: the run list is made whole before the first task starts.
    static let mostEpochs = 1000

    @Option(
        name: .customLong("max-total-cost"), parsing: .unconditional,
        help: "Most US dollars for the whole batch: no task starts that could cross it (needs the model's price; default: no limit).")
    var maxTotalCost: Double?

    @Option(
        help: ArgumentHelp(
            "Run every N-th task from index I (0 ≤ I < N): one shard of a batch split over workers. "
                + "With N alone, I comes from JOB_COMPLETION_INDEX (Kubernetes) or SLURM_ARRAY_TASK_ID (Slurm).",
            valueName: "I/N"))
    var shard: String?

    @Option(
        help: ArgumentHelp(
            "Finish this batch: run only the tasks with no final result yet. Give the run flags it was started with (other settings are refused, naming the flags to add).",
            valueName: "dir"))
    var resume: String?

    @Option(
        name: .customLong("retry-errors"),
        help: ArgumentHelp(
            "Like --resume, and also run again the tasks that ended in error (not those stopped by budget).", valueName: "dir"))
    var retryErrors: String?

    @Flag(help: "With --resume or --retry-errors: go on although the task file or the settings changed.")
    var force = false

    @OptionGroup var run: RunOptions
    @OptionGroup var embedderOptions: EmbedderOptions
    @OptionGroup var web: WebOptions
    @OptionGroup var code: CodeOptions

    @OptionGroup var mcp: MCPOptions

    @Flag(name: .customLong("no-web"), help: "Offer neither web_search nor fetch_url.")
    var noWeb = false

    @Flag(name: .customLong("no-memory"), help: "Recall nothing and remember nothing (clean evaluation runs).")
    var noMemory = false

    @Flag(help: "Print one JSON line per event instead of text: task.start, task.end (with the results.jsonl fields), cost_cap.")
    var json = false

    @OptionGroup var homeOptions: HomeOptions

    func validate() throws {
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1 (got \(concurrency))") }
        if !(1...Self.mostEpochs).contains(epochs) {
            throw ValidationError("--epochs must be from 1 to \(Self.mostEpochs) (got \(epochs))")
        }
        if let ids, ids.split(separator: ",").allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw ValidationError("--ids needs at least one task id, e.g. --ids q1,q2 (got '\(ids)')")
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1 (got \(limit))") }
        if let cost = maxTotalCost, !(cost > 0 && cost.isFinite) {
            throw ValidationError("--max-total-cost must be a positive number of dollars (got \(cost))")
        }
        if resume != nil && retryErrors != nil { throw ValidationError("give --resume or --retry-errors, not both") }
        if force && resume == nil && retryErrors == nil {
            throw ValidationError("--force goes on with a batch started with other settings; it needs --resume DIR or --retry-errors DIR")
        }
        if taskFile == nil && resume == nil && retryErrors == nil {
            throw ValidationError("name the task file, e.g. research-agent batch tasks.jsonl (or --resume DIR)")
        }
        if (resume ?? retryErrors) != nil && out != nil {
            throw ValidationError("--out names a new batch; --resume continues the one it names")
        }
    }

    func run() async throws {
        let home = homeOptions.resolved
        try home.prepare()
        let logger = Logger(label: "research-agent")
        let environment = ProcessInfo.processInfo.environment
        let continuing = resume ?? retryErrors
        let selection = BatchSelection(
            ids: ids.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }, limit: limit,
            shard: try parsedShard(environment: environment), epochs: epochs)
        let directory = BatchDirectory(
            path: Home.absolute(continuing ?? out ?? home.path + "/batches/" + BatchDirectory.newID() + shardSuffix(selection)))

        // A batch to continue must be one before anything else is read.
        let stored: JSONValue? = continuing == nil ? nil : try directory.record()
        // Taken before anything in the directory is read; a new batch takes it once created.
        var lock = continuing == nil ? nil : try BatchLock(directory: directory.path)
        defer { lock?.release() }
        // The task file: the one named, else (resuming) the batch's own copy.
        let taskPath = taskFile.map(Home.absolute) ?? directory.tasks
        guard let taskBytes = FileManager.default.contents(atPath: taskPath) else {
            throw CLIError.usage("\(taskPath): cannot read the task file; check the path")
        }
        let tasks: [EvalTask]
        do {
            tasks = try TaskFile.parse(
                taskBytes, name: taskPath, folder: URL(fileURLWithPath: taskPath).deletingLastPathComponent().path,
                exists: { FileManager.default.fileExists(atPath: $0) })
        } catch {
            throw CLIError.usage(error.message)
        }
        let items: [WorkItem]
        do { items = try selection.items(of: tasks) } catch { throw CLIError.usage(error.message) }

        // One database and embedder for every task's documents, one memory, one model.
        let documents = try DocsSetup.open(home: home, embedderOptions: embedderOptions, logger: logger, environment: environment)
        defer { documents.close() }
        let memory = noMemory ? nil : MemorySetup.store(database: documents.index.database, embedder: documents.embedder)
        let homeHasDocuments = ((try? documents.index.stats().documents) ?? 0) > 0
        let config = try Configuration.load(path: home.configFile)
        var setup = try RunSetup.make(
            home: home, options: run, web: web, offerWeb: !noWeb, memory: memory, environment: environment, logger: logger)
        // No terminal to ask on: servers configured with approve = true are left out.
        await setup.connect(try mcp.servers(config, environment: environment), approval: nil)
        // A tool a task names must be one this setup could offer (the flags may still turn it off).
        let known = BuiltinTools.names.union(setup.mcpTools.map(\.manifest.name))
        for task in tasks {
            if let unknown = task.limits.tools?.first(where: { !known.contains($0) }) {
                throw CLIError.usage(
                    "\(taskPath): task '\(task.id)': field 'tools': no tool is named '\(unknown)' (the tools: \(known.sorted().joined(separator: ", ")))"
                )
            }
        }
        if maxTotalCost != nil || tasks.contains(where: { $0.limits.maxCost != nil }), setup.config.price == nil {
            throw CLIError.usage(
                "a dollar limit (--max-total-cost or a task's max_cost) needs the price of \(setup.config.model): "
                    + "add [prices.\"\(setup.config.model)\"] with input and output to config.toml")
        }
        let settings = Self.settings(
            setup.config, selection: selection, web: !noWeb, memory: !noMemory, code: code.allowCode, search: web.search?.rawValue)
        let record: JSONValue = [
            "version": .string(programVersion), "created": .string(ISO8601DateFormatter().string(from: Date())),
            "tasks_file": .string(taskPath), "tasks_sha256": .string(BatchDirectory.sha256(taskBytes)), "settings": settings,
        ]
        if continuing == nil {
            try directory.create(record: record, taskFile: taskBytes)
            lock = try BatchLock(directory: directory.path)
        } else if !force {
            var changed = BatchDirectory.differences(stored?["settings"], settings)
            if stored?["tasks_sha256"] != record["tasks_sha256"] {
                changed.insert("the task file (its sha256 differs from the batch's)", at: 0)
            }
            if !changed.isEmpty {
                let flags = BatchDirectory.flags(restoring: stored?["settings"], from: settings)
                throw CLIError.usage(
                    "\(directory.path) was started with other settings: \(changed.joined(separator: "; ")); "
                        + (flags.isEmpty ? "give the same flags" : "add \(flags.joined(separator: " "))")
                        + ", or --force to go on anyway")
            }
        }

        let earlier = ResultsFile.read(directory.results)
        let todo = BatchSelection.remaining(items, results: earlier, retryErrors: retryErrors != nil)
        let results: ResultsFile
        do { results = try ResultsFile(path: directory.results) } catch { throw CLIError.failure(error.message) }
        let executor = BatchTaskRun(
            setup: setup, directory: directory.path, database: documents.index.database, embedder: documents.embedder,
            homeDocuments: homeHasDocuments ? documents.search : nil, memory: memory,
            code: { runID in code.settings(config, runID: runID, environment: environment, interactive: false) }, events: nil)
        let runner = BatchRunner(
            concurrency: concurrency, maxTotalCost: maxTotalCost, maxTaskCost: setup.config.budget.maxCostUSD,
            transcripts: directory.transcripts)
        let view = BatchProgressView(total: todo.count, json: json, live: !json && isatty(STDERR_FILENO) == 1)
        if !json { StandardError.line("batch: \(directory.path): \(todo.count) of \(items.count) runs to do, -j \(concurrency)") }

        // Ctrl-C stops starting tasks and cancels the running ones; a second press exits at once.
        let spentBefore = earlier.reduce(0) { $0 + ($1.costUSD ?? 0) }
        let ran: Int
        do {
            ran = try await Interrupts.cancellable {
                try await runner.run(todo, executor: executor, results: results, spentBefore: spentBefore, progress: view.update)
            }
        } catch { throw CLIError.failure("\(error)") }
        view.finish()

        let final = Self.latest(ResultsFile.read(directory.results), of: items)
        if !json {
            print(Self.summary(final, of: items.count, ran: ran))
            print("results: \(directory.results)\nscore it: research-agent eval \(directory.path)")
            let unfinished = items.count - final.filter { $0.status != .cancelled }.count
            if unfinished > 0 {
                print("\(unfinished) not finished; run them: research-agent batch --resume \(directory.path) (with the same flags)")
            }
        }
        let statuses = Set(final.map(\.status))
        if final.count < items.count || statuses.contains(.cancelled) { throw ExitCode(RunStatus.cancelled.exitCode) }
        if statuses.contains(.error) { throw ExitCode(1) }
        if statuses.contains(.budget) || statuses.contains(.loop) { throw ExitCode(3) }
    }

    /// `--shard I/N`, or `--shard N` with I from the job's environment.
    private func parsedShard(environment: [String: String]) throws(CLIError) -> Shard? {
        guard let shard else { return nil }
        if let parsed = Shard(shard) { return parsed }
        if let count = Int(shard), count >= 1 {
            for variable in ["JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID"] {
                if let text = environment[variable], let index = Int(text) {
                    guard index >= 0, index < count else {
                        throw .usage("--shard \(shard): \(variable)=\(text) is not an index from 0 to \(count - 1)")
                    }
                    return Shard(index: index, count: count)
                }
            }
            throw .usage("--shard \(shard): no index given; use --shard I/\(count), or set JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID")
        }
        throw .usage("--shard must be I/N with 0 ≤ I < N, or N with the index in the environment (got \(shard))")
    }

    private func shardSuffix(_ selection: BatchSelection) -> String {
        selection.shard.map { "-shard-\($0.index)-of-\($0.count)" } ?? ""
    }

    /// What batch.json records and a resume compares: everything that changes results.
    static func settings(_ config: RunConfig, selection: BatchSelection, web: Bool, memory: Bool, code: Bool, search: String?) -> JSONValue
    {
        let budget = config.budget
        return [
            "provider": .string(config.provider), "model": .string(config.model), "tool_format": .string(config.toolFormat.rawValue),
            "budget": [
                "max_steps": .int(budget.maxSteps), "max_cost_usd": .optional(budget.maxCostUSD),
                "max_seconds": .optional(budget.maxSeconds),
                "max_input_tokens": budget.maxInputTokens.map(JSONValue.int) ?? .null,
                "max_output_tokens": budget.maxOutputTokens.map(JSONValue.int) ?? .null,
                "max_tool_calls": budget.maxToolCalls.map(JSONValue.int) ?? .null,
            ],
            "web": .bool(web), "memory": .bool(memory), "allow_code": .bool(code), "search": .optional(search),
            "selection": selection.json,
        ]
    }

    /// The last result of each run of `items`, in item order.
    static func latest(_ results: [TaskResult], of items: [WorkItem]) -> [TaskResult] {
        var last: [TaskKey: TaskResult] = [:]
        for result in results { last[result.key] = result }
        return items.compactMap { last[$0.key] }
    }

    /// "12 of 12 runs done: 10 answered, 2 budget · $0.0412 spent".
    static func summary(_ results: [TaskResult], of total: Int, ran: Int) -> String {
        let counts = RunStatus.allCases.compactMap { status -> String? in
            let n = results.filter { $0.status == status }.count
            return n > 0 ? "\(n) \(status.rawValue)" : nil
        }
        let known = results.compactMap(\.costUSD)
        let spent = String(format: "$%.4f", known.reduce(0, +))
        // A run without a price spent an unknown amount: the sum of the others is a floor.
        let cost =
            known.count == results.count
            ? "\(spent) spent"
            : known.isEmpty ? "cost unknown (no price for the model)" : "at least \(spent) spent (some runs have no price)"
        return "batch: \(results.count) of \(total) runs done (\(ran) this time): \(counts.joined(separator: ", ")) · \(cost)"
    }
}
