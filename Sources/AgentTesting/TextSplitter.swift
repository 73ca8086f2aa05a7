/// Cuts scripted text into the small pieces a model streams.
enum TextSplitter {
    /// Word-sized deltas with the leading space attached, like real token streams; text of two
    /// or more characters always yields at least two deltas so clients must concatenate.
    static func deltas(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in text {
            if character == " " && !current.isEmpty && current.last != " " {
                pieces.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { pieces.append(current) }
        if pieces.count == 1, text.count >= 2 {
            let middle = text.index(text.startIndex, offsetBy: text.count / 2)
            return [String(text[..<middle]), String(text[middle...])]
        }
        return pieces
    }

    /// Splits raw JSON arguments into about `count` fragments at arbitrary character positions.
    static func fragments(_ json: String, count: Int = 4) -> [String] {
        let characters = Array(json)
        guard !characters.isEmpty else { return [] }
        let size = max(1, (characters.count + count - 1) / count)
        return stride(from: 0, to: characters.count, by: size).map {
            String(characters[$0..<min($0 + size, characters.count)])
        }
    }
}
