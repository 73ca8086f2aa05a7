import AgentCore
import Evaluation
import Foundation
import Transcript

/// The `judge` scorer: a model grades an answer against the accepted answers with
/// `JudgeRubric`, in a one-step run with no tools whose transcript goes to the batch's
/// judge/ folder, so `replay --verify` checks a grade as it checks any run.
struct AnswerJudge {
    /// The judge's model and run settings (any provider).
    let setup: RunSetup

    /// Grades `result`'s answer to `task`, writing the judging run to `transcript`; nil
    /// score when the judge's reply held no grade.
    func grade(_ result: TaskResult, task: EvalTask, transcript: String) async throws(CLIError) -> (score: Double?, reason: String) {
        var config = setup.config
        config.budget.maxSteps = 1
        var registry = setup.registry
        for manifest in registry.enabledManifests { registry.disable(manifest.name) }
        let writer: TranscriptWriter
        do {
            // A grade of an answer that changed since replaces the old one.
            try? FileManager.default.removeItem(atPath: transcript)
            try FileManager.default.createDirectory(
                atPath: URL(fileURLWithPath: transcript).deletingLastPathComponent().path, withIntermediateDirectories: true)
            writer = try TranscriptWriter(path: transcript, secrets: setup.secrets)
        } catch let error as TranscriptError {
            throw .failure(error.message)
        } catch {
            throw .failure("cannot write \(transcript): \(error.fileReason)")
        }
        defer { writer.close() }
        let text = JudgeRubric.task(question: task.question, accepted: task.answers, answer: result.answer)
        let start = RunStart(task: text, config: config, tools: [], version: programVersion, seed: 0)
        let end: RunEndRecord
        do {
            end = try await Investigation(
                runID: UUID().uuidString.lowercased(), start: start, tools: [], model: setup.model, executor: registry, sink: writer,
                clock: SystemClock(), memory: nil
            ).run()
        } catch {
            throw .failure("judging \(result.id): \(error)")
        }
        if end.status == .error {
            throw .failure("judging \(result.id) failed: \(end.reason ?? "no reason given") (transcript: \(transcript))")
        }
        guard let grade = JudgeRubric.grade(end.answer) else { return (nil, "the judge gave no grade: \(end.answer.prefix(200))") }
        return (grade.score, grade.reason)
    }
}
