/// Names in text found by cheap surface features, so the graph gets entities with no
/// extra model call: acronyms (WAL, HNSW32), words with inner capitals (SQLite, GraphQL),
/// and runs of capitalised words that do not start a sentence (New York, Mona Lisa).
enum EntityExtractor {
    /// At most this many entities per text, in order of first appearance.
    static let limit = 12

    /// The entities of `text`, as written (the graph keys them lowercased).
    static func entities(in text: String) -> [String] {
        var found: [String] = []
        var seen = Set<String>()
        var run: [String] = []
        var sentenceStart = true
        func flush() {
            defer { run.removeAll() }
            guard !run.isEmpty else { return }
            let name = run.joined(separator: " ")
            if seen.insert(name.lowercased()).inserted { found.append(name) }
        }
        for token in tokens(text) {
            if token.isBoundary {
                flush()
                if token.endsSentence { sentenceStart = true }
                continue
            }
            let word = token.text
            if isDistinctive(word) {
                flush()
                if seen.insert(word.lowercased()).inserted { found.append(word) }
            } else if isCapitalised(word) && !commonWords.contains(word.lowercased()) && (!sentenceStart || !run.isEmpty) {
                run.append(word)
            } else {
                flush()
            }
            sentenceStart = false
            if found.count >= limit { break }
        }
        flush()
        return Array(found.prefix(limit))
    }

    private struct Token {
        var text: String
        var isBoundary: Bool
        var endsSentence: Bool
    }

    private static func tokens(_ text: String) -> [Token] {
        var out: [Token] = []
        var current = ""
        for ch in text {
            if ch.isLetter || ch.isNumber || ch == "_" || (ch == "." && !current.isEmpty && current.last?.isNumber == true) {
                current.append(ch)
                continue
            }
            if !current.isEmpty { out.append(Token(text: current, isBoundary: false, endsSentence: false)) }
            current = ""
            if ch == " " { continue }
            out.append(Token(text: String(ch), isBoundary: true, endsSentence: ".!?:\n".contains(ch)))
        }
        if !current.isEmpty { out.append(Token(text: current, isBoundary: false, endsSentence: false)) }
        return out
    }

    /// An acronym of two or more capitals (digits allowed), or a word with a capital
    /// after its first letter.
    private static func isDistinctive(_ word: String) -> Bool {
        let letters = word.filter(\.isLetter)
        guard letters.count >= 2 else { return false }
        if letters.allSatisfy(\.isUppercase) { return true }
        return word.dropFirst().contains(where: \.isUppercase) && word.contains(where: \.isLowercase)
    }

    private static func isCapitalised(_ word: String) -> Bool {
        guard let first = word.first, first.isUppercase, word.count >= 2 else { return false }
        return word.dropFirst().allSatisfy { $0.isLowercase || $0.isNumber }
    }

    /// Capitalised words that name nothing.
    private static let commonWords: Set<String> = [
        "i", "a", "an", "the", "this", "that", "these", "those", "it", "its", "we", "you", "he", "she", "they",
        "in", "on", "at", "of", "for", "to", "and", "or", "but", "if", "when", "what", "which", "who", "how",
        "why", "where", "yes", "no", "not", "answer", "question", "step", "note", "let", "use", "see",
    ]
}
