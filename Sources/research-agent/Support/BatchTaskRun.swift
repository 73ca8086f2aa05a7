import AgentCore
import Evaluation
import Foundation
import Retrieval
import Synchronization
import Tools
import Transcript

/// Runs a batch's tasks as `investigate` runs a question, sharing what a batch can share:
/// one model (one local server with its parallel slots), one web search engine, one
/// database and embedder. Each task gets its own transcript, tools and, when it names
/// documents, a collection of its own that only its `search_docs` reads.
struct BatchTaskRun: TaskExecutor {
    /// The batch's run: config, model, secrets, web tools.
    let setup: RunSetup
    /// The batch directory (transcript paths in results are relative to it).
    let directory: String
    /// The home's database and embedder, for tasks' documents; nil when no task has any.
    let database: AgentDatabase?
    let embedder: (any Embedder)?
    /// The home's own documents, offered to tasks that name none (as investigate offers
    /// them); nil when the home has none.
    let homeDocuments: DocumentSearch?
    /// Long-term memory; nil with --no-memory.
    let memory: (any MemoryStore)?
    /// The code settings of a run, by its id; nil keeps run_code from the model.
    let code: @Sendable (String) -> CodeSettings?
    /// Where `--json` events go, besides the transcript.
    let events: (any EventSink)?

    func run(_ item: WorkItem, maxCost: Double?, transcript: String) async -> TaskResult {
        let started = Date()
        let uses = ToolUseCounter()
        let relative = transcript.hasPrefix(directory + "/") ? String(transcript.dropFirst(directory.count + 1)) : transcript
        func failed(_ status: RunStatus, _ message: String) -> TaskResult {
            TaskResult(
                id: item.task.id, epoch: item.epoch, status: status, answer: "", sources: [], steps: 0, inputTokens: 0, outputTokens: 0,
                cachedTokens: 0, costUSD: 0, latencySeconds: Date().timeIntervalSince(started), tools: uses.counts, error: message,
                transcript: relative, transcriptSHA256: Self.sha256(of: transcript))
        }
        let runID = UUID().uuidString.lowercased()
        let codeSettings = code(runID)
        defer { CodeOptions.finish(codeSettings) }
        do {
            var registry = try setup.registry(documents: try await documents(for: item.task), code: codeSettings, memory: memory)
            if let offered = item.task.limits.tools {
                for manifest in registry.enabledManifests where !offered.contains(manifest.name) { registry.disable(manifest.name) }
            }
            var config = setup.config
            config.openingSearch = setup.openingSearch(for: registry)
            if let steps = item.task.limits.maxSteps { config.budget.maxSteps = steps }
            if let seconds = item.task.limits.maxTime { config.budget.maxSeconds = seconds }
            if let cost = maxCost ?? item.task.limits.maxCost { config.budget.maxCostUSD = cost }
            let writer: TranscriptWriter
            do { writer = try TranscriptWriter(path: transcript, secrets: setup.secrets) } catch { return failed(.error, error.message) }
            defer { writer.close() }
            let tools = registry.enabledManifests
            let start = RunStart(
                task: item.task.question, config: config, tools: tools.map(Digest.toolDigest), version: programVersion,
                seed: UInt64.random(in: 0...UInt64.max))
            let investigation = Investigation(
                runID: runID, start: start, tools: tools, model: setup.model, executor: registry,
                sink: EventFanout([writer, uses] + (events.map { [$0] } ?? [])), clock: SystemClock(), memory: memory)
            let end = try await investigation.run()
            writer.close()
            return TaskResult(
                id: item.task.id, epoch: item.epoch, status: end.status, answer: end.answer, sources: end.citations,
                steps: end.totals.steps,
                inputTokens: end.totals.inputTokens, outputTokens: end.totals.outputTokens, cachedTokens: end.totals.cachedTokens,
                costUSD: end.totals.costUSD, latencySeconds: Date().timeIntervalSince(started), tools: uses.counts,
                error: end.status == .answered ? nil : end.reason, transcript: relative, transcriptSHA256: Self.sha256(of: transcript))
        } catch let error as CLIError {
            return failed(.error, error.message)
        } catch {
            return failed(Task.isCancelled ? .cancelled : .error, "\(error)")
        }
    }

    /// The search over the task's own documents, indexed (or brought up to date) first;
    /// the home's documents when it names none.
    private func documents(for task: EvalTask) async throws(CLIError) -> DocumentSearch? {
        guard !task.docs.isEmpty, let database else { return homeDocuments }
        let index = DocumentIndex(database: database, collection: Self.collection(of: task))
        let report: Ingestion.Report
        do {
            report = try await Ingestion(index: index, embedder: embedder).run(
                task.docs, removeVanished: true, now: { Date().timeIntervalSince1970 })
        } catch {
            throw .failure("task \(task.id): indexing its docs failed: \(error.message)")
        }
        if report.added + report.updated + report.unchanged == 0 {
            throw .failure("task \(task.id): none of its docs could be indexed (\(report.problems.first ?? "no readable files"))")
        }
        return DocumentSearch(index: index, embedder: embedder)
    }

    /// The collection a task's documents are indexed into.
    static func collection(of task: EvalTask) -> String { "task:" + task.id }

    /// The transcript's SHA-256, or "" when it cannot be read.
    static func sha256(of path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "" }
        return Digest.sha256(Array(data))
    }
}

/// Counts a run's tool calls by tool, and those that returned an error.
final class ToolUseCounter: EventSink {
    private let state = Mutex((names: [String: String](), counts: [String: TaskResult.ToolUse]()))

    func record(_ event: Event) throws {
        state.withLock { state in
            switch event.payload {
            case .toolCall(let call):
                state.names[call.id] = call.name
                state.counts[call.name, default: .init()].calls += 1
            case .toolResult(let result) where result.isError:
                if let name = state.names[result.id] { state.counts[name, default: .init()].errors += 1 }
            default:
                break
            }
        }
    }

    /// The counts so far.
    var counts: [String: TaskResult.ToolUse] { state.withLock { $0.counts } }
}
