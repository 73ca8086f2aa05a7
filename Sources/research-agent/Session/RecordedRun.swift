import AgentCore
import Transcript

/// One run of a session as its transcript holds it.
struct RecordedRun {
    /// The run's id.
    var runID: String
    /// Its transcript.
    var path: String
    /// Its run.start.
    var start: RunStart
    /// Its run.end, nil when the run was killed.
    var end: RunEndRecord?
    /// Every source the run numbered (tool results and citations), by number.
    var sources: [NumberedSource]

    /// The session's context for the question after this run, nil for a run outside a
    /// session. A cancelled or killed run joins the chain but not the turns. Everything
    /// comes from the record, so a resumed session continues exactly where it was.
    var followingContext: SessionContext? {
        guard let session = start.session else { return nil }
        let answer = end.flatMap { $0.status == .cancelled ? nil : $0.answer }
        return session.following(
            run: runID, question: start.task, answer: answer, sources: sources, maxTokens: Self.historyTokens(start.config))
    }

    /// The most tokens a session's history may take in a run of `config`: an eighth of
    /// its context window.
    static func historyTokens(_ config: RunConfig) -> Int { config.contextWindowTokens / 8 }
}
