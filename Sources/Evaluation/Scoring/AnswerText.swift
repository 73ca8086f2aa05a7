/// The usual answer normalisation of reading-comprehension evaluation (SQuAD's): lower
/// case, punctuation removed, the articles a, an and the removed, whitespace collapsed.
public enum AnswerText {
    /// The normalised tokens of `text`.
    public static func tokens(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if character.isWhitespace || character == "-" || character == "/" {
                if !current.isEmpty { words.append(current) }
                current = ""
            }
            // Other punctuation is dropped inside a word ("don't" is "dont", "3.5" is "35"),
            // as SQuAD's normalisation does.
        }
        if !current.isEmpty { words.append(current) }
        return words.filter { !articles.contains($0) }
    }

    /// The normalised text of `text`: its tokens joined by single spaces.
    public static func normalised(_ text: String) -> String { tokens(text).joined(separator: " ") }

    private static let articles: Set<String> = ["a", "an", "the"]
}
