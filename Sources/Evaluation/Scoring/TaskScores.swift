import AgentCore
import Foundation

/// One line of scores.jsonl: the scores of one task's run, by scorer.
public struct TaskScores: Sendable, Equatable {
    /// Which run.
    public var key: TaskKey
    /// Scores from 0 to 1; a scorer without accepted answers to compare with is absent.
    public var scores: [Scorer: Double]
    /// The judge's reason, when it graded the answer.
    public var judgeReason: String?
    /// The judging run's transcript, relative to the batch directory.
    public var judgeTranscript: String?
    /// The SHA-256 of the answer the judge graded, so a changed answer is graded again.
    public var judgedAnswerSHA256: String?

    /// Scores.
    public init(
        key: TaskKey, scores: [Scorer: Double], judgeReason: String? = nil, judgeTranscript: String? = nil,
        judgedAnswerSHA256: String? = nil
    ) {
        self.key = key
        self.scores = scores
        self.judgeReason = judgeReason
        self.judgeTranscript = judgeTranscript
        self.judgedAnswerSHA256 = judgedAnswerSHA256
    }

    /// The scores of `result` for `task` by the model-free `scorers`.
    public static func local(_ result: TaskResult, task: EvalTask?, scorers: [Scorer]) -> TaskScores {
        var scores: [Scorer: Double] = [:]
        for scorer in scorers {
            if let score = scorer.score(answer: result.answer, sources: result.sources.count, accepted: task?.answers ?? []) {
                scores[scorer] = score
            }
        }
        return TaskScores(key: result.key, scores: scores)
    }

    /// The line as JSON.
    public var json: JSONValue {
        var fields: [(String, JSONValue)] = [("id", .string(key.id)), ("epoch", .int(key.epoch))]
        fields.append(("scores", .object(JSONObject(pairs: scores.keys.sorted().map { ($0.rawValue, .number(scores[$0] ?? 0)) }))))
        if let judgeReason { fields.append(("judge_reason", .string(judgeReason))) }
        if let judgeTranscript { fields.append(("judge_transcript", .string(judgeTranscript))) }
        if let judgedAnswerSHA256 { fields.append(("judged_answer_sha256", .string(judgedAnswerSHA256))) }
        return .object(JSONObject(pairs: fields))
    }

    /// The scores a scores.jsonl line holds, or nil when it is not one.
    public init?(json value: JSONValue) {
        guard let id = value["id"]?.stringValue, let epoch = value["epoch"]?.intValue, let object = value["scores"]?.objectValue else {
            return nil
        }
        var scores: [Scorer: Double] = [:]
        for (name, score) in object {
            if let scorer = Scorer(rawValue: name), let number = score.doubleValue { scores[scorer] = number }
        }
        self.init(
            key: TaskKey(id: id, epoch: epoch), scores: scores, judgeReason: value["judge_reason"]?.stringValue,
            judgeTranscript: value["judge_transcript"]?.stringValue, judgedAnswerSHA256: value["judged_answer_sha256"]?.stringValue)
    }

    /// Writes `all` to `path` whole (through a temporary file and a rename).
    public static func write(_ all: [TaskScores], to path: String) throws(BatchError) {
        var bytes: [UInt8] = []
        for scores in all {
            scores.json.writeCanonical(to: &bytes)
            bytes.append(UInt8(ascii: "\n"))
        }
        let staged = path + ".tmp"
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: staged))
            guard rename(staged, path) == 0 else { throw BatchError("cannot write \(path)") }
        } catch let error as BatchError {
            throw error
        } catch {
            throw BatchError("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// The scores in `path`, by run; none when it is missing.
    public static func read(_ path: String) -> [TaskKey: TaskScores] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        var all: [TaskKey: TaskScores] = [:]
        for line in data.split(separator: UInt8(ascii: "\n")) {
            if let scores = (try? JSONValue.parse(Data(line))).flatMap(TaskScores.init(json:)) { all[scores.key] = scores }
        }
        return all
    }
}
