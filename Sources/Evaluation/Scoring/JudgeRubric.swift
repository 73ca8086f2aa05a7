/// What the `judge` scorer asks a model, and how it reads the grade: the rubric and the
/// answers go in the task of a one-step run with no tools, so the grading is a transcript
/// like any run, which `replay --verify` checks.
public enum JudgeRubric {
    /// The task text for grading `answer` to `question` against `accepted`.
    public static func task(question: String, accepted: [String], answer: String) -> String {
        """
        Grade an answer to a question against the accepted answers. Do not research: judge only from what is below.

        Rubric: CORRECT when the answer states one of the accepted answers, or something that means the same \
        (another spelling, a fuller or shorter form of the same name, the same number in other words), and nothing \
        that contradicts it. INCORRECT when it gives another answer, hedges between several, says it does not know, \
        or contradicts the accepted answer anywhere. Extra correct detail and citations such as [1] do not matter.

        Question: \(question)
        Accepted answers: \(accepted.map { "\"\($0)\"" }.joined(separator: "; "))
        Answer to grade: \(answer.isEmpty ? "(no answer)" : answer)

        Reply with one line: CORRECT or INCORRECT, a colon, and the reason in one sentence.
        """
    }

    /// The grade in a judge's reply: 1 for CORRECT, 0 for INCORRECT (whichever word comes
    /// first), nil when it has neither; and the reason that follows it.
    public static func grade(_ reply: String) -> (score: Double, reason: String)? {
        let upper = reply.uppercased()
        let incorrect = upper.range(of: "INCORRECT"), correct = upper.range(of: "CORRECT")
        guard let found = correct ?? incorrect else { return nil }
        // "INCORRECT" contains "CORRECT": an INCORRECT that starts before the first CORRECT
        // (its own letters included) comes first.
        let isIncorrect = incorrect.map { $0.lowerBound <= found.lowerBound } ?? false
        let end = isIncorrect ? (incorrect ?? found).upperBound : found.upperBound
        var reason = String(reply[end...]).trimmingCharacters(in: .whitespacesAndNewlines)
        while let first = reason.first, ":.-–—".contains(first) { reason = String(reason.dropFirst()).trimmingCharacters(in: .whitespaces) }
        return (isIncorrect ? 0 : 1, reason)
    }
}
