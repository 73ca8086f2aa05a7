/// A way to score an answer against the accepted ones, from 0 to 1.
public enum Scorer: String, Sendable, CaseIterable, Comparable {
    /// 1 when the normalised answer equals a normalised accepted answer.
    case exact
    /// Token F1 against the best accepted answer.
    case f1
    /// 1 when a normalised accepted answer appears, as a run of whole words, in the
    /// normalised answer.
    case contains
    /// 1 when the answer cites at least one source.
    case cited
    /// A model's grade against the accepted answers, with a rubric.
    case judge

    /// The scorers that need no model, in report order.
    public static let local: [Scorer] = [.exact, .f1, .contains, .cited]

    /// Report order.
    public static func < (a: Scorer, b: Scorer) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }

    /// The score of `answer` (which cites `sources` sources) against `accepted`; nil when
    /// the scorer needs accepted answers and there are none, and for `judge`, which a
    /// model gives.
    public func score(answer: String, sources: Int, accepted: [String]) -> Double? {
        switch self {
        case .cited: return sources > 0 && Self.citesSomething(answer) ? 1 : 0
        case .judge: return nil
        default: break
        }
        guard !accepted.isEmpty else { return nil }
        let tokens = AnswerText.tokens(answer)
        switch self {
        case .exact:
            return accepted.contains { AnswerText.tokens($0) == tokens } ? 1 : 0
        case .f1:
            return accepted.map { Self.f1(tokens, AnswerText.tokens($0)) }.max() ?? 0
        case .contains:
            return accepted.contains { Self.contains(tokens, AnswerText.tokens($0)) } ? 1 : 0
        case .cited, .judge:
            return nil
        }
    }

    /// Token F1 of a predicted answer against a reference.
    static func f1(_ predicted: [String], _ reference: [String]) -> Double {
        if predicted.isEmpty || reference.isEmpty { return predicted == reference ? 1 : 0 }
        var counts: [String: Int] = [:]
        for token in reference { counts[token, default: 0] += 1 }
        var common = 0
        for token in predicted where (counts[token] ?? 0) > 0 {
            counts[token, default: 0] -= 1
            common += 1
        }
        guard common > 0 else { return 0 }
        let precision = Double(common) / Double(predicted.count)
        let recall = Double(common) / Double(reference.count)
        return 2 * precision * recall / (precision + recall)
    }

    /// Whether `needle` occurs in `haystack` as a contiguous run of tokens.
    static func contains(_ haystack: [String], _ needle: [String]) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in Array(haystack[start..<(start + needle.count)]) == needle }
    }

    /// Whether `answer` holds a citation such as [1].
    static func citesSomething(_ answer: String) -> Bool {
        var digits = 0
        var open = false
        for character in answer {
            if character == "[" {
                open = true
                digits = 0
            } else if open && character.isASCII && character.isNumber {
                digits += 1
            } else {
                if open && character == "]" && digits > 0 { return true }
                open = false
            }
        }
        return false
    }
}
